package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aigov risk} and {@code aigov policy} against real repositories: output, JSON and exit codes. */
class RiskCommandTest {

    @TempDir
    Path dir;

    private GitFixture git;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void repository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# app\n").write("Jenkinsfile", "pipeline {}\n");
        git.commit("initial");
    }

    @Test
    void aPullRequestAliasDoesNotHideTheAgentBranchTheCiNames() throws Exception {
        git.write("src/App.java", "class App {}\n").commit("Fix the app");
        // the branch comes from the process environment: run the command line as its own process
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Aigov.class.getName(), "risk", "--repo", git.directory().toString(), "--json");
        io.jenkins.plugins.aigovernance.core.ci.CiEnvironment.BRANCH_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().put("BRANCH_NAME", "PR-12");
        pb.environment().put("CHANGE_BRANCH", "claude/fix-x");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        JsonNode doc = new ObjectMapper().readTree(out);
        assertThat(doc.path("provenance").path("source").asText()).isEqualTo("ai-agent");
        assertThat(doc.path("agentId").asText()).isEqualTo("claude-code");
        // --branch wins over the environment
        Result named = run("risk", "--repo", git.directory().toString(), "--branch", "feature/x", "--json");
        assertThat(new ObjectMapper().readTree(named.out()).path("provenance").path("source").asText()).isNotEqualTo("ai-agent");
    }

    @Test
    void aPullRequestAliasGivenAsBranchDoesNotHideTheAgentBranchEither() throws Exception {
        git.write("src/App.java", "class App {}\n").commit("Fix the app");
        // red team, third landing: --branch "$BRANCH_NAME" in a PR-12 build while CHANGE_BRANCH names the agent branch
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Aigov.class.getName(), "risk", "--repo", git.directory().toString(),
                "--branch", "PR-12", "--json");
        io.jenkins.plugins.aigovernance.core.ci.CiEnvironment.BRANCH_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().put("CHANGE_BRANCH", "claude/fix-x");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(new ObjectMapper().readTree(out).path("provenance").path("source").asText()).isEqualTo("ai-agent");
        // a remote prefix other than origin does not hide it
        for (String branch : new String[] {"upstream/claude/fix-x", "refs/remotes/fork/claude/fix-x", "fork/copilot/fix-1"}) {
            Result r = run("risk", "--repo", git.directory().toString(), "--branch", branch, "--json");
            assertThat(new ObjectMapper().readTree(r.out()).path("provenance").path("source").asText()).as(branch).isEqualTo("ai-agent");
        }
    }

    @Test
    void whoReviewsTheCodeAndTheCommitHooksAreNoDocumentation() throws Exception {
        // red team, third landing: CODEOWNERS was LOW (docs), hook-manager configurations plain code
        for (String path : new String[] {"CODEOWNERS", ".github/CODEOWNERS", ".pre-commit-config.yaml", "lefthook.yml", ".husky/commit-msg"}) {
            git.write(path, "* @someone\n").commit("Update " + path);
            JsonNode doc = new ObjectMapper().readTree(run("risk", "--repo", git.directory().toString(), "--json").out());
            assertThat(doc.path("tier").asText()).as(path).isIn("HIGH", "CRITICAL");
            assertThat(doc.path("reasons").findValuesAsText("rule")).as(path).contains("repository-controls").doesNotContain("docs");
        }
    }

    @Test
    void reportNamesTierRulesAndPaths() {
        git.write("Jenkinsfile", "pipeline { agent any }\n").commit("ci");
        Result r = run("risk", "--repo", git.directory().toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("tier          CRITICAL").contains("ci-definitions").contains("Jenkinsfile")
                .contains("blast radius").contains("builtin@1");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonIsTheResultDocument() throws Exception {
        git.write("README.md", "# app\nmore\n").commit("docs");
        Result r = run("risk", "--repo", git.directory().toString(), "--base", "HEAD~1", "--head", "HEAD", "--json", "-e", "staging");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("tier").asText()).isEqualTo("LOW");
        assertThat(doc.path("fingerprint").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(doc.path("reasons").get(0).path("rule").asText()).isEqualTo("docs");
        assertThat(doc.path("environment").asText()).isEqualTo("staging");
        assertThat(doc.path("blastRadius").asInt()).isBetween(1, 10);
    }

    @Test
    void failOnGivesExitOneAtOrAboveTheTier() {
        git.write("Jenkinsfile", "pipeline { agent none }\n").commit("ci");
        assertThat(run("risk", "--repo", git.directory().toString(), "--fail-on", "HIGH").code()).isEqualTo(ExitCode.GATE_FAILED);
        git.write("README.md", "# app\n\nx\n").commit("docs");
        assertThat(run("risk", "--repo", git.directory().toString(), "--fail-on", "HIGH").code()).isEqualTo(ExitCode.OK);
        Result bad = run("risk", "--repo", git.directory().toString(), "--fail-on", "SEVERE");
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("unknown tier 'SEVERE'");
    }

    @Test
    void badInputIsExitTwoWithoutAStackTrace() throws Exception {
        Result r = run("risk", "--repo", git.directory().toString(), "--base", "nope");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("aigov: nope: revision not found").doesNotContain("Exception").doesNotContain("\tat ");
        Path notGit = Files.createDirectories(dir.resolve("plain"));
        Result r2 = run("risk", "--repo", notGit.toString());
        assertThat(r2.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r2.err()).contains("not a git repository");
        Result r3 = run("risk", "--no-such-option");
        assertThat(r3.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r3.err()).contains("Unknown option");
    }

    @Test
    void policyValidateNamesLineAndField() throws Exception {
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nrisk:\n  defaultTier: MEDIUMISH\n");
        Result r = run("policy", "validate", policy.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("policy.yml:3:").contains("risk.defaultTier").contains("unknown risk tier 'MEDIUMISH'");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nmetadata: {name: team, version: \"2\"}\n");
        Result ok = run("policy", "validate", policy.toString());
        assertThat(ok.code()).isEqualTo(ExitCode.OK);
        assertThat(ok.out()).contains("valid (team@2");
    }

    @Test
    void policyShowPrintsDefaultsAndEffectivePolicy() throws Exception {
        Result defaults = run("policy", "show");
        assertThat(defaults.code()).isEqualTo(ExitCode.OK);
        assertThat(defaults.out()).contains("apiVersion: ai-governance/v1").contains("id: ci-definitions");
        Path policy = dir.resolve("p.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nrisk:\n  rules:\n    - {id: mine, tier: HIGH, reason: Mine, match: {paths: [\"mine/**\"]}}\n");
        Result effective = run("policy", "show", policy.toString());
        assertThat(effective.out()).contains("id: mine").contains("id: docs");
    }

    @Test
    void explicitPolicyFileIsUsed() throws Exception {
        Path policy = dir.resolve("strict.yml");
        Files.writeString(policy, "apiVersion: ai-governance/v1\nmetadata: {name: strict, version: \"1\"}\nrisk:\n  rules:\n    - {id: docs, tier: HIGH}\n");
        git.write("README.md", "# app\nchanged\n").commit("docs");
        Result r = run("risk", "--repo", git.directory().toString(), "--policy", policy.toString(), "--json");
        assertThat(r.out()).contains("\"tier\" : \"HIGH\"").contains("strict@1");
    }

    @Test
    void badPlansAndManifestsAreClearErrorsAndStayUntouched() throws Exception {
        git.write("README.md", "# app\nplan\n").commit("docs");
        String repo = git.directory().toString();

        Path truncated = dir.resolve("plan.json");
        String text = "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_vpc.main\",";
        Files.writeString(truncated, text);
        Result r = run("risk", "--repo", repo, "--plan", truncated.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("plan.json").doesNotContain("\tat ");
        assertThat(Files.readString(truncated)).isEqualTo(text);

        Path huge = dir.resolve("huge-plan.json");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(2L << 30); // sparse: no disk is used
        }
        Result big = run("risk", "--repo", repo, "--plan", huge.toString());
        assertThat(big.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(big.err()).contains("huge-plan.json").contains("over the limit");
        assertThat(Files.size(huge)).isEqualTo(2L << 30);

        Path manifests = Files.createDirectories(dir.resolve("k8s"));
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        Files.writeString(manifests.resolve("bomb.yaml"), bomb);
        Result yaml = run("risk", "--repo", repo, "--manifests", manifests.toString());
        assertThat(yaml.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(yaml.err()).contains("bomb.yaml");

        Result missing = run("risk", "--repo", repo, "--plan", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("nope.json");
    }

    @Test
    void planResourcesAreScored() throws Exception {
        git.write("infra/main.tf", "resource \"aws_db_instance\" \"orders\" {}\n").commit("infra");
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, """
                {"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[
                 {"address":"aws_db_instance.orders","mode":"managed","type":"aws_db_instance","name":"orders",
                  "provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["delete","create"],"before":{},"after":{}}}]}
                """);
        Result r = run("risk", "--repo", git.directory().toString(), "--plan", plan.toString(), "-e", "prod", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(doc.path("summary").path("destroyed").asInt()).isEqualTo(1);
        assertThat(doc.path("reasons").toString()).contains("stateful-destroy").contains("aws_db_instance.orders");
    }
}
