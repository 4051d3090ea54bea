package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.Result;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.AiGovernanceJobProperty;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.model.GovernanceProjectAction;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.nio.file.Path;
import net.sf.json.JSONObject;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiRiskScoreStepITest {

    @Test
    void scoresADocsChangeLowAndRecordsItOnTheBuild(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "docs", """
            node {
              def risk = aiRiskScore(environment: 'production')
              echo "tier=${risk.tier} radius=${risk.blastRadius} fp=${risk.fingerprint}"
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Document the service");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("tier=LOW", run);
        j.assertLogContains("AI Governance: risk LOW", run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action, notNullValue());
        assertThat(action.getTier(), is("LOW"));
        assertThat(action.getFingerprint(), startsWith("sha256:"));
        assertThat(action.recordsOf(RecordKind.RISK).size(), is(1));
        assertThat(action.getInputs().getBase(), is("HEAD~1"));
    }

    @Test
    void scoresAProductionChangeByAnAiAgentHighAndShowsItOnPageAndRestApi(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "prod", """
            node {
              def risk = aiRiskScore()
              echo "tier=${risk.tier} source=${risk.effectiveSource} agent=${risk.agentId}"
            }
            """);
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.CLAUDE, "Scale up");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("tier=HIGH", run);
        j.assertLogContains("agent=claude-code", run);
        JSONObject json = j.getJSON(run.getUrl() + "ai-governance/api/json").getJSONObject();
        assertThat(json.getString("tier"), is("HIGH"));
        assertThat(json.getJSONObject("risk").getString("effectiveSource"), is("ai-agent"));
        assertThat(json.getJSONArray("records").getJSONObject(0).getString("kind"), is("risk"));

        HtmlPage page = j.createWebClient().getPage(run, "ai-governance");
        assertThat(page.getElementById("ai-governance-tier").getTextContent(), is("HIGH"));

        assertThat(job.getAction(GovernanceProjectAction.class), notNullValue());
        JSONObject trends = j.getJSON(job.getUrl() + "ai-governance/api/json").getJSONObject();
        assertThat(trends.getJSONObject("aiChangesByTier").getInt("HIGH"), is(1));
        j.createWebClient().getPage(job, "ai-governance");
    }

    @Test
    void unknownRevisionFailsTheBuildClosed(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "bad", "node { aiRiskScore(base: 'no-such-branch') }");
        GovernedRepo.create(j, job, "docs/a.md", "a\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("AI Governance could not score the change", run);
        j.assertLogContains("no-such-branch", run);
    }

    @Test
    void globalDefaultPolicyAppliesWhenTheRepositoryHasNone(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration.get().setDefaultPolicy("""
            apiVersion: ai-governance/v1
            metadata: {name: company, version: "7"}
            """);
        WorkflowJob job = GovernedRepo.job(j, "global", "node { echo \"policy=${aiRiskScore().policy}\" }");
        GovernedRepo.create(j, job, "docs/a.md", "a\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("policy=company@7", run);
    }

    @Test
    void jobPropertyNamesThePolicyFile(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "property", "node { echo \"policy=${aiRiskScore().policy}\" }");
        job.addProperty(new AiGovernanceJobProperty("ops/policy.yml"));
        GovernedRepo.create(j, job, "docs/a.md", "a\n", GovernedRepo.HANNA, "Docs");
        Path ws = Path.of(j.jenkins.getWorkspaceFor(job).getRemote());
        try (GitFixture git = GitFixture.init(ws)) {
            git.write("ops/policy.yml", "apiVersion: ai-governance/v1\nmetadata: {name: ops, version: \"2\"}\n");
        }

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("policy=ops@2", run);
        assertThat(JenkinsRule.getLog(run), containsString("AI Governance: risk"));
    }
}
