package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aigov audit incident}, {@code audit append --risk} and the provenance rule through the CLI:
 * the trail is written from {@code aigov risk --json} documents of a real repository, the way a CI
 * script would record its pipeline. Commit n of the fixture is at 2025-01-01T00:0n.
 * <pre>
 * A claude-code  infra/iam/roles.tf  risk 01:00, approved by alice 01:30, deployed 02:00
 * B human        src/Cart.java       risk 03:00, deployed 04:00, rollback-failed 04:30, rolled back 05:00
 * D claude-code  docs/guide.md       risk 06:00 (in the window), deployed on day 4
 * U (no source recorded)             deployment-done 07:00 appended without --risk
 * </pre>
 */
class IncidentCommandTest {

    private static final PersonIdent CLAUDE = GitFixture.person("Claude", "noreply@anthropic.com");

    @TempDir
    Path dir;

    private Path log;
    private String out;
    private String err;
    private final List<String> fps = new ArrayList<>();

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Aigov.run(new PrintWriter(o), new PrintWriter(e), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private Path risk(GitFixture git, String base, String name) throws Exception {
        assertThat(run("risk", "--repo", git.directory().toString(), "--base", base, "--head", "HEAD", "--json")).as(err).isZero();
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, out);
        fps.add(JsonDocuments.newMapper().readTree(out).path("fingerprint").asText());
        return file;
    }

    private void append(Path risk, String build, String json) {
        List<String> args = new ArrayList<>(List.of("audit", "append", "--log", log.toString(), "--event", json));
        if (risk != null) {
            args.addAll(List.of("--risk", risk.toString(), "--build", build));
        }
        assertThat(run(args.toArray(String[]::new))).as(err).isZero();
    }

    private static String event(String type, String time, String extra) {
        return "{\"type\":\"" + type + "\",\"time\":\"2025-01-0" + time + "\"" + extra + "}";
    }

    @BeforeEach
    void pipelines() throws Exception {
        log = dir.resolve("audit.jsonl");
        try (GitFixture git = GitFixture.init(dir.resolve("repo"))) {
            git.write("README.md", "# shop\n").write(".ai-governance.yml", """
                    apiVersion: ai-governance/v1
                    risk:
                      services:
                        - {name: identity, paths: ["infra/iam/**"]}
                        - {name: api, paths: ["api/**"], dependsOn: [identity]}
                    """);
            String base = git.commit("initial").name();
            git.write("infra/iam/roles.tf", "# role\n").commit("role", CLAUDE);
            Path a = risk(git, base, "a");
            append(a, "shop#1", event("risk-assessed", "1T01:00:00Z", ""));
            append(a, "shop#1", event("approval-requested", "1T01:10:00Z", ""));
            append(a, "shop#1", event("approval-given", "1T01:30:00Z", ",\"actor\":\"alice\""));
            append(a, "shop#1", event("deployment-done", "1T02:00:00Z", ",\"outcome\":\"applied\""));
            String headA = git.resolve("HEAD").name();
            git.write("src/Cart.java", "class Cart {}\n").commit("cart");
            Path b = risk(git, headA, "b");
            append(b, "shop#2", event("risk-assessed", "1T03:00:00Z", ""));
            append(b, "shop#2", event("deployment-done", "1T04:00:00Z", ",\"outcome\":\"applied\""));
            append(b, "shop#2", event("rollback", "1T04:30:00Z", ",\"outcome\":\"rollback-failed\""));
            append(b, "shop#2", event("rollback", "1T05:00:00Z", ",\"outcome\":\"rolled-back\",\"actor\":\"dan\""));
            String headB = git.resolve("HEAD").name();
            git.write("docs/guide.md", "# guide\n").commit("docs", CLAUDE);
            Path d = risk(git, headB, "d");
            append(d, "shop#3", event("risk-assessed", "1T06:00:00Z", ""));
            append(d, "shop#3", event("deployment-done", "4T06:00:00Z", ",\"outcome\":\"applied\""));
        }
        append(null, null, event("deployment-done", "1T07:00:00Z", ",\"fingerprint\":\"sha256:" + "e".repeat(64) + "\""));
    }

