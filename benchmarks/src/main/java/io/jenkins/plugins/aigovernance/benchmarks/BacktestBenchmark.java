package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.backtest.BacktestReport;
import io.jenkins.plugins.aigovernance.core.backtest.PolicyBacktest;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@code aigov backtest}'s engine ({@link PolicyBacktest}) over a generated first-parent history of {@code commits}
 * commits ({@link BacktestHistory}, made with {@code git fast-import}), the built-in policy, whole history. One
 * operation replays every commit; divide by {@code commits} for the time and (with {@code -prof gc}) the allocation
 * per commit, which stay flat as the history grows when the backtest streams.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class BacktestBenchmark {

    @Param({"500", "2000"})
    public int commits;

    private Path dir;
    private Repository repo;
    private GovernanceEngine engine;
    private GovernancePolicy policy;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("aigov-bench-backtest");
        BacktestHistory.generate(commits, dir.resolve("repo"));
        repo = GitChangeReader.open(dir.resolve("repo"));
        PolicyLoader loader = new PolicyLoader();
        engine = new GovernanceEngine(loader, Clock.systemUTC());
        policy = loader.defaults();
        BacktestReport check = replay();
        if (check.changes() != commits - 1) {
            throw new IllegalStateException("expected " + (commits - 1) + " changes, replayed " + check.changes() + " (skipped " + check.skipped() + ")");
        }
    }

    private BacktestReport replay() {
        return new PolicyBacktest(engine).run(repo, "HEAD", Instant.now().minus(Duration.ofDays(BacktestHistory.DAYS + 1)), policy, null, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        repo.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The whole history replayed under the built-in policy. */
    @Benchmark
    public BacktestReport backtest() {
        return replay();
    }
}
