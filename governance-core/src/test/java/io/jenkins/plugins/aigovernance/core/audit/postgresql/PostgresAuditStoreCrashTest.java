package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several writer processes (child JVMs, each with its own connections) append to a real PostgreSQL at
 * once, are killed with SIGKILL at random moments, the server crashes and restarts under the appenders,
 * and rows are changed behind the store's back: no acknowledged event is lost, no chain forks, verify
 * finds every change.
 */
class PostgresAuditStoreCrashTest {

    static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        server.reset();
    }

    private PostgresAuditStore store() {
        return PostgresAuditStore.open(server.location(), server.credentials(), 4);
    }

    private Process start(String stream, int threads, String writer) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        PostgresLocation at = server.location();
        return new ProcessBuilder(java, "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PostgresAppendingChild.class.getName(), at.host(), Integer.toString(at.port()), at.database(), PostgresServer.USER,
                PostgresServer.PASSWORD, stream, Integer.toString(threads), writer).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads {@code stream seq id} acknowledgements until {@code wanted} have arrived. */
    private static void readAcks(Process p, int wanted, Map<String, String> acked) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).as("child started").isEqualTo("ready");
        String line;
        for (int n = 0; n < wanted && (line = r.readLine()) != null; n++) {
            String[] parts = line.split(" ");
            String previous = acked.put(parts[0] + "#" + parts[1], parts[2]);
            assertThat(previous).as("%s seq %s acknowledged twice", parts[0], parts[1]).isNull();
        }
    }

    private static void assertStoreHoldsEveryAck(AuditStore store, Map<String, String> acked) {
        Map<String, String> present = new HashMap<>();
        for (String stream : store.streams()) {
            AuditVerification v = store.verify(stream, null, null);
            assertThat(v.verified()).as("stream %s verifies: %s", stream, v.problem()).isTrue();
            store.forEachRecord(stream, r -> present.put(stream + "#" + r.seq(), r.event().id()));
        }
        for (Map.Entry<String, String> a : acked.entrySet()) {
            assertThat(present.get(a.getKey())).as("acknowledged %s", a.getKey()).isEqualTo(a.getValue());
        }
    }

    @Test
    void writerProcessesKilledMidAppendLoseNoAcknowledgedEventAndNeverForkAChain() throws Exception {
        Map<String, String> acked = new HashMap<>();
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            // two processes on the same stream (they take turns on its head row) and one on its own stream
            List<Process> ps = List.of(start("controller-a", 2, "a" + round), start("controller-a", 2, "b" + round),
                    start("cli-" + round, 1, "c" + round));
            try {
                for (Process p : ps) {
                    readAcks(p, 5 + random.nextInt(40), acked);
                }
            } finally {
                for (Process p : ps) {
                    p.destroyForcibly(); // SIGKILL on Linux
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
            }
            try (AuditStore s = store()) {
                assertStoreHoldsEveryAck(s, acked);
            }
        }
        assertThat(acked.keySet()).anyMatch(k -> k.startsWith("controller-a#")).anyMatch(k -> k.startsWith("cli-3#"));
        assertThat(acked.values()).anyMatch(id -> id.startsWith("a")).anyMatch(id -> id.startsWith("b"));
    }

    @Test
    void aServerCrashMidAppendIsRiddenOutAndLosesNothingAcknowledged() throws Exception {
        try (PostgresAuditStore s = store()) {
            List<AuditRecord> acked = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger appended = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try (AuditStore.Appender a = s.appender("controller-a", null)) {
                    for (int i = 0; i < 200; i++) {
                        AuditRecord r = a.append(AuditEvent.builder(AuditEventType.RISK_ASSESSED, Instant.now()).fingerprint("sha256:" + i).build());
                        synchronized (acked) {
                            acked.add(r);
                        }
                        appended.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            writer.start();
            while (appended.get() < 20 && writer.isAlive()) {
                Thread.sleep(5);
            }
            server.stopServer(true); // SIGQUIT: an immediate shutdown, like a crash; recovery replays the WAL
            server.startServer();
            writer.join(TimeUnit.MINUTES.toMillis(2));
            assertThat(failure.get()).as("the appender rode out the restart").isNull();
            assertThat(acked).hasSize(200);
            assertThat(acked).extracting(AuditRecord::seq).doesNotHaveDuplicates();
            AuditVerification v = s.verify("controller-a", null, null);
            assertThat(v.verified()).as("%s", v.problem()).isTrue();
            assertThat(v.records()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            s.forEachRecord("controller-a", r -> ids.add(r.event().id()));
            assertThat(ids).containsExactlyElementsOf(acked.stream().map(r -> r.event().id()).toList());
        }
    }

    @Test
    void verifyFindsChangedColumnsDeletedTailsAndTheKeyRefusesAFork() throws Exception {
        try (PostgresAuditStore s = store()) {
            try (AuditStore.Appender a = s.appender("controller-a", null)) {
                for (int i = 0; i < 5; i++) {
                    a.append(AuditEvent.builder(AuditEventType.RISK_ASSESSED, Instant.parse("2026-03-01T09:00:00Z").plusSeconds(i))
                            .fingerprint("sha256:" + i).agent("claude-code").touches("iam").build());
                }
            }
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                // a second record at seq 3 (a fork) is refused by the primary key
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO aigov.audit_records SELECT * FROM aigov.audit_records"
                        + " WHERE stream = 'controller-a' AND seq = 3")).isInstanceOf(SQLException.class).hasMessageContaining("duplicate key");
                // hide change 2 from the IAM query: the record is intact, its index column is not
                st.executeUpdate("UPDATE aigov.audit_records SET touches = '{}' WHERE stream = 'controller-a' AND seq = 2");
            }
            AuditVerification v = s.verify("controller-a", null, null);
            assertThat(v.verified()).isFalse();
            assertThat(v.problem().seq()).isEqualTo(2);
            assertThat(v.problem().message()).contains("touches column");
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE aigov.audit_records SET touches = '{iam}' WHERE stream = 'controller-a' AND seq = 2");
                st.executeUpdate("DELETE FROM aigov.audit_records WHERE stream = 'controller-a' AND seq >= 4");
            }
            v = s.verify("controller-a", null, null);
            assertThat(v.verified()).isFalse();
            assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.MISSING);
            assertThat(v.records()).isEqualTo(3);
            assertThat(v.problem().message()).contains("records 4..5 removed");
        }
    }
}
