package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.approval.PagerDutyEventsReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigov approval requirements --notify} triggers, {@code aigov approval check --notify} resolves, on a PagerDuty stand-in. */
class PagerDutyCommandTest {

    private static final String KEY = "R0UT1NGK3YR0UT1NGK3YR0UT1NGK3Y00";

    @TempDir
    Path repo;

    private final ObjectMapper json = new ObjectMapper();

    private record Run(int code, String out, String err) {
    }

    /** The routing key is a secret only the environment holds: the command line runs as its own process. */
    private Run aigov(String url, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Aigov.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AIGOV_TEST_PD_URL", url);
        pb.environment().put("AIGOV_TEST_PD_KEY", KEY);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void aCriticalRequestPagesAndItsDenialResolvesThePage() throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            PersonIdent alice = new PersonIdent("Alice Smith", "alice@corp.example");
            Files.writeString(repo.resolve("README.md"), "hello\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("init").setAuthor(alice).setCommitter(alice).setSign(false).call();
            Files.createDirectories(repo.resolve("db/migrate"));
            Files.writeString(repo.resolve("db/migrate/001_drop_orders.sql"), "DROP TABLE orders;\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("drop orders\n\nCo-authored-by: Claude <noreply@anthropic.com>").setAuthor(alice).setCommitter(alice)
                    .setSign(false).call();
        }
        Path policy = repo.resolve("pager.yml");
        Files.writeString(policy, """
                apiVersion: ai-governance/v1
                notifications:
                  endpoints:
                    - {name: pager, format: pagerduty, urlEnv: AIGOV_TEST_PD_URL, routingKeyEnv: AIGOV_TEST_PD_KEY}
                """);
        try (PagerDutyEventsReceiver pagerDuty = new PagerDutyEventsReceiver(KEY)) {
            Run opened = aigov(pagerDuty.url(), "approval", "requirements", "--repo", repo.toString(), "--policy", policy.toString(), "--json",
                    "--notify", "--link", "https://ci.example/job/x/1/input/");
            assertThat(opened.code()).as(opened.err()).isZero();
            JsonNode req = json.readTree(opened.out());
            assertThat(req.get("tier").asText()).isEqualTo("CRITICAL");
            assertThat(opened.err()).contains("notification pager (http://127.0.0.1:").contains("delivered after 1 attempt").doesNotContain(KEY);
            assertThat(pagerDuty.refused).isEmpty();
            assertThat(pagerDuty.alerts()).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo("triggered");
                assertThat(a.dedupKey()).isEqualTo("ai-governance/approval/" + req.get("fingerprint").asText());
                assertThat(a.lastTrigger().get("payload").get("severity").asText()).isEqualTo("critical");
                assertThat(a.lastTrigger().get("links").get(0).get("href").asText()).isEqualTo("https://ci.example/job/x/1/input/");
            });

            // still pending: the page stays open
            Path none = repo.resolve("none.json");
            Files.writeString(none, "[]");
            Run pending = aigov(pagerDuty.url(), "approval", "check", "--repo", repo.toString(), "--policy", policy.toString(),
                    "--approvals", none.toString(), "--notify", "--no-git-notes");
            assertThat(pending.code()).as(pending.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
            assertThat(pagerDuty.accepted).hasSize(1);

            Path denied = repo.resolve("denied.json");
            Files.writeString(denied, "[{\"kind\":\"deny\",\"approverId\":\"dana\",\"email\":\"dana@corp.example\",\"groups\":[\"cto\"],"
                    + "\"fingerprint\":\"" + req.get("fingerprint").asText() + "\",\"tierSeen\":\"CRITICAL\",\"at\":\""
                    + Instant.now().minusSeconds(30) + "\",\"comment\":\"no rollback plan\"}]");
            Run decided = aigov(pagerDuty.url(), "approval", "check", "--repo", repo.toString(), "--policy", policy.toString(),
                    "--approvals", denied.toString(), "--notify", "--no-git-notes");
            assertThat(decided.code()).as(decided.err()).isEqualTo(ExitCode.GATE_FAILED);
            assertThat(decided.err()).contains("notification pager").contains("delivered after 1 attempt");
            assertThat(pagerDuty.refused).isEmpty();
            assertThat(pagerDuty.alerts()).singleElement().extracting(PagerDutyEventsReceiver.Alert::status).isEqualTo("resolved");
        }
    }
}
