package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red team through {@code aigov}: an AI agent's IAM change dressed up as a human one (by message
 * layout, by a human governance block, by an agent the tool did not know) must still be refused by
 * {@code aigov scope}; spellings of one person or of an AI identity must not satisfy
 * {@code aigov approval check}. Real git repositories, real plan documents.
 */
class CliAttackTest {

    private static final PersonIdent HANNA = new PersonIdent("Hanna Human", "hanna@corp.example");
    private static final String HUMAN_BLOCK = "[AI-GOVERNANCE]\nchange_source: human\n[/AI-GOVERNANCE]\n";

    @TempDir
    Path dir;
    private Path repo;
    private Git git;
    private Path plan;
    private final ObjectMapper json = new ObjectMapper();

    private record Result(int code, String out, String err) {
    }

    private static Result aigov(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void repo() throws Exception {
        repo = dir.resolve("repo");
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        commit("README.md", "# infra\n", "init", HANNA, HANNA);
        plan = new TerraformPlanFixture()
                .change("aws_iam_role.deployer", "aws_iam_role", "[\"create\"]", "{\"name\":\"deployer\",\"assume_role_policy\":\"{}\"}")
                .writeTo(dir.resolve("plan.json"));
    }

    @AfterEach
    void close() {
        git.close();
    }

    private void commit(String path, String content, String message, PersonIdent author, PersonIdent committer) throws Exception {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor(author).setCommitter(committer).setSign(false).call();
    }

    private Result scope(String... extra) {
        String[] base = {"scope", "--repo", repo.toString(), "--plan", plan.toString(), "-e", "dev", "--branch", "feature/roles", "--json"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return aigov(all);
    }

    @Test
    void aPlainHumanIamChangeIsAllowedSoTheRefusalsBelowAreAboutProvenance() throws Exception {
        commit("iam/role.tf", "resource \"aws_iam_role\" \"deployer\" {}\n", "Add deployer role\n\nSigned-off-by: Hanna Human <hanna@corp.example>",
                HANNA, HANNA);
        Result r = scope();
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // the agent trailer, then a human block
            "Add deployer role\n\nAI-Agent: claude-code\n\n" + HUMAN_BLOCK,
            // the agent trailer, then a Signed-off-by paragraph
            "Add deployer role\n\nAI-Agent: devin\n\nSigned-off-by: Hanna Human <hanna@corp.example>",
            // the agent trailer, then a Reviewed-by paragraph, indented under a sign-off
            "Add deployer role\n\nSigned-off-by: Hanna Human <hanna@corp.example>\n AI-Agent: codex\n\nReviewed-by: Bob <bob@corp.example>",
            // a zero-width space in the key and a human block
            "Add deployer role\n\nAI\u200B-Agent: cursor\n\n" + HUMAN_BLOCK,
            // the seed standard's own block naming the agent
            "Add deployer role\n\n[AI-GOVERNANCE]\nchange_source: kiro-ai-agent-v2.1\nrisk_tier: LOW\napproved_by: hanna\n[/AI-GOVERNANCE]\n"})
    void anAgentsIamChangeBehindAHumanLayoutIsRefused(String message) throws Exception {
        commit("iam/role.tf", "resource \"aws_iam_role\" \"deployer\" {}\n", message, HANNA, HANNA);
        Result r = scope();
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.GATE_FAILED);
        JsonNode d = json.readTree(r.out());
        assertThat(d.path("outcome").asText()).isEqualTo("deny");
        assertThat(d.toString()).contains("ai-no-iam");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Amp|amp@ampcode.com", "factory-droid[bot]|138933559+factory-droid[bot]@users.noreply.github.com",
            "openhands|openhands@all-hands.dev", "Amazon Q Developer|q@example.org", "Kiro Agent|kiro@example.org"})
    void anAgentTheToolOnceTookForAHumanIsRefused(String spec) throws Exception {
        String[] s = spec.split("\\|");
        PersonIdent agent = new PersonIdent(s[0], s[1]);
        commit("iam/role.tf", "resource \"aws_iam_role\" \"deployer\" {}\n", "Add deployer role\n\n" + HUMAN_BLOCK, agent, agent);
        Result r = scope();
        assertThat(r.code()).as(spec + "\n" + r.out() + r.err()).isEqualTo(ExitCode.GATE_FAILED);
        assertThat(json.readTree(r.out()).path("outcome").asText()).isEqualTo("deny");
    }

    /** A HIGH change (production path) by alice; the approvals below try to fill both slots with one person or an AI. */
    private String highRiskFingerprint() throws Exception {
        PersonIdent alice = new PersonIdent("Alice Smith", "alice@corp.example");
        commit("config/prod/settings.properties", "replicas=3\n", "scale prod", alice, alice);
        Result r = aigov("approval", "requirements", "--repo", repo.toString(), "--initiator", "bob", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode req = json.readTree(r.out());
        assertThat(req.get("tier").asText()).isEqualTo("HIGH");
        // the environment the engine read from the change (config/prod): approvals are given for it
        environment = req.path("environment").isTextual() ? req.get("environment").asText() : null;
        return req.get("fingerprint").asText();
    }

    private String environment;

    private Path approvals(String fingerprint, String[]... people) throws Exception {
        String at = Instant.now().minusSeconds(60).toString();
        StringBuilder sb = new StringBuilder("[");
        for (String[] p : people) {
            sb.append(sb.length() == 1 ? "" : ",").append("{\"kind\":\"approve\",\"approverId\":\"").append(p[0]).append("\",")
                    .append(p[1] == null ? "" : "\"email\":\"" + p[1] + "\",").append("\"groups\":[\"").append(p[2])
                    .append("\"],\"fingerprint\":\"").append(fingerprint).append("\",\"tierSeen\":\"HIGH\",\"at\":\"").append(at).append("\"")
                    .append(environment == null ? "" : ",\"environment\":\"" + environment + "\"").append("}");
        }
        Path f = dir.resolve("approvals.json");
        Files.writeString(f, sb.append("]").toString());
        return f;
    }

    private Result check(Path approvals) {
        return aigov("approval", "check", "--repo", repo.toString(), "--initiator", "bob", "--approvals", approvals.toString(), "--json");
    }

    @Test
    void onePersonInTwoSpellingsDoesNotFillTwoSlots() throws Exception {
        String fp = highRiskFingerprint();
        for (String[] pair : new String[][] {{"sam", "sam@corp.example"}, {"sam", "Sam+ops@corp.example"}, {"sam", "s\\u200bam"}}) {
            Path a = approvals(fp, new String[] {pair[0], null, "senior-engineers"}, new String[] {pair[1], null, "team-leads"});
            Result r = check(a);
            assertThat(r.code()).as(String.join(" / ", pair) + "\n" + r.out() + r.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
            assertThat(r.out()).contains("duplicate-person");
        }
        Result ok = check(approvals(fp, new String[] {"sam", "sam@corp.example", "senior-engineers"}, new String[] {"lee", null, "team-leads"}));
        assertThat(ok.code()).as(ok.out() + ok.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void theInitiatorTheAuthorAndAiIdentitiesNeverApprove() throws Exception {
        String fp = highRiskFingerprint();
        for (String who : new String[] {"bob@corp.example", "BOB", "alice+ops@corp.example", "\\u0430lice", "Claude", "copilot[bot]",
                "factory-droid"}) {
            Result r = check(approvals(fp, new String[] {who, null, "senior-engineers"}, new String[] {"lee", null, "team-leads"}));
            assertThat(r.code()).as(who + "\n" + r.out() + r.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
            assertThat(json.readTree(r.out()).path("refused").toString()).as(who).containsAnyOf("self-approval", "ai-identity");
        }
    }

    @Test
    void policyExclusionGlobsSeeThroughSpellings() throws Exception {
        String fp = highRiskFingerprint();
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, """
                apiVersion: ai-governance/v1
                approval:
                  exclusions:
                    - { identity: "*@contractor.example", reason: contractors do not approve production }
                """);
        for (String email : new String[] {"mallory@CONTRACTOR.example", "mallory@contractor.exampl\\u0435", "mallory+x@contractor.example"}) {
            Path a = approvals(fp, new String[] {"mallory", email, "senior-engineers"}, new String[] {"lee", null, "team-leads"});
            Result r = aigov("approval", "check", "--repo", repo.toString(), "--policy", policy.toString(), "--initiator", "bob",
                    "--approvals", a.toString(), "--json");
            assertThat(r.code()).as(email + "\n" + r.out() + r.err()).isEqualTo(ExitCode.NEEDS_HUMAN);
            assertThat(json.readTree(r.out()).path("refused").toString()).as(email).contains("contractors do not approve production");
        }
    }
}
