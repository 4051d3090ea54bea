package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.audit.AuditChange;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "All AI changes that touched IAM in the last 30 days, with their approvers" over a log of
 * 1,000,000 events: on a live index (how a long-running controller answers) and from the file alone
 * (the side-file index {@code aigov audit query} keeps, and a full scan without it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AuditQueryBenchmark {

    static final int EVENTS = 1_000_000;

    private Path dir;
    private Path log;
    private AuditIndex index;
    private final AuditQuery iam = AuditQuery.aiChanges().touching("iam").since(AuditLogGenerator.NOW.minus(Duration.ofDays(30)))
            .until(AuditLogGenerator.NOW);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "audit-bench");
        log = dir.resolve("audit.jsonl");
        long t0 = System.nanoTime();
        int n = AuditLogGenerator.write(log, EVENTS, 7);
        System.out.printf("%n[setup] wrote %,d events (%,d bytes) in %d ms%n", n, Files.size(log), (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        index = AuditIndex.open(log); // builds the index and saves the side file <log>.idx
        System.out.printf("[setup] indexed in %d ms, side file %,d bytes%n", (System.nanoTime() - t0) / 1_000_000,
                Files.size(AuditIndex.sideFile(log)));
        List<AuditChange> found = index.changes(iam);
        long approvers = found.stream().filter(c -> !c.approvals().isEmpty()).count();
        System.out.printf("[setup] IAM query: %,d changes, %,d with approvers%n", found.size(), approvers);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(log);
        Files.deleteIfExists(AuditIndex.sideFile(log));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public List<AuditChange> iamQueryOnIndex() {
        return index.changes(iam);
    }

    /** What {@code aigov audit query} does: load the side file, check it against the log, query. */
    @Benchmark
    public List<AuditChange> iamQueryWithSideFile() {
        return AuditIndex.open(log).changes(iam);
    }

    /** No index at all: stream the whole log, then query. */
    @Benchmark
    public List<AuditChange> iamQueryFullScan() {
        return AuditIndex.build(log).changes(iam);
    }
}
