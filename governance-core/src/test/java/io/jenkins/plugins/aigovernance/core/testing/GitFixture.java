package io.jenkins.plugins.aigovernance.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real git repository for tests, built with JGit: write files, commit as a given person, branch,
 * add notes. Commit times advance one minute per commit from a fixed start so runs are repeatable.
 */
public final class GitFixture implements AutoCloseable {

    /** A person with a verified-looking company address. */
    public static final PersonIdent ALICE = person("Alice Example", "alice@example.com");
    /** Another person. */
    public static final PersonIdent BOB = person("Bob Example", "bob@example.com");

    private final Git git;
    private final Path dir;
    private Instant clock = Instant.parse("2026-11-01T09:00:00Z");

    private GitFixture(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    /** Creates a repository with branch {@code main} in {@code dir}. */
    public static GitFixture init(Path dir) {
        try {
            return new GitFixture(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A person identity (time is set at commit). */
    public static PersonIdent person(String name, String email) {
        return new PersonIdent(name, email, Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);
    }

    public Path dir() {
        return dir;
    }

    public Repository repository() {
        return git.getRepository();
    }

    public Git git() {
        return git;
    }

    /** Writes a text file (creating folders) and stages it. */
    public GitFixture write(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file (creating folders) and stages it. */
    public GitFixture write(String path, byte[] content) {
        try {
            Path f = dir.resolve(path);
            Files.createDirectories(f.getParent());
            Files.write(f, content);
            git.add().addFilepattern(path).call();
            return this;
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a file and stages the removal. */
    public GitFixture delete(String path) {
        try {
            git.rm().addFilepattern(path).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a file executable and stages the mode change. */
    public GitFixture executable(String path) {
        try {
            dir.resolve(path).toFile().setExecutable(true);
            git.add().addFilepattern(path).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits as Alice. */
    public String commit(String message) {
        return commit(ALICE, ALICE, message);
    }

    /** Commits with the given author and committer; returns the commit id. */
    public String commit(PersonIdent author, PersonIdent committer, String message) {
        clock = clock.plusSeconds(60);
        try {
            RevCommit c = git.commit()
                    .setAuthor(new PersonIdent(author.getName(), author.getEmailAddress(), clock, ZoneOffset.UTC))
                    .setCommitter(new PersonIdent(committer.getName(), committer.getEmailAddress(), clock, ZoneOffset.UTC))
                    .setMessage(message)
                    .setAllowEmpty(true)
                    .setSign(false)
                    .call();
            return c.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates and checks out a branch at the current commit. */
    public GitFixture branch(String name) {
        try {
            git.checkout().setCreateBranch(true).setName(name).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a note under {@code notesRef} to a commit. */
    public GitFixture note(String notesRef, String commit, String text) {
        try (var walk = new org.eclipse.jgit.revwalk.RevWalk(repository())) {
            git.notesAdd().setNotesRef(notesRef).setObjectId(walk.parseCommit(repository().resolve(commit))).setMessage(text).call();
            return this;
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }


    @Override
    public void close() {
        git.close();
    }
}
