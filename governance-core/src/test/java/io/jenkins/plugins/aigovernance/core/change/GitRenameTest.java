package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renames in large changes as {@code git diff -M} finds them (the git CLI is the reference), the note when detection
 * gives up, and the hint for histories too short to hold the base.
 */
class GitRenameTest {

    @TempDir
    Path dir;

    private static String content(int i) {
        StringBuilder b = new StringBuilder();
        for (int line = 0; line < 20; line++) {
            b.append("module ").append(i).append(" line ").append(line).append(" of a file that keeps its content\n");
        }
        return b.toString();
    }

    /** A repository with {@code n} files, then a commit that moves each to a new folder and edits one line of it. */
    private static GitFixture renamedWithEdits(Path dir, int n) throws IOException {
        return renamedWithEdits(dir, n, "m");
    }

    /** As {@link #renamedWithEdits(Path, int)}, the new files named {@code <prefix><i>.txt}. */
    private static GitFixture renamedWithEdits(Path dir, int n, String prefix) throws IOException {
        GitFixture git = GitFixture.init(dir);
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("old/m" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, content(i));
        }
        git.cli("add", "-A");
        git.cli("commit", "-q", "-m", "files");
        for (int i = 0; i < n; i++) {
            Path to = dir.resolve("new/" + prefix + i + ".txt");
            Files.createDirectories(to.getParent());
            Files.delete(dir.resolve("old/m" + i + ".txt"));
            Files.writeString(to, content(i).replace("line 3 of", "line three of"));
        }
        git.cli("add", "-A");
        git.cli("commit", "-q", "-m", "move and edit");
        return git;
    }

    /** {@code git diff -M --name-status}, as "R old new" / "A path" / "D path". */
    private static Set<String> gitCli(GitFixture git) {
        Set<String> out = new TreeSet<>();
        for (String line : git.cli("diff", "-M", "--name-status", "HEAD~1", "HEAD").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(f[0].startsWith("R") ? "R " + f[1] + " " + f[2] : f[0] + " " + f[1]);
        }
        return out;
    }

    private static Set<String> engine(ChangeSet change) {
        Set<String> out = new TreeSet<>();
        for (FileChange f : change.files()) {
            out.add(switch (f.kind()) {
                case RENAME -> "R " + f.oldPath() + " " + f.path();
                case ADD -> "A " + f.path();
                case DELETE -> "D " + f.path();
                case MODIFY -> "M " + f.path();
                case COPY -> "C " + f.oldPath() + " " + f.path();
            });
        }
        return out;
    }

    @Test
    void renamesWithEditsBeyondJgitsLimitAreFoundAsGitFindsThem() throws IOException {
        try (GitFixture git = renamedWithEdits(dir.resolve("repo"), 450)) {
            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            assertThat(engine(change)).isEqualTo(gitCli(git));
            assertThat(change.files()).hasSize(450).allSatisfy(f -> assertThat(f.kind()).isEqualTo(ChangeKind.RENAME));
            assertThat(change.notes()).isEmpty();
        }
    }

    /** git 2.33+ pairs files with the same unique name before it applies the limit. */
    @Test
    void sameNamedFilesArePairedBeforeTheLimitAsGitDoes() throws IOException {
        try (GitFixture git = renamedWithEdits(dir.resolve("repo"), 30)) {
            git.cli("config", "diff.renameLimit", "20");
            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            assertThat(engine(change)).isEqualTo(gitCli(git)).hasSize(30);
            assertThat(change.notes()).isEmpty();
        }
    }

    @Test
    void whenDetectionGivesUpItSaysSoAsGitDoes() throws IOException {
        try (GitFixture git = renamedWithEdits(dir.resolve("repo"), 30, "renamed-")) {
            git.cli("config", "diff.renameLimit", "20");
            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            assertThat(engine(change)).isEqualTo(gitCli(git));
            assertThat(change.files()).hasSize(60);
            assertThat(change.notes()).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(InputNote.Kind.RENAMES_NOT_DETECTED);
                assertThat(n.message()).contains("30 deleted and 30 added").contains("diff.renameLimit 20");
            });
        }
    }

    @Test
    void exactRenamesAreAlwaysFound() throws IOException {
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            git.cli("config", "diff.renameLimit", "1");
            for (int i = 0; i < 5; i++) {
                git.write("a/f" + i + ".txt", content(i));
            }
            git.commit("files");
            for (int i = 0; i < 5; i++) {
                git.delete("a/f" + i + ".txt").write("b/f" + i + ".txt", content(i));
            }
            git.commit("move");
            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            assertThat(engine(change)).isEqualTo(gitCli(git)).allSatisfy(e -> assertThat(e).startsWith("R "));
        }
    }

    @Test
    void aShallowCloneGetsAHint() throws IOException {
        try (GitFixture origin = GitFixture.init(dir.resolve("origin"))) {
            origin.write("a.txt", "1\n").commit("one");
            origin.write("a.txt", "2\n").commit("two");
            origin.write("a.txt", "3\n").commit("three");
            GitFixture parent = GitFixture.init(dir.resolve("unused"));
            parent.cli("clone", "-q", "--depth", "1", origin.directory().toUri().toString(), dir.resolve("shallow").toString());
            parent.close();
            try (var repo = GitChangeReader.open(dir.resolve("shallow"))) {
                assertThatThrownBy(() -> GitChangeReader.read(repo, "HEAD~1", "HEAD"))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("HEAD~1").hasMessageContaining("shallow clone").hasMessageContaining("--deepen");
            }
        }
    }

    @Test
    void aOneCommitRepositoryGetsAHint() {
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            git.write("a.txt", "1\n").commit("only");
            assertThatThrownBy(() -> GitChangeReader.read(git.repository(), "HEAD~1", "HEAD"))
                    .hasMessageContaining("no parent").hasMessageContaining("--base");
        }
    }
}
