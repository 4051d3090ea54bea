package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditLog;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable appends per second (each append returns after its record is forced to disk) for one
 * writer and for eight concurrent writers sharing fsyncs (group commit). Use a directory on a real
 * disk ({@code -Djava.io.tmpdir=...}); on tmpfs a force costs nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class AuditAppendBenchmark {

    private Path dir;
    private AuditLog log;
    private final AuditEvent event = AuditEvent.builder(AuditEventType.APPROVAL_GIVEN, Instant.parse("2026-11-01T10:00:00Z"))
            .fingerprint("sha256:" + "ab".repeat(32)).repository("github.com/acme/payments").commit("c0ffee".repeat(6) + "abcd")
            .build("payments/main#42").actor("alice").agent("claude-code").changeSource(ChangeSource.AI_AGENT).tier(RiskTier.HIGH)
            .outcome("approved").touches("iam").build();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "audit-append");
        log = AuditLog.open(dir.resolve("audit.jsonl"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        System.out.printf("%n[teardown] %,d records appended%n", log.lastSeq());
        Files.deleteIfExists(dir.resolve("audit.jsonl"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @Threads(1)
    public AuditRecord oneWriter() {
        return log.append(event);
    }

    @Benchmark
    @Threads(8)
    public AuditRecord eightWriters() {
        return log.append(event);
    }
}
