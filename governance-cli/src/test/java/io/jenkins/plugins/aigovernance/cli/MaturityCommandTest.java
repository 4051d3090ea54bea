package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityAssessor;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityScorecard;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aigov maturity} over audit logs written the way a pipeline writes them: each change is scored by
 * {@code aigov risk --json} on a real git repository, approved through {@code aigov approval check}, and
 * every step recorded with {@code aigov audit append --risk}. No number in the log is written by hand
 * except the times the events happened at.
 */
class MaturityCommandTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.DAYS);

    private static AigovRun aigov(String... args) {
        return AigovRun.of(args);
    }

    private static String ok(String... args) {
        AigovRun r = aigov(args);
        assertThat(r.code()).as("aigov %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    /** A pipeline over one repository: commits, scores, approves and deploys changes, appending to one log. */
    private final class Pipeline {
        final Path repo;
        final Path log;
        final Git git;
        final PersonIdent alice = new PersonIdent("Alice Smith", "alice@corp.example");
        final Map<String, Path> risks = new HashMap<>();
        int n;

        Pipeline(String name) throws Exception {
            repo = dir.resolve(name);
            log = dir.resolve(name + ".jsonl");
            git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
            commit("README.md", "hello\n", "init");
        }

        String commit(String path, String content, String message) throws Exception {
            Path f = repo.resolve(path);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content);
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor(alice).setCommitter(alice).setSign(false).call().name();
        }

        /** Scores HEAD~1..HEAD with the real risk gate and records risk-assessed at {@code at}; returns the assessment. */
        JsonNode assess(Instant at) throws Exception {
            String out = ok("risk", "--repo", repo.toString(), "--json");
            Path file = dir.resolve("risk-" + (++n) + ".json");
            Files.writeString(file, out);
            JsonNode risk = json.readTree(out);
            risks.put(risk.get("fingerprint").asText(), file);
            append(risk, "{\"type\":\"risk-assessed\",\"time\":\"" + at + "\",\"outcome\":\"" + risk.get("tier").asText() + "\"}");
            return risk;
        }

        /** Approves the change through the real approval gate and records each approval it accepted. */
        void approve(JsonNode risk, Instant at) throws Exception {
            String fp = risk.get("fingerprint").asText();
            Path approvals = dir.resolve("approvals-" + n + ".json");
            Files.writeString(approvals, "[" + approval("sam", "senior-engineers", fp, risk, at) + "," + approval("tina", "team-leads", fp, risk, at) + "]");
            JsonNode check = json.readTree(ok("approval", "check", "--repo", repo.toString(), "--approvals", approvals.toString(), "--no-git-notes", "--json"));
            assertThat(check.get("status").asText()).isEqualTo("approved");
            append(risk, "{\"type\":\"approval-requested\",\"time\":\"" + at.minusSeconds(600) + "\"}");
            for (String who : new String[] {"sam", "tina"}) {
                append(risk, "{\"type\":\"approval-given\",\"time\":\"" + at + "\",\"actor\":\"" + who + "\",\"outcome\":\"approved\"}");
            }
        }

        void event(JsonNode risk, String type, Instant at, String outcome, String details) throws Exception {
            append(risk, "{\"type\":\"" + type + "\",\"time\":\"" + at + "\",\"outcome\":\"" + outcome + "\"" + (details == null ? "" : ",\"details\":" + details) + "}");
        }

        void append(JsonNode risk, String event) {
            // the repository a Jenkins job records (its full name), so the project page's view of the log can be checked too
            String withRepository = "{\"repository\":\"" + repo.getFileName() + "\"," + event.substring(1);
            ok("audit", "append", "--log", log.toString(), "--risk", risks.get(risk.get("fingerprint").asText()).toString(), "--event", withRepository);
        }

        private String approval(String id, String group, String fp, JsonNode risk, Instant at) {
            return "{\"kind\":\"approve\",\"approverId\":\"" + id + "\",\"email\":\"" + id + "@corp.example\",\"groups\":[\"" + group
                    + "\"],\"fingerprint\":\"" + fp + "\",\"tierSeen\":\"" + risk.get("tier").asText() + "\",\"at\":\"" + Instant.now().minusSeconds(30) + "\""
                    // given for the environment the change is headed to (as the risk assessment read it)
                    + (risk.path("environment").isTextual() ? ",\"environment\":\"" + risk.get("environment").asText() + "\"" : "") + "}";
        }

        JsonNode maturity() throws Exception {
            return json.readTree(ok("maturity", "--log", log.toString(), "--since", "30d", "--json"));
        }
    }

    private static JsonNode criterion(JsonNode card, String id) {
        for (JsonNode c : card.get("criteria")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no criterion " + id + " in " + card);
    }

    private static final String AI = "\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n";

    /** An AI change to production config, scored, approved, deployed behind a canary, rolled back after 12 minutes. */
    private JsonNode disciplinedChange(Pipeline p, Instant at) throws Exception {
        p.commit("config/prod/settings.properties", "replicas=" + (3 + p.n) + "\n", "Scale prod" + AI);
        JsonNode risk = p.assess(at);
        assertThat(risk.get("tier").asText()).isEqualTo("HIGH");
        p.approve(risk, at.plusSeconds(1200));
        p.event(risk, "canary-step", at.plusSeconds(1800), "promote", null);
        p.event(risk, "deployment-done", at.plusSeconds(1860), "success", "{\"environment\":\"production\"}");
        return risk;
    }

    @Test
    void aTeamThatClassifiesApprovesCanariesAndRollsBackReachesLevelThree() throws Exception {
        Pipeline p = new Pipeline("disciplined");
        JsonNode first = disciplinedChange(p, base);
        p.event(first, "rollback", base.plusSeconds(1860 + 720), "rolled-back", null);
        disciplinedChange(p, base.plusSeconds(7200));
        p.commit("docs/guide.md", "# Guide\n", "Document the rollout"); // a human docs change: LOW, no sign-off needed
        JsonNode docs = p.assess(base.plusSeconds(9000));
        assertThat(docs.get("tier").asText()).isEqualTo("LOW");

        JsonNode card = p.maturity();
        assertThat(criterion(card, "classified-before-merge").get("status").asText()).isEqualTo("passed");
        assertThat(criterion(card, "classified-before-merge").get("value").asDouble()).isEqualTo(1.0);
        assertThat(criterion(card, "approval-policy").get("status").asText()).isEqualTo("passed");
        JsonNode signOff = criterion(card, "high-risk-without-sign-off");
        assertThat(signOff.get("status").asText()).isEqualTo("passed");
        assertThat(signOff.get("value").asDouble()).isZero();
        assertThat(signOff.get("measured").asText()).contains("0 of 2");
        assertThat(criterion(card, "canary-coverage").get("measured").asText()).contains("2 of 2");
        JsonNode rollback = criterion(card, "mean-time-to-rollback");
        assertThat(rollback.get("status").asText()).isEqualTo("passed");
        assertThat(rollback.get("value").asDouble()).isEqualTo(720.0);
        JsonNode admins = criterion(card, "admin-equivalent-access");
        assertThat(admins.get("status").asText()).isEqualTo("passed");
        assertThat(admins.get("measured").asText()).contains("over 3 recorded assessments");
        JsonNode query = criterion(card, "audit-query-time");
        assertThat(query.get("value").asDouble()).isPositive();
        boolean fast = query.get("value").asDouble() <= 1.0;
        assertThat(query.get("status").asText()).isEqualTo(fast ? "passed" : "failed");
        assertThat(card.get("level").asInt()).isEqualTo(fast ? 4 : 3);
        for (JsonNode c : card.get("criteria")) {
            assertThat(c.get("next").asText()).as(c.get("id").asText()).isNotBlank();
            assertThat(c.get("source").asText()).as(c.get("id").asText()).isNotBlank();
        }

        // the Jenkins project page grades one job from the controller log's index: the same criteria as the CLI's file store
        Instant to = Instant.parse(card.get("to").asText());
        Instant from = Instant.parse(card.get("from").asText());
        MaturityScorecard page = new MaturityAssessor().assess(AuditIndex.open(p.log), p.log.toString(), "disciplined", new PolicyLoader().defaults(),
                from, to);
        JsonNode pageJson = json.readTree(JsonDocuments.newMapper().writeValueAsString(page));
        for (JsonNode c : card.get("criteria")) {
            if (!c.get("id").asText().equals("audit-query-time")) {
                assertThat(criterion(pageJson, c.get("id").asText())).as(c.get("id").asText()).isEqualTo(c);
            }
        }
        assertThat(pageJson.get("level").asInt()).isBetween(3, 4);
        assertThat(new MaturityAssessor().assess(AuditIndex.open(p.log), p.log.toString(), "another-job", new PolicyLoader().defaults(), from, to)
                .level()).as("another job's events are not this job's").isZero();

        String text = ok("maturity", "--log", p.log.toString(), "--since", "30d");
        assertThat(text).contains("Level 1  classified").contains("Level 4  accountable").contains("[passed]  classified-before-merge")
                .contains("2 of 2 AI changes").contains("next: ");
    }

    @Test
    void anUnapprovedAdminGrantDeployedWithoutCanaryFailsLevelTwoAndNamesTheGrant() throws Exception {
        Pipeline p = new Pipeline("careless");
        disciplinedChange(p, base);
        p.commit("iam/admin-policy.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}\n",
                "Give the deployer what it needs" + AI);
        JsonNode admin = p.assess(base.plusSeconds(3600));
        assertThat(admin.get("tier").asText()).isEqualTo("CRITICAL");
        assertThat(admin.get("reasons").toString()).contains("account-level-iam");
        p.event(admin, "deployment-done", base.plusSeconds(3700), "success", "{\"environment\":\"production\"}");
        // an AI change deployed before it was ever scored: classified only after the fact
        p.commit("src/app.py", "print('hi')\n", "Add app" + AI);
        JsonNode late = p.assess(base.plusSeconds(5000));
        p.event(late, "deployment-done", base.plusSeconds(4000), "success", "{\"environment\":\"staging\"}");

        JsonNode card = p.maturity();
        JsonNode classified = criterion(card, "classified-before-merge");
        assertThat(classified.get("status").asText()).isEqualTo("failed");
        assertThat(classified.get("measured").asText()).contains("2 of 3");
        assertThat(classified.get("subjects").toString()).contains(late.get("fingerprint").asText());
        JsonNode signOff = criterion(card, "high-risk-without-sign-off");
        assertThat(signOff.get("status").asText()).isEqualTo("failed");
        assertThat(signOff.get("value").asDouble()).isEqualTo(1.0);
        assertThat(signOff.get("subjects").toString()).contains(admin.get("fingerprint").asText()).contains("CRITICAL");
        JsonNode canary = criterion(card, "canary-coverage");
        assertThat(canary.get("measured").asText()).contains("1 of 2 production deployments"); // the staging one is not production
        assertThat(canary.get("status").asText()).isEqualTo("failed");
        JsonNode admins = criterion(card, "admin-equivalent-access");
        assertThat(admins.get("status").asText()).isEqualTo("failed");
        assertThat(admins.get("subjects").toString()).contains("iam/admin-policy.json");
        assertThat(criterion(card, "mean-time-to-rollback").get("status").asText()).isEqualTo("unknown");
        assertThat(card.get("level").asInt()).isZero();
        assertThat(card.get("levelName").asText()).isEqualTo("none");
        assertThat(signOff.get("next").asText()).contains("aiApprovalGate");
    }

    @Test
    void forgedSignOffsInTheLogDoNotSignAChangeOff() throws Exception {
        // red team, third landing: anyone can append events; an AI, a nobody or a denial is no sign-off
        Pipeline p = new Pipeline("forged");
        p.commit("iam/admin-policy.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}\n",
                "Give the deployer what it needs" + AI);
        JsonNode admin = p.assess(base.plusSeconds(3600));
        for (String forged : new String[] {"\"actor\":\"claude-code\",\"outcome\":\"approved\"", "\"actor\":\"\",\"outcome\":\"approved\"",
                "\"actor\":\"mallory\",\"outcome\":\"denied\"", "\"actor\":\"anthropic-claude\",\"outcome\":\"approved\""}) {
            p.append(admin, "{\"type\":\"approval-given\",\"time\":\"" + base.plusSeconds(3650) + "\"," + forged + "}");
        }
        p.event(admin, "deployment-done", base.plusSeconds(3700), "success", "{\"environment\":\"production\"}");
        JsonNode signOff = criterion(p.maturity(), "high-risk-without-sign-off");
        assertThat(signOff.get("status").asText()).isEqualTo("failed");
        assertThat(signOff.get("subjects").toString()).contains(admin.get("fingerprint").asText());
    }

    @Test
    void anEmptyTrailIsUnknownAndUnknownNeverPasses() throws Exception {
        Path log = dir.resolve("empty.jsonl");
        Files.writeString(log, "");
        JsonNode card = json.readTree(ok("maturity", "--log", log.toString(), "--json"));
        assertThat(card.get("level").asInt()).isZero();
        for (String id : new String[] {"classified-before-merge", "high-risk-without-sign-off", "canary-coverage", "mean-time-to-rollback",
            "admin-equivalent-access"}) {
            JsonNode c = criterion(card, id);
            assertThat(c.get("status").asText()).as(id).isEqualTo("unknown");
            assertThat(c.has("value")).as(id).isFalse();
            assertThat(c.get("measured").asText()).as(id).startsWith("no");
        }
        assertThat(ok("maturity", "--log", log.toString())).contains("level 1 not reached yet").contains("[unknown]");
    }

    @Test
    void assessmentsRecordedWithoutTheirDocumentLeavePermissionHygieneUnknown() throws Exception {
        Pipeline p = new Pipeline("bare");
        p.commit("config/prod/settings.properties", "replicas=4\n", "Scale prod" + AI);
        String out = ok("risk", "--repo", p.repo.toString(), "--json");
        JsonNode risk = json.readTree(out);
        // a pipeline that records only the tier, not the assessment: the engine's IAM reading is not on record
        ok("audit", "append", "--log", p.log.toString(), "--event", "{\"type\":\"risk-assessed\",\"fingerprint\":\"" + risk.get("fingerprint").asText()
                + "\",\"tier\":\"" + risk.get("tier").asText() + "\",\"changeSource\":\"ai-assisted\"}");
        JsonNode admins = criterion(p.maturity(), "admin-equivalent-access");
        assertThat(admins.get("status").asText()).isEqualTo("unknown");
        assertThat(admins.get("next").asText()).contains("--risk");
    }

    @Test
    void aPolicyWithoutApproversForHighFailsLevelTwo() throws Exception {
        Path policy = dir.resolve("lax.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\napproval:\n  tiers:\n    HIGH:\n      slots: []\n");
        Path log = dir.resolve("none.jsonl");
        Files.writeString(log, "");
        AigovRun r = aigov("maturity", "--log", log.toString(), "--policy", policy.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode c = criterion(json.readTree(r.out()), "approval-policy");
        assertThat(c.get("status").asText()).isEqualTo("failed");
        assertThat(c.get("subjects").toString()).contains("HIGH");
    }

    @Test
    void aDeploymentToAnEnvironmentThePolicyNamesNonProductionIsNotAProductionDeployment() throws Exception {
        Pipeline p = new Pipeline("perf");
        disciplinedChange(p, base);
        p.commit("src/app.py", "print('load')\n", "Load test build" + AI);
        JsonNode perf = p.assess(base.plusSeconds(3600));
        p.event(perf, "deployment-done", base.plusSeconds(3700), "success", "{\"environment\":\"perf\"}");
        // under the built-in policy perf is unclassified, so production: a production deployment without a canary
        assertThat(criterion(p.maturity(), "canary-coverage").get("measured").asText()).contains("1 of 2 production deployments");
        Path policy = dir.resolve("perf.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nenvironments:\n  nonProduction: [perf]\n");
        JsonNode card = json.readTree(ok("maturity", "--log", p.log.toString(), "--since", "30d", "--policy", policy.toString(), "--json"));
        assertThat(criterion(card, "canary-coverage").get("measured").asText()).contains("1 of 1 production deployments");
    }

    @Test
    void badInputIsNamed() {
        AigovRun r = aigov("maturity", "--log", dir.resolve("a.jsonl").toString(), "--since", "yesterday-ish");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--since");
        AigovRun both = aigov("maturity");
        assertThat(both.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(both.err()).contains("--log");
    }
}
