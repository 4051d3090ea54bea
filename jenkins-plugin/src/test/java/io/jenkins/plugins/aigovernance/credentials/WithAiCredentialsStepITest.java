package io.jenkins.plugins.aigovernance.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class WithAiCredentialsStepITest {

    private static final String PLAN_SECRET = "plan-s3cr3t-value";
    private static final String APPLY_SECRET = "apply-s3cr3t-value";

    private static void addCredentials(JenkinsRule j) throws Exception {
        var store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "plan-token", "read-only", Secret.fromString(PLAN_SECRET)));
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "apply-token", "write", Secret.fromString(APPLY_SECRET)));
    }

    @Test
    void approvedChangeGetsPlanAndApplyCredentialsMaskedInTheLog(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "approved", """
            node {
              aiRiskScore()
              aiApprovalGate()
              withAiCredentials(plan: 'plan-token', apply: 'apply-token', ttlMinutes: 5) {
                echo "plan=${env.AI_PLAN_TOKEN} apply=${env.AI_APPLY_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("plan=**** apply=**** allowed=true", run);
        j.assertLogNotContains(PLAN_SECRET, run);
        j.assertLogNotContains(APPLY_SECRET, run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(
                action.recordsOf(RecordKind.CREDENTIALS).stream()
                        .map(GovernanceRecord::getOutcome)
                        .toList(),
                contains("plan-and-apply", "unbound"));
        assertThat(
                j.getJSON(run.getUrl() + "ai-governance/api/json")
                        .getJSONObject()
                        .toString()
                        .contains(APPLY_SECRET),
                is(false));
    }

    @Test
    void withoutApprovalOnlyPlanCredentialsAreBound(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "unapproved", """
            node {
              aiRiskScore()
              withAiCredentials(plan: 'plan-token', apply: 'apply-token') {
                echo "apply=${env.AI_APPLY_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("apply credentials NOT bound: this build holds no approval", run);
        j.assertLogContains("apply=null allowed=false", run);
        j.assertLogNotContains(PLAN_SECRET, run);
        j.assertLogNotContains(APPLY_SECRET, run);
    }

    @Test
    void aStagingApprovalNeverBindsTheApplyCredentialsOfProduction(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "staging-then-production", """
            node {
              aiRiskScore(environment: 'staging')
              aiApprovalGate()
              withAiCredentials(plan: 'plan-token', apply: 'apply-token', environment: 'production') {
                echo "production apply=${env.AI_APPLY_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
              withAiCredentials(apply: 'apply-token') {
                echo "unnamed apply=${env.AI_APPLY_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
              withAiCredentials(apply: 'apply-token', environment: 'Staging') {
                echo "staging apply=${env.AI_APPLY_TOKEN} allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        // the approval (a LOW change: nobody needed) was for staging: production's apply side stays unbound
        j.assertLogContains("production apply=null allowed=false", run);
        j.assertLogContains(
                "apply credentials NOT bound: the approval was for environment staging, but this apply is for production",
                run);
        j.assertLogContains(
                "name the same environment in aiRiskScore(environment: ...) and withAiCredentials(environment: ...)",
                run);
        // a block that names no environment is production, and is refused too
        j.assertLogContains("unnamed apply=null allowed=false", run);
        j.assertLogContains("the approval was for environment staging, but this apply names no environment", run);
        // the environment the approval was for, in any case, binds
        j.assertLogContains("staging apply=**** allowed=true", run);
        j.assertLogNotContains(APPLY_SECRET, run);
        List<GovernanceRecord> bindings =
                run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.CREDENTIALS);
        assertThat(
                bindings.stream().map(GovernanceRecord::getOutcome).toList(),
                contains("plan-only", "unbound", "plan-only", "unbound", "plan-and-apply", "unbound"));
        assertThat(bindings.get(0).getDocument().get("environment"), is("production"));
        assertThat(bindings.get(4).getDocument().get("environment"), is("Staging"));
    }

    @Test
    void anApprovalForNoEnvironmentNeverBindsANamedOne(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "unnamed-then-production", """
            node {
              aiRiskScore()
              aiApprovalGate()
              withAiCredentials(apply: 'apply-token', environment: 'production') {
                echo "production allowed=${env.AI_APPLY_ALLOWED}"
              }
              withAiCredentials(apply: 'apply-token') {
                echo "unnamed allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("production allowed=false", run);
        j.assertLogContains("this apply is for environment production, but the approval named no environment", run);
        j.assertLogContains("unnamed allowed=true", run);
    }

    @Test
    void applyCredentialsAreWithheldWhenTheChangeMovedAfterApproval(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "moved", """
            node {
              aiRiskScore()
              aiApprovalGate()
              semaphore 'moved'
              withAiCredentials(plan: 'plan-token', apply: 'apply-token') {
                echo "allowed=${env.AI_APPLY_ALLOWED}"
              }
            }
            """);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("moved/1", run);
        try (GitFixture git =
                GitFixture.init(Path.of(j.jenkins.getWorkspaceFor(job).getRemote()))) {
            git.write("docs/guide.md", "# Guide, edited after approval\n");
            git.commit("Sneak in an edit", GovernedRepo.CLAUDE);
        }
        SemaphoreStep.success("moved/1", null);

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("the change moved since it was approved", run);
        j.assertLogContains("allowed=false", run);
    }

    @Test
    void aSecretInAnExceptionMessageIsMaskedOutsideTheBodyToo(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "failure", """
            node {
              try {
                withAiCredentials(plan: 'plan-token') {
                  error "terraform failed: token ${env.AI_PLAN_TOKEN} rejected"
                }
              } catch (e) {
                echo "caught: ${e.message}"
              }
              withAiCredentials(plan: 'plan-token') {
                error "second failure with ${env.AI_PLAN_TOKEN}"
              }
            }
            """);

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        // printed outside the body, where the console-log filter does not reach: only the FailureHandler masks it
        j.assertLogContains("caught: terraform failed: token **** rejected", run);
        j.assertLogContains("second failure with ****", run);
        j.assertLogNotContains(PLAN_SECRET, run);
        assertThat(
                hudson.Functions.printThrowable(run.getExecution().getCauseOfFailure())
                        .contains(PLAN_SECRET),
                is(false));
    }

    @Test
    void bindingEndsWhenTheTtlPasses(JenkinsRule j) throws Exception {
        addCredentials(j);
        WorkflowJob job = GovernedRepo.job(j, "ttl", """
            node {
              withAiCredentials(plan: 'plan-token', ttlMinutes: 1) {
                semaphore 'hold'
              }
            }
            """);
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("hold/1", run);

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
        j.assertLogContains("time to live of 1 minutes passed", run);
        assertThat(
                run.getAction(GovernanceRunAction.class)
                        .recordsOf(RecordKind.CREDENTIALS)
                        .get(1)
                        .getOutcome(),
                is("unbound"));
    }
}
