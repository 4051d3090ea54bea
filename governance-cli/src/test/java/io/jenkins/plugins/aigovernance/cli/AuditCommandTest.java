package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    private Path log;
    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Aigov.run(new PrintWriter(o), new PrintWriter(e), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private String at(long daysAgo, int minute) {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).minus(daysAgo, ChronoUnit.DAYS).plus(minute, ChronoUnit.MINUTES).toString();
    }

    private void append(String json) {
        assertThat(run("audit", "append", "--log", log.toString(), "--event", json)).as(err).isZero();
    }

    @BeforeEach
    void history() {
        log = dir.resolve("audit.jsonl");
        String fp = "sha256:" + "a".repeat(64);
        String common = "\"fingerprint\":\"" + fp + "\",\"commit\":\"" + "1".repeat(40) + "\",\"changeSource\":\"ai-agent\",\"agent\":\"claude\","
                + "\"tier\":\"HIGH\",\"touches\":[\"iam\"]";
        append("{\"type\":\"risk-assessed\",\"time\":\"" + at(3, 0) + "\",\"commitTime\":\"" + at(3, -60) + "\"," + common + "}");
        append("{\"type\":\"approval-requested\",\"time\":\"" + at(3, 1) + "\"," + common + "}");
        append("{\"type\":\"approval-given\",\"time\":\"" + at(3, 11) + "\",\"actor\":\"alice, \\\"the\\\" approver\"," + common + "}");
        append("{\"type\":\"deployment-done\",\"time\":\"" + at(3, 30) + "\",\"outcome\":\"success\"," + common + "}");
        String human = "\"fingerprint\":\"sha256:" + "b".repeat(64) + "\",\"changeSource\":\"human\",\"tier\":\"LOW\"";
        append("{\"type\":\"deployment-done\",\"time\":\"" + at(2, 0) + "\",\"commitTime\":\"" + at(2, -120) + "\"," + human + "}");
    }

    @Test
    void appendFromStdinThenVerify() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("{\"type\":\"rollback\",\"fingerprint\":\"sha256:bb\",\"outcome\":\"rolled-back\"}"
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(run("audit", "append", "--log", log.toString(), "--event", "-")).as(err).isZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(out).startsWith("appended seq 6  rollback  ");
        assertThat(run("audit", "verify", "--log", log.toString())).isZero();
        assertThat(out).contains("verified, 6 records");
        // a verify without a key says what it did not check
        assertThat(out).contains("signatures not checked (no --public-key)").contains("--anchor");
    }

    @Test
    void verifySaysWhatItFoundOfTheQuerySideFile() throws Exception {
        Path side = io.jenkins.plugins.aigovernance.core.audit.AuditIndex.sideFile(log);
        assertThat(run("audit", "verify", "--log", log.toString())).isZero();
        assertThat(out).doesNotContain("query side file"); // none yet: the first query builds it
        assertThat(run("audit", "query", "--log", log.toString(), "--ai")).isZero();
        assertThat(run("audit", "verify", "--log", log.toString())).as(err).isZero();
        assertThat(out).contains("query side file audit.jsonl.idx: its 5 rows answer as the log does");
        // a damaged side file: queries do not load it (they rebuild it), so it cannot hide anything; verify says so and passes
        Files.writeString(side, "damaged: no longer an index");
        assertThat(run("audit", "verify", "--log", log.toString())).as(err).isZero();
        assertThat(out).contains("note: query side file audit.jsonl.idx not checked: queries do not use it (not an index file)");
        assertThat(run("audit", "query", "--log", log.toString(), "--ai")).isZero();
        assertThat(out).contains("1 changes");
        assertThat(run("audit", "verify", "--log", log.toString(), "--json")).isZero();
        assertThat(JsonDocuments.newMapper().readTree(out).get("verified").asBoolean()).isTrue();
    }

    @Test
    void verifyFailsWithExitOneAndPrintsTheFirstBadRecord() throws Exception {
        List<String> lines = Files.readAllLines(log);
        lines.set(2, lines.get(2).replace("alice", "mallory"));
        Files.write(log, lines);
        assertThat(run("audit", "verify", "--log", log.toString())).isEqualTo(1);
        assertThat(out).contains("TAMPERED at line 3 (seq 3)").contains("was altered").contains("record: {\"seq\":3,").contains("mallory");
        assertThat(run("audit", "verify", "--log", log.toString(), "--json")).isEqualTo(1);
        JsonNode v = JsonDocuments.newMapper().readTree(out);
        assertThat(v.get("problem").get("kind").asText()).isEqualTo("ALTERED");
    }

    @Test
    void queryReturnsAiIamChangesWithApprovers() throws Exception {
        assertThat(run("audit", "query", "--log", log.toString(), "--ai", "--touches", "iam", "--since", "30d", "--json")).as(err).isZero();
        JsonNode changes = JsonDocuments.newMapper().readTree(out);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("approvals").get(0).get("approver").asText()).isEqualTo("alice, \"the\" approver");
        assertThat(run("audit", "query", "--log", log.toString(), "--tier", "LOW")).isZero();
        assertThat(out).contains("bbbbbbbbbbbb").contains("human").contains("1 changes");
        assertThat(run("audit", "query", "--log", log.toString(), "--events", "--type", "approval-given")).isZero();
        assertThat(out).contains("approval-given").contains("1 events");
        assertThat(run("audit", "query", "--log", log.toString(), "--tier", "HUGE")).isEqualTo(2);
    }

    @Test
    void exportAsCsvAndJsonLines() throws Exception {
        assertThat(run("audit", "export", "--log", log.toString(), "--format", "csv")).isZero();
        String[] rows = out.split("\r\n");
        assertThat(rows).hasSize(6);
        assertThat(rows[0]).isEqualTo("seq,id,type,time,fingerprint,repository,commit,commitTime,build,actor,agent,changeSource,tier,outcome,touches,hash");
        assertThat(rows[3]).startsWith("3,").contains(",\"alice, \"\"the\"\" approver\",claude,ai-agent,HIGH,,iam,");
        assertThat(run("audit", "export", "--log", log.toString(), "--format", "jsonl")).isZero();
        assertThat(out.lines().map(l -> {
            try {
                return JsonDocuments.newMapper().readTree(l).get("seq").asInt();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void metricsAsPrometheusAndJson() throws Exception {
        assertThat(run("metrics", "--log", log.toString(), "--since", "30d", "--format", "prometheus", "--label", "repository=acme")).as(err).isZero();
        assertThat(out).contains("# TYPE aigov_deployments gauge\naigov_deployments{repository=\"acme\"} 2\n")
                .contains("aigov_approval_time_median_seconds{repository=\"acme\"} 600\n")
                .contains("aigov_lead_time_p90_seconds{repository=\"acme\"} 7200\n")
                .contains("# TYPE aigov_deployments_total counter\naigov_deployments_total{repository=\"acme\"} 2\n");
        assertThat(run("metrics", "--log", log.toString(), "--format", "json")).isZero();
        JsonNode m = JsonDocuments.newMapper().readTree(out);
        assertThat(m.get("dora").get("deployments").asInt()).isEqualTo(2);
        assertThat(m.get("guardrails").get("aiChangesByTier").get("HIGH").asInt()).isEqualTo(1);
        assertThat(run("metrics", "--log", log.toString())).isZero();
        assertThat(out).contains("deployment frequency").contains("approval time          median 10m");
    }

    @Test
    void badEventsAreBadInput() {
        assertThat(run("audit", "append", "--log", log.toString(), "--event", "{\"type\":\"made-up\"}")).isEqualTo(2);
        assertThat(err).contains("unknown audit event type 'made-up'");
        assertThat(run("audit", "append", "--log", log.toString(), "--event", "{\"outcome\":\"x\"}")).isEqualTo(2);
        assertThat(err).contains("'type' is required");
        assertThat(run("audit", "append", "--log", log.toString(), "--event", "not json")).isEqualTo(2);
        assertThat(run("audit", "verify", "--log", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
    }

    @Test
    void aCommandGroupWithoutSubcommandAndABadDurationAreUsageErrors() {
        for (String group : List.of("audit", "policy", "approval")) {
            assertThat(run(group)).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(err).contains("Missing required subcommand").contains("Usage: aigov " + group);
        }
        assertThat(run("canary", "--prometheus", "http://127.0.0.1:9", "--plan", "plan.yml", "--request-timeout", "soon"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains("--request-timeout").contains("'soon' is not a duration");
    }
}
