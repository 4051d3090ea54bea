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
import io.jenkins.plugins.aigovernance.core.testing.TerraformGraphFixture;
import io.jenkins.plugins.aigovernance.model.GovernanceProjectAction;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.nio.file.Path;
import net.sf.json.JSONArray;
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

    private static final String BOUNDARY_ARN = "arn:aws:iam::123456789012:policy/org-boundary";

    /**
     * The outage case through the step: an agent edits the shared permission boundary of the plan; its twelve users
     * live only in another workspace's state given with {@code states}. The return value carries the dependents and
     * the build page and REST API show them.
     */
    @Test
    void dependentsFromAnExtraStateAreInTheReturnValueAndOnTheBuildPage(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "graph", """
            node {
              def risk = aiRiskScore(plan: 'plan.json', states: ['states/apps.json'])
              def graph = risk.dependents.graph
              echo "tier=${risk.tier} dependents=${graph.resources} units=${graph.units} capped=${graph.capped}"
              echo "edge=${graph.listed[0].edge} from=${graph.listed[0].from} shared=${graph.changed[0].shared}"
              echo "summary=${graph.changed[0].summary}"
            }
            """);
        GovernedRepo.create(
                j,
                job,
                "iam/boundary.tf",
                "resource \"aws_iam_policy\" \"boundary\" {}\n",
                GovernedRepo.CLAUDE,
                "Optimise the permission boundary");
        Path ws = Path.of(j.jenkins.getWorkspaceFor(job).getRemote());
        new TerraformGraphFixture()
                .resource(
                        "aws_iam_policy.boundary",
                        "aws_iam_policy",
                        "{\"arn\":\"" + BOUNDARY_ARN + "\",\"id\":\"" + BOUNDARY_ARN + "\"}")
                .change("aws_iam_policy.boundary", "[\"update\"]")
                .writePlan(ws.resolve("plan.json"));
        TerraformGraphFixture apps = new TerraformGraphFixture();
        for (int i = 1; i <= 12; i++) {
            String m = "svc_%02d".formatted(i);
            apps.resource(
                    "module." + m + ".aws_iam_role.this",
                    "aws_iam_role",
                    "{\"arn\":\"arn:aws:iam::123456789012:role/" + m + "\",\"id\":\"" + m
                            + "\",\"permissions_boundary\":\"" + BOUNDARY_ARN + "\"}");
        }
        apps.writeState(ws.resolve("states/apps.json"));

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("tier=CRITICAL dependents=12 units=12 capped=false", run);
        j.assertLogContains("edge=permission-boundary-of from=aws_iam_policy.boundary shared=true", run);
        j.assertLogContains(
                "summary=`aws_iam_policy.boundary` is the permission boundary of 12 aws_iam_role in 12 modules", run);
        j.assertLogContains(
                "  dependents: `aws_iam_policy.boundary` is the permission boundary of 12 aws_iam_role", run);

        JSONObject json = j.getJSON(run.getUrl() + "ai-governance/api/json").getJSONObject();
        JSONObject graph =
                json.getJSONObject("risk").getJSONObject("dependents").getJSONObject("graph");
        assertThat(graph.getInt("resources"), is(12));
        JSONArray listed = graph.getJSONArray("listed");
        assertThat(listed.size(), is(12));
        for (int i = 0; i < listed.size(); i++) {
            assertThat(listed.getJSONObject(i).getString("source"), containsString("apps.json"));
            assertThat(listed.getJSONObject(i).getString("address"), startsWith("module.svc_"));
        }

        HtmlPage page = j.createWebClient().getPage(run, "ai-governance");
        assertThat(page.getElementById("ai-governance-tier").getTextContent(), is("CRITICAL"));
        String dependents = page.getElementById("ai-governance-dependents").getTextContent();
        assertThat(dependents, containsString("12 resources in 12 units"));
        assertThat(
                page.asNormalizedText(), containsString("is the permission boundary of 12 aws_iam_role in 12 modules"));
        assertThat(page.asNormalizedText(), containsString("module.svc_01"));
    }

    /** Missing or unreadable extra state files fail the build closed, naming the file. */
    @Test
    void unreadableStateFileFailsTheBuildNamingIt(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(
                j, "broken-state", "node { aiRiskScore(plan: 'plan.json', states: ['states/broken.json']) }");
        GovernedRepo.create(
                j,
                job,
                "iam/boundary.tf",
                "resource \"aws_iam_policy\" \"boundary\" {}\n",
                GovernedRepo.CLAUDE,
                "Edit");
        Path ws = Path.of(j.jenkins.getWorkspaceFor(job).getRemote());
        new TerraformGraphFixture()
                .resource("aws_iam_policy.boundary", "aws_iam_policy", "{\"arn\":\"" + BOUNDARY_ARN + "\"}")
                .change("aws_iam_policy.boundary", "[\"update\"]")
                .writePlan(ws.resolve("plan.json"));
        java.nio.file.Files.createDirectories(ws.resolve("states"));
        java.nio.file.Files.writeString(ws.resolve("states/broken.json"), "{\"format_version\":\"1.0\",\"values\":");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("AI Governance could not score the change", run);
        j.assertLogContains("broken.json", run);
    }
}
