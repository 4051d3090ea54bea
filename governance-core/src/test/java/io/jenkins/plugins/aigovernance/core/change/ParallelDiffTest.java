package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changed files read on several threads: the same list, in order, as one thread; the first failure in order; no thread left. */
class ParallelDiffTest {

    @TempDir
    Path dir;

    private static final int FILES = 1500;

    private static List<DiffEntry> entries(Repository repo) throws IOException {
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(repo, reader)) {
            RevCommit head = walk.parseCommit(repo.resolve("HEAD"));
            tw.addTree(walk.parseCommit(head.getParent(0)).getTree());
            tw.addTree(head.getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            return DiffEntry.scan(tw);
        }
    }

    private static GitFixture repository(Path dir) {
        GitFixture git = GitFixture.init(dir);
        for (int i = 0; i < FILES; i++) {
            git.write("d" + i % 7 + "/f" + i + ".txt", "a\nb\nc " + i + "\n");
        }
        git.commit("base");
        for (int i = 0; i < FILES; i++) {
            git.write("d" + i % 7 + "/f" + i + ".txt", i % 3 == 0 ? "a\nc " + i + "\n" : "a\nb\nc " + i + "\n" + "d\n".repeat(i % 5));
        }
        git.commit("edit");
        return git;
    }

    private static final LineCounter LINES = LineCounter.shortest();

    private static FileChange read(ObjectReader reader, DiffEntry e) throws IOException {
        LineCounter.Count c = LINES.count(reader, e);
        return FileChange.modified(e.getNewPath(), c.added(), c.deleted());
    }

    private static long diffThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("aigov-diff") && t.isAlive()).count();
    }

    @Test
    void smallChangesUseOneThreadAndLargeOnesUpToFourOrTheCores() {
        assertThat(ParallelDiff.threads(10, 8)).isEqualTo(1);
        assertThat(ParallelDiff.threads(1023, 8)).isEqualTo(1);
        assertThat(ParallelDiff.threads(1024, 8)).isEqualTo(2);
        assertThat(ParallelDiff.threads(20_000, 2)).isEqualTo(2);
        assertThat(ParallelDiff.threads(20_000, 64)).isEqualTo(ParallelDiff.MAX_THREADS);
        assertThat(ParallelDiff.threads(20_000, 1)).isEqualTo(1);
    }

    @Test
    void severalThreadsGiveTheListOneThreadGivesInTheSameOrder() throws IOException {
        try (GitFixture git = repository(dir.resolve("repo"))) {
            List<DiffEntry> entries = entries(git.repository());
            assertThat(entries).hasSize(FILES - FILES / 5 + FILES / 15); // i % 5 == 0 unless i % 3 == 0 is unchanged
            List<FileChange> one = ParallelDiff.read(git.repository(), entries, 1, ParallelDiffTest::read);
            List<FileChange> four = ParallelDiff.read(git.repository(), entries, 4, ParallelDiffTest::read);
            assertThat(four).isEqualTo(one).hasSize(entries.size());
            assertThat(four.stream().map(FileChange::path).toList()).isEqualTo(entries.stream().map(DiffEntry::getNewPath).toList());
            assertThat(diffThreads()).isZero();
        }
    }

    @Test
    void theFirstFailingFileInOrderIsNamedAndNoThreadIsLeft() throws IOException {
        try (GitFixture git = repository(dir.resolve("repo"))) {
            List<DiffEntry> entries = entries(git.repository());
            String first = entries.get(700).getNewPath();
            // entry 1200 fails too, and on several threads it may fail first in time: the error is still entry 700's
            ParallelDiff.FileRead failing = (reader, e) -> {
                if (e.getNewPath().equals(first)) {
                    throw new IOException("corrupt object");
                }
                if (e.getNewPath().equals(entries.get(1200).getNewPath())) {
                    throw new IOException("another corrupt object");
                }
                return read(reader, e);
            };
            for (int threads : new int[] {1, 2, 4}) {
                assertThatThrownBy(() -> ParallelDiff.read(git.repository(), entries, threads, failing))
                        .isInstanceOf(IOException.class).hasMessage(first + ": corrupt object");
                assertThat(diffThreads()).as("threads left after a failure on %d threads", threads).isZero();
            }
            ParallelDiff.FileRead refusing = (reader, e) -> {
                if (e.getNewPath().equals(first)) {
                    throw new InvalidInputException(e.getNewPath(), "is a symbolic link to a folder with too many files");
                }
                return read(reader, e);
            };
            assertThatThrownBy(() -> ParallelDiff.read(git.repository(), entries, 2, refusing))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(first);
            assertThat(diffThreads()).isZero();
        }
    }
}
