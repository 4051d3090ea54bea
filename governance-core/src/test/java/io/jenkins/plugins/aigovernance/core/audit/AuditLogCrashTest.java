package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs appending to one log are killed with SIGKILL at random moments. */
class AuditLogCrashTest {

    @TempDir
    Path dir;

    private Process start(Path log, int threads, String writer) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AppendingChild.class.getName(), log.toString(), Integer.toString(threads), writer)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads acknowledgements until {@code wanted} have arrived (or the stream ends), recording seq to id. */
    private static int readAcks(Process p, int wanted, Map<Long, String> acked) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        assertThat(first).as("child started").isEqualTo("ready");
        int n = 0;
        String line;
        while (n < wanted && (line = r.readLine()) != null) {
            String[] parts = line.split(" ");
            String previous = acked.put(Long.parseLong(parts[0]), parts[1]);
            assertThat(previous).as("seq %s acknowledged twice", parts[0]).isNull();
            n++;
        }
        return n;
    }

    private static void assertLogHoldsEveryAck(Path log, Map<Long, String> acked) {
        AuditVerification v = new AuditVerifier().verify(log);
        assertThat(v.verified()).as("log verifies: %s", v.problem()).isTrue();
        Map<Long, String> present = new HashMap<>();
        for (AuditRecord r : new AuditReader(log).readAll()) {
            present.put(r.seq(), r.event().id());
        }
        for (Map.Entry<Long, String> a : acked.entrySet()) {
            assertThat(present.get(a.getKey())).as("acknowledged seq %d", a.getKey()).isEqualTo(a.getValue());
        }
    }

    @Test
    void killingAnAppendingProcessNeverLosesAnAcknowledgedRecordNorBreaksTheLog() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        Map<Long, String> acked = new HashMap<>();
        Random random = new Random(42);
        int rounds = 12;
        for (int round = 0; round < rounds; round++) {
            Process p = start(log, 1 + random.nextInt(4), "w" + round);
            try {
                readAcks(p, 1 + random.nextInt(150), acked);
                Thread.sleep(random.nextInt(20)); // let it get further into the next append
            } finally {
                p.destroyForcibly(); // SIGKILL on Linux
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertLogHoldsEveryAck(log, acked);
        }
        assertThat(acked).hasSizeGreaterThan(rounds);
        // a last writer repairs any torn tail and continues the chain
        try (AuditLog a = AuditLog.open(log)) {
            long seq = a.append(AuditEvents.risk(1)).seq();
            assertThat(seq).isGreaterThan(acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
        }
        assertThat(new AuditVerifier().verify(log).verified()).isTrue();
    }

    @Test
    void twoProcessesAppendingToOneLogKeepOneChain() throws Exception {
        Path log = dir.resolve("shared.jsonl");
        Map<Long, String> acked = new HashMap<>();
        Process a = start(log, 2, "a");
        Process b = start(log, 2, "b");
        try {
            readAcks(a, 100, acked);
            readAcks(b, 100, acked);
        } finally {
            for (Process p : List.of(a, b)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(acked.values()).anyMatch(id -> id.startsWith("a-")).anyMatch(id -> id.startsWith("b-"));
        assertLogHoldsEveryAck(log, acked);
    }
}
