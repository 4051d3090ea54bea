package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitChangeReader#readFromFirstParent} (the backtest's fast path) reads every commit of a first-parent walk
 * exactly as {@link GitChangeReader#read} reads it from its first parent, symbolic links included, while walking only
 * the first head tree in full.
 */
class FirstParentLinksTest {

    @TempDir
    Path dir;

    private static void link(GitFixture git, String at, String target) throws Exception {
        Path p = git.directory().resolve(at);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.createSymbolicLink(p, Path.of(target));
    }

    /** A history in which links appear, point elsewhere, turn into folders and back, and a merge brings one in. */
    private GitFixture history() throws Exception {
        GitFixture git = GitFixture.init(dir.resolve("repo"));
        git.write("Jenkinsfile", "buildPlugin()\n").write("ci/pipeline.groovy", "stage('a')\n").write("src/app.py", "print(1)\n")
                .write(".github/workflows/ci.yml", "on: push\n");
        git.commit("init");
        link(git, "build.groovy", "ci/pipeline.groovy");
        git.commit("a link to the pipeline");
        git.write("ci/pipeline.groovy", "stage('b')\n");
        git.commit("the pipeline changes through the link's target only");
        link(git, "build.groovy", "Jenkinsfile");
        git.write("Jenkinsfile", "buildPlugin(tests: true)\n");
        git.commit("the link points elsewhere, and that changes");
        link(git, "automation", ".github/workflows");
        git.commit("a link to a folder");
        git.write(".github/workflows/ci.yml", "on: [push, pull_request]\n");
        git.commit("a file below the linked folder");
        git.cli("checkout", "-q", "-b", "topic");
        link(git, "tools/entry", "../src/app.py");
        git.commit("topic: a link to the app");
        git.write("src/app.py", "print(2)\n");
        git.commit("topic: the app changes");
        git.cli("checkout", "-q", "main");
        git.write("README.md", "hello\n");
        git.commit("main moves on");
        git.cli("merge", "-q", "--no-ff", "-m", "merge topic", "topic");
        git.write("src/app.py", "print(3)\n");
        git.commit("the app changes after the merge");
        git.delete("build.groovy");
        git.write("build.groovy/README", "now a folder\n");
        git.commit("the link becomes a folder");
        git.delete("build.groovy/README");
        link(git, "build.groovy", "ci");
        git.write("ci/pipeline.groovy", "stage('c')\n");
        git.commit("the folder becomes a link to a folder, whose file changes");
        git.delete("automation");
        git.write(".github/workflows/ci.yml", "on: push\n");
        git.commit("a link removed while its target changes");
        return git;
    }

    @Test
    void everyCommitReadsAsTheFullReadFromItsFirstParent() throws Exception {
        try (GitFixture git = history(); RevWalk walk = new RevWalk(git.repository())) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(git.resolve("HEAD")));
            FirstParentLinks links = new FirstParentLinks();
            List<String> seen = new ArrayList<>();
            int withLinks = 0;
            for (RevCommit c : walk) {
                if (c.getParentCount() == 0) {
                    continue;
                }
                ChangeSet fast = GitChangeReader.readFromFirstParent(git.repository(), c, links);
                ChangeSet full = GitChangeReader.read(git.repository(), c.getParent(0).name(), c.name());
                assertThat(fast.files()).as(c.getShortMessage()).isEqualTo(full.files());
                assertThat(fast.commits()).as(c.getShortMessage()).isEqualTo(full.commits());
                assertThat(fast.base()).isEqualTo(full.base());
                assertThat(fast.head()).isEqualTo(full.head());
                withLinks += fast.files().stream().anyMatch(f -> !f.linkTargets().isEmpty()) ? 1 : 0;
                seen.add(c.getShortMessage());
            }
            assertThat(seen).hasSize(11).contains("merge topic");
            assertThat(withLinks).as("commits where a link stands for a changed file").isGreaterThanOrEqualTo(6);
            assertThat(links.treeWalks()).as("head trees walked in full").isEqualTo(1);
        }
    }

    @Test
    void aChangeOfALinksTargetCountsAsTheLinkOnTheFastPath() throws Exception {
        try (GitFixture git = history(); RevWalk walk = new RevWalk(git.repository())) {
            RevCommit head = walk.parseCommit(git.resolve("HEAD~9")); // "the pipeline changes through the link's target only"
            assertThat(head.getShortMessage()).isEqualTo("the pipeline changes through the link's target only");
            ChangeSet c = GitChangeReader.readFromFirstParent(git.repository(), head, new FirstParentLinks());
            assertThat(c.files()).singleElement().satisfies(f -> {
                assertThat(f.path()).isEqualTo("ci/pipeline.groovy");
                assertThat(f.linkTargets()).containsExactly("build.groovy");
            });
        }
    }

    @Test
    void aWalkThatJumpsWalksTheTreeAgain() throws Exception {
        try (GitFixture git = history(); RevWalk walk = new RevWalk(git.repository())) {
            FirstParentLinks links = new FirstParentLinks();
            GitChangeReader.readFromFirstParent(git.repository(), walk.parseCommit(git.resolve("HEAD")), links);
            ChangeSet skipped = GitChangeReader.readFromFirstParent(git.repository(), walk.parseCommit(git.resolve("HEAD~3")), links);
            assertThat(links.treeWalks()).isEqualTo(2);
            assertThat(skipped.files()).isEqualTo(GitChangeReader.read(git.repository(), "HEAD~4", "HEAD~3").files());
        }
    }
}
