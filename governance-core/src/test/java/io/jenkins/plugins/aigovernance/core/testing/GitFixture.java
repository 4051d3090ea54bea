package io.jenkins.plugins.aigovernance.core.testing;

import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A real git repository in a test's temporary directory, built with JGit (and the {@code git} CLI
 * where a test needs to prove compatibility with it).
 *
 * <pre>
 * try (GitFixture git = GitFixture.init(tempDir)) {
 *     git.write("src/App.java", "class App {}\n");
 *     RevCommit c = git.commit("Add app\n\nCo-authored-by: Claude &lt;noreply@anthropic.com&gt;", GitFixture.HUMAN);
 *     git.addNote("refs/notes/ai", c, "...");
 *     List&lt;CommitInfo&gt; commits = git.log();
 * }
 * </pre>
 * Commits stage every file of the work tree, are never signed, and use fixed, increasing
 * timestamps so runs are repeatable. The initial branch is {@code main}.
 */
public final class GitFixture implements AutoCloseable {

    /** A default human author. */
    public static final PersonIdent HUMAN = person("Hanna Human", "hanna@example.com");
    /** Another person. */
    public static final PersonIdent ALICE = person("Alice Example", "alice@example.com");
    /** Yet another person. */
    public static final PersonIdent BOB = person("Bob Example", "bob@example.com");

    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private final Path dir;
    private final Git git;
    private int clock;

    private GitFixture(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /** Initializes a repository (branch {@code main}) in {@code dir}. */
    public static GitFixture init(Path dir) {
        try {
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            return new GitFixture(dir, git);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot init repository in " + dir, e);
        }
    }

    /** A person with a fixed time; the fixture re-stamps times when committing. */
    public static PersonIdent person(String name, String email) {
        return new PersonIdent(name, email, EPOCH, ZoneOffset.UTC);
    }

    public Path directory() {
        return dir;
    }

    public Git git() {
        return git;
    }

    public Repository repository() {
        return git.getRepository();
    }

    /** Writes a file (UTF-8), creating folders; returns this fixture. */
    public GitFixture write(String path, String content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file's bytes, creating folders; returns this fixture. */
    public GitFixture write(String path, byte[] content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file from the work tree (the next commit records the deletion). */
    public GitFixture delete(String path) {
        try {
            Files.delete(dir.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a file executable (the next commit records the mode change). */
    public GitFixture executable(String path) {
        if (!dir.resolve(path).toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + path + " executable");
        }
        return this;
    }

    /** Writes {@code n} numbered lines to a file. */
    public GitFixture writeLines(String path, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return write(path, sb.toString());
    }

    /** Commits all changes as {@link #HUMAN} (author and committer). */
    public RevCommit commit(String message) {
        return commit(message, HUMAN, HUMAN);
    }

    /** Commits all changes with this author, who is also the committer. */
    public RevCommit commit(String message, PersonIdent author) {
        return commit(message, author, author);
    }

    /** Commits all changes (empty commits allowed) with this author and committer. */
    public RevCommit commit(String message, PersonIdent author, PersonIdent committer) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            Instant when = EPOCH.plusSeconds(60L * ++clock);
            return git.commit()
                    .setMessage(message)
                    .setAuthor(new PersonIdent(author.getName(), author.getEmailAddress(), when, ZoneOffset.UTC))
                    .setCommitter(new PersonIdent(committer.getName(), committer.getEmailAddress(), when, ZoneOffset.UTC))
                    .setSign(false)
                    .setAllowEmpty(true)
                    .call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("commit failed: " + e.getMessage(), e);
        }
    }

    /** Creates {@code name} at HEAD and checks it out. */
    public GitFixture branch(String name) {
        try {
            git.checkout().setCreateBranch(true).setName(name).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create branch " + name, e);
        }
    }

    /** Checks out an existing branch. */
    public GitFixture checkout(String name) {
        try {
            git.checkout().setName(name).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot check out " + name, e);
        }
    }

    /** Attaches a note to a commit under {@code notesRef} (e.g. {@code refs/notes/ai}), replacing any. */
    public void addNote(String notesRef, ObjectId commit, String text) {
        try (RevWalk walk = new RevWalk(repository())) {
            git.notesAdd().setNotesRef(notesRef).setObjectId(walk.parseCommit(commit)).setMessage(text).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot add note", e);
        }
    }

    /** The commit as the engine sees it. */
    public static CommitInfo info(RevCommit c) {
        return new CommitInfo(c.getName(), c.getAuthorIdent().getName(), c.getAuthorIdent().getEmailAddress(),
                c.getCommitterIdent().getName(), c.getCommitterIdent().getEmailAddress(),
                c.getAuthorIdent().getWhenAsInstant(), c.getFullMessage(), c.getParentCount());
    }

    /** The commits reachable from HEAD, newest first. */
    public List<CommitInfo> log() {
        try {
            List<CommitInfo> out = new ArrayList<>();
            for (RevCommit c : git.log().call()) {
                out.add(info(c));
            }
            return out;
        } catch (GitAPIException e) {
            throw new IllegalStateException("log failed", e);
        }
    }

    /** The commit {@code rev} ({@code HEAD}, a branch, an id) resolves to. */
    public RevCommit resolve(String rev) {
        try (RevWalk walk = new RevWalk(repository())) {
            ObjectId id = repository().resolve(rev);
            if (id == null) {
                throw new IllegalArgumentException("unknown revision " + rev);
            }
            return walk.parseCommit(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the {@code git} CLI in the repository, isolated from the user's and system's
     * configuration, with {@code HUMAN} as default identity; returns stdout.
     *
     * @throws IllegalStateException when git exits non-zero (stderr in the message)
     */
    public String cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=" + HUMAN.getName(), "-c", "user.email=" + HUMAN.getEmailAddress(),
                "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("TZ", TimeZone.getTimeZone("UTC").getID());
        try {
            Path errFile = Files.createTempFile("git-stderr", ".txt");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = read(p.getInputStream());
            int rc = p.waitFor();
            String err = Files.readString(errFile);
            Files.deleteIfExists(errFile);
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc + ": " + err);
            }
            repository().getRefDatabase().refresh();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        git.close();
    }
}
