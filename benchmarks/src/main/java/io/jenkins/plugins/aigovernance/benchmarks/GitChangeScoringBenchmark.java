package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads and scores a git change of 5,000 and of 20,000 files (a realistic mix of code, tests, docs, configs, manifests)
 * with the built-in policy, the sizes {@code benchmarks/compare.sh} measures through the CLI. Run with {@code -prof gc}
 * for allocation per operation (it should grow linearly with the files, not faster).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class GitChangeScoringBenchmark {

    /** Changed files: every file of the repository changes. */
    @Param({"5000", "20000"})
    public int files;

    private Path dir;
    private Repository repo;
    private String base;
    private String head;
    private RiskScorer scorer;
    private ChangeSet change;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("aigov-bench-git");
        PersonIdent me = new PersonIdent("Bench", "bench@example.com");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            for (int i = 0; i < files; i++) {
                write(path(i), "line 1\nline 2\nline 3\n");
            }
            git.add().addFilepattern(".").call();
            base = git.commit().setAuthor(me).setCommitter(me).setMessage("base").setSign(false).call().name();
            for (int i = 0; i < files; i++) {
                write(path(i), "line 1\nline 2 changed\nline 3\nline 4\n");
            }
            git.add().addFilepattern(".").call();
            head = git.commit().setAuthor(me).setCommitter(me).setMessage("touch everything").setSign(false).call().name();
            repo = git.getRepository();
        }
        repo = GitChangeReader.open(dir);
        scorer = new RiskScorer(new PolicyLoader().defaults(), Clock.systemUTC());
        change = GitChangeReader.read(repo, base, head);
        if (change.files().size() != files) {
            throw new IllegalStateException("expected " + files + " changed files, got " + change.files().size());
        }
    }

    private static String path(int i) {
        return switch (i % 8) {
            case 0 -> "services/svc" + (i % 50) + "/src/main/java/com/acme/C" + i + ".java";
            case 1 -> "services/svc" + (i % 50) + "/src/test/java/com/acme/C" + i + "Test.java";
            case 2 -> "docs/guide/page" + i + ".md";
            case 3 -> "config/dev/app" + i + ".properties";
            case 4 -> "web/src/components/Widget" + i + ".tsx";
            case 5 -> "k8s/staging/app" + i + ".txt";
            case 6 -> "libs/shared/util" + i + ".go";
            default -> "scripts/task" + i + ".sh";
        };
    }

    private void write(String rel, String content) throws IOException {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        repo.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** JGit diff with rename detection and line counts over all changed files. */
    @Benchmark
    public ChangeSet readGitChange() {
        return GitChangeReader.read(repo, base, head);
    }

    /** All built-in rules against all changed files (the change already read). */
    @Benchmark
    public RiskAssessment scoreGitChange() {
        return scorer.score(change, Provenance.unknown("benchmark"), "staging");
    }
}
