package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalCommandTest {

    @TempDir
    Path repo;

    private final ObjectMapper json = new ObjectMapper();
    private String fingerprint;
    private final String now = Instant.now().minusSeconds(60).toString();

    private static AigovRun aigov(String... args) {
        return AigovRun.of(args);
    }

    @BeforeEach
    void highRiskChange() throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            PersonIdent alice = new PersonIdent("Alice Smith", "alice@corp.example");
            Files.writeString(repo.resolve("README.md"), "hello\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("init").setAuthor(alice).setCommitter(alice).setSign(false).call();
            Files.createDirectories(repo.resolve("config/prod"));
            Files.writeString(repo.resolve("config/prod/settings.properties"), "replicas=3\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("scale prod").setAuthor(alice).setCommitter(alice).setSign(false).call();
        }
        AigovRun r = aigov("approval", "requirements", "--repo", repo.toString(), "--initiator", "jenkins-bot", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode req = json.readTree(r.out());
        assertThat(req.get("tier").asText()).isEqualTo("HIGH");
        assertThat(req.get("slots").toString()).contains("senior-engineers").contains("team-leads");
        assertThat(req.get("excluded").toString()).contains("alice@corp.example").contains("jenkins-bot");
        fingerprint = req.get("fingerprint").asText();
        // no -e: the environment is the one the engine reads from the change (config/prod), and approvals are given for it
        detected = req.get("environment").asText();
    }

    private String detected;

    private Path approvals(String... entries) throws Exception {
        Path f = repo.resolve("approvals.json");
        Files.writeString(f, "[" + String.join(",", entries) + "]");
        return f;
    }

    private String approval(String kind, String id, String group, String comment) {
        return "{\"kind\":\"" + kind + "\",\"approverId\":\"" + id + "\",\"email\":\"" + id + "@corp.example\",\"groups\":[\"" + group
                + "\"],\"fingerprint\":\"" + fingerprint + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + now + "\""
                + (comment == null ? "" : ",\"comment\":\"" + comment + "\"") + ",\"environment\":\"" + detected + "\"}";
    }

    @Test
    void requirementsReportInText() {
        AigovRun r = aigov("approval", "requirements", "--repo", repo.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("tier          HIGH").contains("1 from senior-engineers").contains("alice@corp.example");
    }

    @Test
    void checkExitCodesFollowTheStatus() throws Exception {
        Path pending = approvals(approval("approve", "sam", "senior-engineers", null), approval("approve", "alice", "team-leads", null));
        AigovRun p = aigov("approval", "check", "--repo", repo.toString(), "--approvals", pending.toString());
        assertThat(p.code()).as(p.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
        assertThat(p.out()).contains("PENDING").contains("team-leads").contains("self-approval");

        Path ok = approvals(approval("approve", "sam", "senior-engineers", null), approval("approve", "lee", "team-leads", null));
        AigovRun a = aigov("approval", "check", "--repo", repo.toString(), "--approvals", ok.toString(), "--json");
        assertThat(a.code()).as(a.err()).isEqualTo(ExitCode.OK);
        assertThat(json.readTree(a.out()).get("status").asText()).isEqualTo("approved");

        Path denied = approvals(approval("approve", "sam", "senior-engineers", null), approval("deny", "lee", "team-leads", "no rollback plan"));
        AigovRun d = aigov("approval", "check", "--repo", repo.toString(), "--approvals", denied.toString());
        assertThat(d.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(d.out()).contains("DENIED").contains("no rollback plan");

        AigovRun expired = aigov("approval", "check", "--repo", repo.toString(), "--approvals", pending.toString(), "--opened-at", "2020-01-01T00:00:00Z");
        assertThat(expired.code()).isEqualTo(ExitCode.GATE_FAILED);
    }

    /**
     * {@code --apply}: approvals given in time still approve the request when read long after, but an apply step must
     * not use them once one request timeout has passed since the last of them (red team: the check had no staleness).
     */
    @Test
    void checkForApplyRefusesAnApprovalThatWentStale() throws Exception {
        Path ok = approvals(approval("approve", "sam", "senior-engineers", null), approval("approve", "lee", "team-leads", null));
        AigovRun fresh = aigov("approval", "check", "--repo", repo.toString(), "--approvals", ok.toString(), "--apply");
        assertThat(fresh.code()).as(fresh.err()).isEqualTo(ExitCode.OK);

        // the same approvals, given two days ago on a request opened just before them
        String old = java.time.Instant.parse(now).minus(java.time.Duration.ofDays(2)).toString();
        Path stale = approvals(approval("approve", "sam", "senior-engineers", null).replace(now, old),
                approval("approve", "lee", "team-leads", null).replace(now, old));
        String opened = java.time.Instant.parse(old).minusSeconds(60).toString();
        AigovRun approved = aigov("approval", "check", "--repo", repo.toString(), "--approvals", stale.toString(), "--opened-at", opened);
        assertThat(approved.code()).as("without --apply: approved, as the gate was").isEqualTo(ExitCode.OK);
        AigovRun refused = aigov("approval", "check", "--repo", repo.toString(), "--approvals", stale.toString(), "--opened-at", opened,
                "--apply");
        assertThat(refused.code()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(refused.err()).contains("apply refused").contains("went stale");
    }

    @Test
    void badApprovalFilesAreBadInput() throws Exception {
        Path noReason = approvals(approval("deny", "lee", "team-leads", null));
        AigovRun r = aigov("approval", "check", "--repo", repo.toString(), "--approvals", noReason.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("approvals.json").contains("reason");
        assertThat(aigov("approval", "check", "--repo", repo.toString(), "--approvals", repo.resolve("missing.json").toString()).code())
                .isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void notifyCallsTheWebhooksNamedByThePolicyWithUrlsFromTheEnvironment() throws Exception {
        java.util.List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook/T0KEN", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            Path policy = repo.resolve("notify.yml");
            Files.writeString(policy, """
                    apiVersion: ai-governance/v1
                    notifications:
                      endpoints:
                        - {name: chat, format: slack, urlEnv: AIGOV_TEST_WEBHOOK}
                    """);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0KEN";
            // the URL is a secret that only the environment holds: run the command line as its own process
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), Aigov.class.getName(), "approval", "requirements", "--repo", repo.toString(),
                    "--policy", policy.toString(), "--notify", "--link", "https://ci.example/job/x/1/input");
            pb.environment().put("AIGOV_TEST_WEBHOOK", url);
            pb.redirectErrorStream(false);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(err).isZero();
            assertThat(out).contains("HIGH");
            assertThat(err).contains("notification chat").contains("delivered after 1 attempt").doesNotContain("T0KEN");
            assertThat(bodies).singleElement().satisfies(body -> {
                JsonNode doc = json.readTree(body);
                assertThat(doc.path("text").asText()).contains("HIGH");
                assertThat(body).contains("https://ci.example/job/x/1/input");
            });
        } finally {
            server.stop(0);
        }
    }
}
