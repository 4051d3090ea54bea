package io.jenkins.plugins.aigovernance.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.EnvVars;
import hudson.FilePath;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's path through {@code engine/} on real git repositories, without a Jenkins instance: the same
 * decisions as {@code aigov} (the engine's tests cover each rule; these prove the plugin hands over its inputs).
 */
class EngineDoorTest {

    @TempDir
    Path dir;

    private static String template(int firstWeight) {
        return """
                apiVersion: ai-governance/v1
                canary:
                  templates:
                    - name: checkout
                      metrics:
                        - {name: error-rate, query: 'sum(rate(errors[1m]))', successCondition: 'result[0] < 0.02', interval: 30s, count: 2}
                      steps:
                        - setWeight: %d
                        - analysis: {}
                        - setWeight: 100
                """.formatted(firstWeight);
    }

    @Test
    void aPullRequestBuildOfAnAgentBranchIsAnAgentChange() throws Exception {
        try (GitFixture git = GitFixture.init(dir)) {
            git.write("README.md", "# app\n").commit("Initial commit");
            git.write("src/App.java", "class App {}\n").commit("Fix the app");
            EnvVars env = new EnvVars("BRANCH_NAME", "PR-12", "CHANGE_BRANCH", "claude/fix-x");

            ChangeInputs inputs =
                    new ChangeInputs(null, null, null, null, null, "dev", JenkinsInputs.sourceBranch(env));
            AnalysisResult result = new FilePath(dir.toFile()).act(new ChangeAnalysis(inputs, null, null, List.of()));
            RiskAssessment risk = result.risk();

            assertThat(inputs.getBranch(), is("claude/fix-x"));
            assertThat(risk.provenance().source(), is(ChangeSource.AI_AGENT));
            assertThat(risk.agentId(), is("claude-code"));
        }
    }

    @Test
    void theGlobalDefaultPolicyIsTheEnginesFourthChoice() throws Exception {
        try (GitFixture git = GitFixture.init(dir)) {
            git.write("README.md", "# app\n").commit("Initial commit");
            git.write("src/App.java", "class App {}\n").commit("Change");
            String global = "apiVersion: ai-governance/v1\nmetadata: {name: corp, version: '3'}\n";

            AnalysisResult result = new FilePath(dir.toFile())
                    .act(new ChangeAnalysis(
                            new ChangeInputs(null, null, null, null, null, "dev", null), global, null, List.of()));

            assertThat(result.risk().policy(), containsString("corp@3"));
        }
    }

    @Test
    void aCanaryTemplateIsReadAtTheBaseRevision() throws Exception {
        try (GitFixture git = GitFixture.init(dir)) {
            git.write(".ai-governance.yml", template(5)).commit("Canary template");
            git.write(".ai-governance.yml", template(100)).commit("Straight to 100%");

            CanaryPlan plan = CanaryPlans.template(
                    new FilePath(dir.toFile()),
                    new ChangeInputs(null, null, null, null, null, null, null),
                    null,
                    "checkout");

            assertThat(plan.steps().get(0).setWeight(), is(5));
            assertThrows(
                    InvalidInputException.class,
                    () -> CanaryPlans.template(
                            null, new ChangeInputs(null, null, null, null, null, null, null), null, "checkout"));
        }
    }

    @Test
    void theJobPolicyIsTheSecondLinkOfTheChain() throws Exception {
        Files.writeString(dir.resolve("job.yml"), "apiVersion: ai-governance/v1\n");
        ChangeInputs inputs = new ChangeInputs(null, null, null, null, "step.yml", null, null).withJobPolicy("job.yml");

        assertThat(inputs.toRequest(dir).policyFile(), is(dir.resolve("step.yml")));
        assertThat(inputs.policyChain(dir, null).jobFile(), is(dir.resolve("job.yml")));
        assertThat(inputs.withEnvironment("prod").getJobPolicy(), is("job.yml"));
        assertThat(inputs.withPolicy("other.yml").getJobPolicy(), is("job.yml"));
        assertThat(
                new ChangeInputs(null, null, null, null, null, null, null)
                        .policyChain(dir, null)
                        .jobFile(),
                nullValue());
        assertThat(JenkinsInputs.globalPolicy("  "), nullValue());
    }
}
