package io.jenkins.plugins.aigovernance.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.MyersDiff;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Line counts of changed files as {@code git diff --numstat -M} gives them (the git CLI is the reference): varied edits,
 * random edits over few distinct lines, a 5,000-file change read on several threads, and the counts as a shortest edit
 * script whatever lines are set aside.
 */
class GitLineCountTest {

    @TempDir
    Path dir;

    /** {@code git diff --numstat -M -z HEAD~1 HEAD}: path (the new one for a rename) to "+added -deleted" or "binary". */
    private static Map<String, String> gitNumstat(GitFixture git, String... config) {
        List<String> args = new ArrayList<>();
        for (String c : config) {
            args.add("-c");
            args.add(c);
        }
        args.addAll(List.of("diff", "--numstat", "-M", "-z", "HEAD~1", "HEAD"));
        String[] f = git.cli(args.toArray(String[]::new)).split("\0", -1);
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < f.length && !f[i].isEmpty(); i++) {
            String[] counts = f[i].split("\t", -1);
            String path = counts[2];
            if (path.isEmpty()) { // a rename: old and new path follow
                path = f[i + 2];
                i += 2;
            }
            out.put(path, counts[0].equals("-") ? "binary" : "+" + counts[0] + " -" + counts[1]);
        }
        return out;
    }

    private static Map<String, String> engine(ChangeSet change) {
        Map<String, String> out = new TreeMap<>();
        for (FileChange f : change.files()) {
            out.put(f.path(), f.binary() ? "binary" : "+" + f.linesAdded() + " -" + f.linesDeleted());
        }
        return out;
    }

    private static String lines(String prefix, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(prefix).append(' ').append(i).append('\n');
        }
        return b.toString();
    }

    @Test
    void variedEditsAreCountedAsGitCountsThem() throws IOException {
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            git.write("insert.txt", lines("line", 0, 30));
            git.write("delete.txt", lines("line", 0, 30));
            git.write("moved.txt", lines("top", 0, 10) + lines("middle", 0, 20) + lines("bottom", 0, 5));
            git.write("crlf.txt", lines("line", 0, 10));
            git.write("crlf-edit.txt", lines("line", 0, 10).replace("\n", "\r\n"));
            git.write("no-eol.txt", "one\ntwo\nthree");
            git.write("no-eol-append.txt", "one\ntwo");
            git.write("binary.bin", new byte[] {1, 2, 0, 3, 4, '\n', 5});
            git.write("becomes-binary.txt", lines("text", 0, 5));
            git.write("repeats.c", "{\n}\n\n{\n}\n\n{\n}\n\nint x;\n{\n}\n\n");
            git.write("rewrite.txt", lines("old", 0, 3000));
            git.write("deleted.txt", lines("gone", 0, 7));
            git.write("old/renamed.txt", lines("renamed", 0, 40));
            git.write("script.sh", "echo hi\n");
            git.write("whitespace.txt", "a\nb \nc\n");
            git.commit("base");

            git.write("insert.txt", "first\nsecond\n" + lines("line", 0, 15) + "new a\nnew b\nnew c\n" + lines("line", 15, 30));
            git.write("delete.txt", lines("line", 0, 5) + lines("line", 12, 28));
            git.write("moved.txt", lines("middle", 0, 20) + lines("bottom", 0, 5) + lines("top", 0, 10));
            git.write("crlf.txt", lines("line", 0, 10).replace("\n", "\r\n"));
            git.write("crlf-edit.txt", (lines("line", 0, 4) + "changed\n" + lines("line", 5, 10)).replace("\n", "\r\n"));
            git.write("no-eol.txt", "one\ntwo\nthree\n");
            git.write("no-eol-append.txt", "one\ntwo\nthree");
            git.write("binary.bin", new byte[] {1, 2, 0, 3, 9, '\n', 5});
            git.write("becomes-binary.txt", "text 0\n\0\n");
            git.write("repeats.c", "{\n}\n\nint y;\n{\n}\n\n{\n}\n\n{\n}\n\n");
            git.write("rewrite.txt", lines("new", 0, 3000));
            git.delete("deleted.txt");
            git.delete("old/renamed.txt");
            git.write("new/renamed.txt", lines("renamed", 0, 40).replace("renamed 7\n", "renamed seven\n"));
            git.executable("script.sh");
            git.write("whitespace.txt", "a\nb\nc\n");
            git.write("added-empty.txt", "");
            git.write("added.txt", lines("added", 0, 3));
            git.commit("edits");
            Files.createSymbolicLink(dir.resolve("repo/link"), Path.of("insert.txt"));
            git.cli("add", "link");
            git.cli("commit", "--amend", "-q", "--no-edit");

            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            Map<String, String> expected = gitNumstat(git);
            assertThat(expected).containsEntry("rewrite.txt", "+3000 -3000").containsEntry("binary.bin", "binary")
                    .containsEntry("new/renamed.txt", "+1 -1").containsEntry("script.sh", "+0 -0").containsEntry("link", "+1 -0");
            assertThat(engine(change)).isEqualTo(expected);
        }
    }

    /** Random edits (inserted, deleted, replaced and moved blocks) of files made of a few distinct lines, many repeated. */
    @Test
    void randomEditsAreCountedAsGitCountsThem() throws IOException {
        Random random = new Random(15);
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            List<List<String>> before = new ArrayList<>();
            for (int f = 0; f < 150; f++) {
                List<String> l = new ArrayList<>();
                int n = 1 + random.nextInt(f < 100 ? 60 : 400);
                int alphabet = 2 + random.nextInt(10);
                for (int i = 0; i < n; i++) {
                    l.add("line " + random.nextInt(alphabet));
                }
                before.add(l);
                git.write("f" + f + ".txt", String.join("\n", l) + "\n");
            }
            git.commit("base");
            for (int f = 0; f < before.size(); f++) {
                List<String> l = new ArrayList<>(before.get(f));
                for (int edits = 1 + random.nextInt(6); edits > 0; edits--) {
                    int at = random.nextInt(l.size() + 1);
                    int len = Math.min(l.size() - at, 1 + random.nextInt(8));
                    switch (random.nextInt(4)) {
                        case 0 -> l.add(at, "inserted " + random.nextInt(5));
                        case 1 -> l.subList(at, at + len).clear();
                        case 2 -> {
                            for (int i = at; i < at + len; i++) {
                                l.set(i, "line " + random.nextInt(12));
                            }
                        }
                        default -> {
                            List<String> block = new ArrayList<>(l.subList(at, at + len));
                            l.subList(at, at + len).clear();
                            l.addAll(random.nextInt(l.size() + 1), block);
                        }
                    }
                }
                git.write("f" + f + ".txt", l.isEmpty() ? "" : String.join("\n", l) + "\n");
            }
            git.commit("edits");
            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            assertThat(engine(change)).isEqualTo(gitNumstat(git));
        }
    }

    /** Setting aside lines with no match never changes the counts: they are those of JGit's Myers diff over the whole files. */
    @Test
    void countsAreThoseOfAShortestEditScriptOverTheWholeFiles() {
        Random random = new Random(7);
        LineCounter counter = LineCounter.shortest();
        for (int c = 0; c < 2000; c++) {
            RawText a = randomText(random);
            RawText b = randomText(random);
            int added = 0;
            int deleted = 0;
            for (Edit e : MyersDiff.INSTANCE.diff(RawTextComparator.DEFAULT, a, b)) {
                added += e.getLengthB();
                deleted += e.getLengthA();
            }
            assertThat(counter.count(a, b)).as("case %d", c).isEqualTo(new LineCounter.Count(added, deleted, false));
        }
    }

    /** A search cut short counts every line that might be common as changed: more than git counts, never fewer. */
    @Test
    void aSearchCutShortCountsMoreChangedLinesNeverFewer() {
        RawText a = new RawText(lines("line", 0, 200).getBytes(StandardCharsets.UTF_8));
        StringBuilder reversed = new StringBuilder();
        for (int i = 199; i >= 0; i--) {
            reversed.append("line ").append(i).append('\n');
        }
        RawText b = new RawText(reversed.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(LineCounter.shortest().count(a, b)).isEqualTo(new LineCounter.Count(199, 199, false));
        assertThat(LineCounter.shortest(400L * 400).count(a, b)).isEqualTo(new LineCounter.Count(199, 199, false));
        assertThat(LineCounter.shortest(400L * 100).count(a, b)).isEqualTo(new LineCounter.Count(200, 200, false));
    }

    /**
     * The default budget grows with the file, so a whole change costs work linear in its lines: a reversed 20,000-line
     * file (an exact search would take about D^2/2 = 8 * 10^8 steps) is cut short at 128 steps a kept line and counted as
     * wholly rewritten, never as less than its shortest script (19,999 lines each way).
     */
    @Test
    void theDefaultBudgetScalesWithTheFileSoAShuffledFileCountsAsRewritten() {
        int lines = 20_000;
        RawText a = new RawText(lines("line", 0, lines).getBytes(StandardCharsets.UTF_8));
        StringBuilder reversed = new StringBuilder();
        for (int i = lines - 1; i >= 0; i--) {
            reversed.append("line ").append(i).append('\n');
        }
        RawText b = new RawText(reversed.toString().getBytes(StandardCharsets.UTF_8));
        LineCounter counter = LineCounter.shortest();
        assertThat(counter.budget(2 * lines)).isEqualTo(LineCounter.STEPS_PER_LINE * 2 * lines).isLessThan(LineCounter.MAX_STEPS);
        assertThat(counter.budget(10)).isEqualTo(LineCounter.MIN_STEPS);
        assertThat(LineCounter.shortest(123).budget(2 * lines)).isEqualTo(123);
        LineCounter.Count count = counter.count(a, b);
        assertThat(count).isEqualTo(new LineCounter.Count(lines, lines, false));
        assertThat(count.added()).isGreaterThanOrEqualTo(lines - 1);
    }

    private static RawText randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int alphabet = 1 + random.nextInt(6);
        for (int i = random.nextInt(40); i > 0; i--) {
            b.append((char) ('a' + random.nextInt(alphabet))).append(random.nextInt(8) == 0 ? "\r\n" : "\n");
        }
        if (random.nextBoolean()) {
            b.append("end"); // no newline at the end
        }
        return new RawText(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theGitConfigsDiffAlgorithmDoesNotChangeTheCounts() throws IOException {
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            StringBuilder moved = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                moved.append(i % 3 == 0 ? "}\n" : "line " + (i * 7 % 40) + "\n");
            }
            git.write("a.txt", lines("line", 0, 40)).commit("base");
            git.write("a.txt", moved.toString()).commit("shuffle");
            Map<String, String> shortest = engine(GitChangeReader.read(git.repository(), "HEAD~1", "HEAD"));
            assertThat(shortest).isEqualTo(gitNumstat(git)); // git's default, a shortest script
            for (String algorithm : List.of("histogram", "patience", "minimal", "quantum")) {
                git.cli("config", "diff.algorithm", algorithm);
                assertThat(engine(GitChangeReader.read(git.repository(), "HEAD~1", "HEAD"))).as(algorithm).isEqualTo(shortest);
            }
        }
    }

    /**
     * The benchmark's 5,000-file commit (benchmarks/compare.sh: every file changes, a tenth Kubernetes Deployments), read
     * on several threads: every file's counts as git's.
     */
    @Test
    void aFiveThousandFileChangeIsCountedAsGitCountsIt() throws Exception {
        int files = 5000;
        Path repo = dir.resolve("big");
        try (GitFixture git = GitFixture.init(repo)) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int rev = 0; rev < 2; rev++) {
                String msg = rev == 0 ? "base" : "change";
                stream.writeBytes(("commit refs/heads/main\ncommitter Dev <dev@example.com> " + (1700000000 + rev) + " +0000\ndata "
                        + msg.length() + "\n" + msg + "\n").getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < files; i++) {
                    String path = i % 10 == 0 ? "svc/mod" + i / 500 + "/deploy-" + i + ".yaml" : "src/pkg" + i / 500 + "/file" + i + ".go";
                    byte[] data = content(i, rev).getBytes(StandardCharsets.UTF_8);
                    stream.writeBytes(("M 100644 inline " + path + "\ndata " + data.length + "\n").getBytes(StandardCharsets.UTF_8));
                    stream.writeBytes(data);
                    stream.write('\n');
                }
                stream.write('\n');
            }
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "fast-import", "--quiet").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                stream.writeTo(in);
            }
            String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(err).isZero();
            assertThat(ParallelDiff.threads(files, 2)).isEqualTo(2);

            ChangeSet change = GitChangeReader.read(git.repository(), "HEAD~1", "HEAD");
            assertThat(change.files()).hasSize(files);
            assertThat(engine(change)).isEqualTo(gitNumstat(git));
        }
    }

    /** One file of the benchmark repository (benchmarks/compare.sh). */
    private static String content(int i, int rev) {
        if (i % 10 == 0) {
            return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-" + i + "\n  namespace: team-" + i % 7 + "\n"
                    + "spec:\n  replicas: " + (2 + rev) + "\n  template:\n    spec:\n      containers:\n        - name: app\n"
                    + "          image: registry.example.com/app:" + rev + "." + i + "\n";
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < 20; n++) {
            b.append("// line ").append(n).append(" of file ").append(i).append("\nfunc f").append(n).append("() int { return ")
                    .append(n * (rev + 1)).append(" }\n");
        }
        return b.toString();
    }
}