    @Test
    void theIncidentWindowListsEveryChangeDeployedOrRolledBackInItWithItsFacts() throws Exception {
        assertThat(run("audit", "incident", "--log", log.toString(), "--from", "2025-01-01T01:30:00Z", "--until", "2025-01-01T12:00:00Z",
                "--json")).as(err).isZero();
        JsonNode r = JsonDocuments.newMapper().readTree(out);
        JsonNode changes = r.path("changes");
        // newest first: U (07:00), B (05:00), A (02:00); D's only event in the window is its risk assessment
        assertThat(changes).hasSize(3);
        assertThat(changes.get(0).path("fingerprint").asText()).isEqualTo("sha256:" + "e".repeat(64));
        assertThat(changes.get(0).path("changeSource").asText()).isEqualTo("unknown");
        JsonNode b = changes.get(1);
        assertThat(b.path("fingerprint").asText()).isEqualTo(fps.get(1));
        assertThat(b.path("changeSource").asText()).isEqualTo("human");
        assertThat(b.path("touches").get(0).asText()).isEqualTo("app-code");
        assertThat(b.path("rollbacks").get(0).path("restored").asBoolean()).isFalse();
        assertThat(b.path("rollbacks").get(1).path("restored").asBoolean()).isTrue();
        assertThat(b.path("rollbacks").get(1).path("actor").asText()).isEqualTo("dan");
        JsonNode a = changes.get(2);
        assertThat(a.path("agent").asText()).isEqualTo("claude-code");
        assertThat(a.path("changeSource").asText()).isEqualTo("ai-agent");
        assertThat(a.path("tier").asText()).isEqualTo("HIGH");
        assertThat(a.path("touches").get(0).asText()).isEqualTo("iam");
        assertThat(a.path("blastRadius").isInt()).isTrue();
        assertThat(a.path("dependents").get(0).asText()).isEqualTo("api");
        assertThat(b.path("dependents")).isEmpty();
        assertThat(a.path("approvals").get(0).path("approver").asText()).isEqualTo("alice");
        assertThat(a.path("approvals").get(0).path("time").asText()).isEqualTo("2025-01-01T01:30:00Z");
        assertThat(a.path("approvalRequested").asText()).isEqualTo("2025-01-01T01:10:00Z");
        assertThat(a.path("deployments").get(0).path("build").asText()).isEqualTo("shop#1");
        assertThat(a.path("firstCommitTime").asText()).isEqualTo("2025-01-01T00:02:00Z");

        assertThat(run("audit", "incident", "--log", log.toString(), "--from", "2025-01-01T01:30:00Z", "--until", "2025-01-01T12:00:00Z"))
                .as(err).isZero();
        assertThat(out).contains("alice (2025-01-01T01:30:00Z)").contains("FAILED").contains("3 changes").contains("claude-code")
                .contains(" api ");
    }

    @Test
    void filtersApplyInsideTheWindowAndUnknownProvenanceCountsAsAi() throws Exception {
        assertThat(fingerprints("--agent", "claude-code")).containsExactly(fps.get(0));
        assertThat(fingerprints("--touches", "iam")).containsExactly(fps.get(0));
        // --ai: the ai-agent change and the one with no recorded source
        assertThat(fingerprints("--ai")).containsExactly("sha256:" + "e".repeat(64), fps.get(0));
        assertThat(fingerprints("--source", "unknown")).containsExactly("sha256:" + "e".repeat(64));
        // query: a type filter matches events inside the range only, --ai includes unknown provenance
        assertThat(run("audit", "query", "--log", log.toString(), "--type", "deployment-done", "--since", "2025-01-01T05:30:00Z", "--until",
                "2025-01-01T06:30:00Z")).isZero();
        assertThat(out).contains("0 changes");
        assertThat(run("audit", "query", "--log", log.toString(), "--ai", "--since", "2025-01-01T06:30:00Z", "--until",
                "2025-01-01T07:30:00Z")).isZero();
        assertThat(out).contains("unknown").contains("1 changes");
    }

    private List<String> fingerprints(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("audit", "incident", "--log", log.toString(), "--from", "2025-01-01T01:30:00Z", "--until",
                "2025-01-01T12:00:00Z", "--json"));
        args.addAll(List.of(filters));
        assertThat(run(args.toArray(String[]::new))).as(err).isZero();
        List<String> out = new ArrayList<>();
        JsonDocuments.newMapper().readTree(this.out).path("changes").forEach(c -> out.add(c.path("fingerprint").asText()));
        return out;
    }

    @Test
    void metricsFromTheSameTrail() throws Exception {
        assertThat(run("metrics", "--log", log.toString(), "--since", "2025-01-01", "--until", "2025-01-06", "--format", "json")).as(err).isZero();
        JsonNode m = JsonDocuments.newMapper().readTree(out);
        // deployments A 02:00, B 04:00, D day 4, U 07:00
        assertThat(m.path("dora").path("deployments").asInt()).isEqualTo(4);
        // lead: A 00:02->02:00 = 118m, B 00:03->04:00 = 237m, D 00:04->day4 06:00 = 4676m (U has no commit time)
        assertThat(m.path("dora").path("leadTime").path("medianSeconds").asDouble()).isEqualTo(237 * 60.0);
        assertThat(m.path("dora").path("leadTime").path("count").asInt()).isEqualTo(3);
        // B's failed rollback restores nothing: one restore, 04:00 -> 05:00
        assertThat(m.path("dora").path("timeToRestore").path("count").asInt()).isEqualTo(1);
        assertThat(m.path("dora").path("timeToRestore").path("medianSeconds").asDouble()).isEqualTo(3600.0);
        // AI changes: A, D and U (no source recorded: unknown, counts as AI)
        assertThat(m.path("guardrails").path("aiChanges").asInt()).isEqualTo(3);
        assertThat(m.path("reliability").findValuesAsText("agent")).contains("claude-code", "human", "unknown");
    }

    @Test
    void badWindowsAndLabelsAreBadInput() {
        assertThat(run("metrics", "--log", log.toString(), "--since", "2025-01-05", "--until", "2025-01-01")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains("--since").contains("after --until");
        assertThat(run("metrics", "--log", log.toString(), "--format", "prometheus", "--label", "quantile=x")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains("'quantile'");
        assertThat(run("metrics", "--log", log.toString(), "--format", "prometheus", "--label", "__x=y")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("audit", "incident", "--log", log.toString(), "--from", "2025-01-02", "--until", "2025-01-01")).isEqualTo(
                ExitCode.BAD_INPUT);
        assertThat(err).contains("--from");
        assertThat(run("audit", "incident", "--log", log.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("audit", "append", "--log", log.toString(), "--risk", dir.resolve("missing.json").toString(), "--event",
                "{\"type\":\"rollback\"}")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err).contains("missing.json");
    }
}
