package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
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
 * {@code aigov audit verify} on logs of {@code events} events (about 550 bytes each): the whole chain check (streaming
 * canonical check per record, docs/performance.md) beside one SHA-256 pass over the same file, its floor. Time per
 * operation is per log; with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per log.
 * {@code verifyWithSideFile} is what {@code aigov audit verify} does when the query side file {@code <log>.idx} is there
 * (as it is once the log was queried): the same pass also compares every row of the side file with the log.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AuditVerifyBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AuditVerifyBenchmark {

    @Param({"10000", "100000"})
    int events;

    private Path dir;
    private Path log;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "audit-verify-bench");
        log = dir.resolve("audit.jsonl");
        int n = AuditLogGenerator.write(log, events, 11);
        AuditIndex.open(log); // writes the query side file
        System.out.printf("%n[setup] %,d events, %,d bytes, side file %,d bytes%n", n, Files.size(log), Files.size(AuditIndex.sideFile(log)));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(log);
        Files.deleteIfExists(AuditIndex.sideFile(log));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public AuditVerification verify() {
        AuditVerification v = new AuditVerifier().verify(log);
        if (!v.verified()) {
            throw new IllegalStateException("generated log does not verify: " + v.problem());
        }
        return v;
    }

    @Benchmark
    public AuditIndex.SideFileCheck.Result verifyWithSideFile() {
        AuditIndex.SideFileCheck side = AuditIndex.SideFileCheck.of(log);
        AuditVerification v = new AuditVerifier().verify(log, null, null, side);
        AuditIndex.SideFileCheck.Result r = side.result();
        if (!v.verified() || r.status() != AuditIndex.SideFileCheck.Status.MATCHES) {
            throw new IllegalStateException("generated log or its side file does not verify: " + v.problem() + " " + r);
        }
        return r;
    }

    /** The floor: one SHA-256 pass over the file, as {@code sha256sum} makes it. */
    @Benchmark
    public byte[] sha256OfTheFile() throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(log)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
