package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresCredentials;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresServer;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigov audit ... --store postgresql://...} and {@code aigov audit migrate} against a real PostgreSQL. */
class AuditStoreCommandTest {

    static PostgresServer server;

    @TempDir
    Path dir;

    private String out;
    private String err;
    private String url;
    private Path pgpass;

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
        url = server.location().toString();
        PostgresCredentials c = server.credentials();
        pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "# test server\n127.0.0.1:" + server.location().port() + ":*:" + c.user() + ":" + c.password() + "\n",
                StandardCharsets.UTF_8);
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Aigov.run(new PrintWriter(o), new PrintWriter(e), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private String event(String type, String fp, int minutesAgo, String extra) {
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(minutesAgo, ChronoUnit.MINUTES).toString();
        return "{\"type\":\"" + type + "\",\"time\":\"" + time + "\",\"fingerprint\":\"sha256:" + fp + "\"" + extra + "}";
    }

    @Test
    void migrateCopiesAFileLogThatThenAnswersQueriesExportAndMetricsLikeTheFile() throws Exception {
        Path log = dir.resolve("controller-a.jsonl");
        String[] events = {
            event("risk-assessed", "aa01", 50, ",\"changeSource\":\"ai-agent\",\"agent\":\"claude-code\",\"tier\":\"HIGH\",\"touches\":[\"iam\"]"),
            event("approval-given", "aa01", 40, ",\"actor\":\"alice\""),
            event("deployment-done", "aa01", 30, ",\"outcome\":\"success\""),
            event("risk-assessed", "bb02", 20, ",\"changeSource\":\"human\",\"tier\":\"LOW\",\"touches\":[\"iam\"]")};
        for (String e : events) {
            assertThat(run("audit", "append", "--log", log.toString(), "--event", e)).as(err).isZero();
        }
        assertThat(run("audit", "migrate", "--log", log.toString(), "--store", url, "--store-credentials", pgpass.toString())).as(err).isZero();
        assertThat(out).contains("copied 4 records").contains("stream controller-a.jsonl: verified, 4 records");
        // again: nothing to copy, still verified
        assertThat(run("audit", "migrate", "--log", log.toString(), "--store", url, "--store-credentials", pgpass.toString())).as(err).isZero();
        assertThat(out).contains("copied 0 records").contains("(4 were there already)");

        String[] store = {"--store", url, "--store-credentials", pgpass.toString()};
        assertThat(run(concat(new String[] {"audit", "query", "--ai", "--touches", "iam", "--since", "1d", "--json"}, store))).as(err).isZero();
        JsonNode changes = JsonDocuments.newMapper().readTree(out);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("fingerprint").asText()).isEqualTo("sha256:aa01");
        assertThat(changes.get(0).get("approvals").get(0).get("approver").asText()).isEqualTo("alice");
        assertThat(run("audit", "query", "--log", log.toString(), "--ai", "--touches", "iam", "--since", "1d", "--json")).isZero();
        assertThat(JsonDocuments.newMapper().readTree(out)).isEqualTo(changes);

        assertThat(run(concat(new String[] {"audit", "export"}, store))).as(err).isZero();
        String exported = out;
        assertThat(run("audit", "export", "--log", log.toString())).isZero();
        assertThat(exported).isEqualTo(out).contains("\"actor\":\"alice\"");

        String until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString();
        String since = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();
        assertThat(run(concat(new String[] {"metrics", "--format", "json", "--since", since, "--until", until}, store))).as(err).isZero();
        String fromStore = out;
        assertThat(run("metrics", "--log", log.toString(), "--format", "json", "--since", since, "--until", until)).isZero();
        assertThat(fromStore).isEqualTo(out).contains("\"deployments\" : 1");

        // a second source appends to its own stream; verify checks each
        assertThat(run(concat(new String[] {"audit", "append", "--stream", "controller-b", "--event", event("rollback", "aa01", 1, "")}, store)))
                .as(err).isZero();
        assertThat(run(concat(new String[] {"audit", "verify"}, store))).as(out + err).isZero();
        assertThat(out).contains("stream controller-a.jsonl: verified, 4 records").contains("stream controller-b: verified, 1 records");
        assertThat(run(concat(new String[] {"audit", "export"}, store))).isEqualTo(2);
        assertThat(err).contains("choose one with --stream");

        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE aigov.audit_records SET record = replace(record, 'alice', 'mallory'), actor = 'mallory'"
                    + " WHERE stream = 'controller-a.jsonl' AND seq = 2");
        }
        assertThat(run(concat(new String[] {"audit", "verify"}, store))).isEqualTo(1);
        assertThat(out).contains("stream controller-a.jsonl: TAMPERED at seq 2").contains("ALTERED").contains("controller-b: verified");
    }

    @Test
    void refusesCredentialsInTheUrlAndATamperedFile() throws Exception {
        assertThat(run("audit", "query", "--store", "postgresql://aigov:secret@127.0.0.1/postgres")).isEqualTo(2);
        assertThat(err).contains("--store").contains("credentials do not belong in the URL").doesNotContain("secret");
        assertThat(run("audit", "query", "--log", "a.jsonl", "--store", url)).isEqualTo(2);
        assertThat(err).contains("exactly one of --log FILE and --store URL");

        Path log = dir.resolve("bad.jsonl");
        assertThat(run("audit", "append", "--log", log.toString(), "--event", event("risk-assessed", "cc03", 5, ",\"actor\":\"carol\""))).isZero();
        Files.writeString(log, Files.readString(log).replace("carol", "mallory"));
        assertThat(run("audit", "migrate", "--log", log.toString(), "--store", url, "--store-credentials", pgpass.toString())).isEqualTo(1);
        assertThat(out).contains("TAMPERED").contains("nothing copied");
        try (Connection c = server.connect(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM aigov.audit_records")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void incidentAnswersFromTheStoreAcrossStreamsAsFromEachFile() throws Exception {
        Path a = dir.resolve("controller-a.jsonl");
        String iamAi = ",\"changeSource\":\"ai-agent\",\"agent\":\"claude-code\",\"tier\":\"HIGH\",\"touches\":[\"iam\"],\"repository\":\"acme/infra\"";
        String[] ofA = {
            event("risk-assessed", "aa01", 90, iamAi + ",\"blastRadius\":42,\"dependents\":[\"billing\"],\"commitTimes\":[\"2026-01-01T00:00:00Z\"]"),
            event("approval-given", "aa01", 80, ",\"actor\":\"alice\",\"build\":\"infra/main#7\""),
            event("deployment-done", "aa01", 70, ",\"outcome\":\"applied\",\"build\":\"infra/main#7\",\"touches\":[\"iam\"]"),
            // assessed only: not deployed in the window, so not in the answer
            event("risk-assessed", "dd04", 60, iamAi),
            // human and touching IAM: left out by --ai
            event("risk-assessed", "bb02", 50, ",\"changeSource\":\"human\",\"tier\":\"LOW\",\"touches\":[\"iam\"]"),
            event("deployment-done", "bb02", 40, ",\"outcome\":\"applied\",\"touches\":[\"iam\"]")};
        for (String e : ofA) {
            assertThat(run("audit", "append", "--log", a.toString(), "--event", e)).as(err).isZero();
        }
        Path b = dir.resolve("controller-b.jsonl");
        String[] ofB = {
            event("risk-assessed", "cc03", 30, ",\"touches\":[\"iam\",\"network\"],\"tier\":\"CRITICAL\""),
            event("deployment-done", "cc03", 20, ",\"outcome\":\"promoted\",\"touches\":[\"iam\",\"network\"]"),
            event("rollback", "cc03", 10, ",\"outcome\":\"rolled-back\",\"actor\":\"bob\",\"touches\":[\"iam\",\"network\"]")};
        for (String e : ofB) {
            assertThat(run("audit", "append", "--log", b.toString(), "--event", e)).as(err).isZero();
        }
        String[] store = {"--store", url, "--store-credentials", pgpass.toString()};
        for (Path log : new Path[] {a, b}) {
            assertThat(run(concat(new String[] {"audit", "migrate", "--log", log.toString()}, store))).as(out + err).isZero();
        }
        String[] incident = {"audit", "incident", "--from", "1d", "--ai", "--touches", "iam", "--json"};
        assertThat(run(concat(incident, store))).as(err).isZero();
        JsonNode all = JsonDocuments.newMapper().readTree(out).get("changes");
        // newest first: controller-b's unrecorded (so AI) change, then controller-a's deployed AI change
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("fingerprint").asText()).isEqualTo("sha256:cc03");
        assertThat(all.get(0).get("changeSource").asText()).isEqualTo("unknown");
        assertThat(all.get(0).get("rollbacks").get(0).get("actor").asText()).isEqualTo("bob");
        JsonNode deployed = all.get(1);
        assertThat(deployed.get("fingerprint").asText()).isEqualTo("sha256:aa01");
        assertThat(deployed.get("blastRadius").asInt()).isEqualTo(42);
        assertThat(deployed.get("dependents").get(0).asText()).isEqualTo("billing");
        assertThat(deployed.get("approvals").get(0).get("approver").asText()).isEqualTo("alice");
        assertThat(deployed.get("firstCommitTime").asText()).isEqualTo("2026-01-01T00:00:00Z");

        // each file alone gives its own part of the same answer, change for change
        assertThat(run(concat(new String[] {"audit", "incident", "--log", a.toString()}, java.util.Arrays.copyOfRange(incident, 2, incident.length))))
                .as(err).isZero();
        assertThat(JsonDocuments.newMapper().readTree(out).get("changes")).containsExactly(deployed);
        assertThat(run(concat(new String[] {"audit", "incident", "--log", b.toString()}, java.util.Arrays.copyOfRange(incident, 2, incident.length))))
                .as(err).isZero();
        assertThat(JsonDocuments.newMapper().readTree(out).get("changes")).containsExactly(all.get(0));

        // the tier filter judges the change's highest tier over all its events; the table names the change
        assertThat(run(concat(new String[] {"audit", "incident", "--from", "1d", "--tier", "HIGH"}, store))).as(err).isZero();
        assertThat(out).contains("aa01").doesNotContain("cc03").doesNotContain("bb02").contains("1 changes");
        assertThat(run(concat(new String[] {"audit", "incident", "--from", "2026-03-01T00:00:00Z", "--until", "2026-03-01T00:00:00Z"}, store)))
                .isEqualTo(2);
        assertThat(err).contains("--from").contains("is not before --until");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
