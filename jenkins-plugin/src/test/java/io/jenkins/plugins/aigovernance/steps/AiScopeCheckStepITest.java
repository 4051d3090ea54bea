package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiScopeCheckStepITest {

    /** Billing code is out of bounds for agents unless tom, its owner, overrides. */
    private static final String POLICY = """
        apiVersion: ai-governance/v1
        scope:
          rules:
            - id: no-billing
              description: Agents leave billing alone
              message: billing code needs the review of its owner
              enforcement: soft-mandatory
              owners: [tom]
              match:
                - paths: ["billing/**"]
        """;

    private static final String PIPELINE = """
        node {
          aiRiskScore(environment: 'dev')
          def scope = aiScopeCheck(agent: 'claude-code')
          echo "scope=${scope.outcome} overrides=${scope.overrides.size()}"
        }
        """;

    @Test
    void changeInsideTheBoundariesPasses(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "inside", PIPELINE);
        GovernedRepo.create(j, job, POLICY, "docs/guide.md", "# Guide\n", GovernedRepo.CLAUDE, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("scope=allow overrides=0", run);
        assertThat(
                run.getAction(GovernanceRunAction.class)
                        .recordsOf(RecordKind.SCOPE)
                        .get(0)
                        .getOutcome(),
                is("allow-with-approval"));
    }

    @Test
    void hardMandatoryViolationFailsTheBuild(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "hard", PIPELINE);
        GovernedRepo.create(j, job, POLICY, "Jenkinsfile", "pipeline {}\n", GovernedRepo.CLAUDE, "Change the pipeline");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("VIOLATION [hard-mandatory] ai-no-ci-definitions", run);
        j.assertLogContains("cannot be overridden", run);
        assertThat(run.getAction(GovernanceRunAction.class).isBlocked(), is(true));
    }

    @Test
    void softMandatoryViolationIsOverriddenByItsOwnerOnly(JenkinsRule j) throws Exception {
        Approvers.install(j);
        WorkflowJob job = GovernedRepo.job(j, "soft", PIPELINE);
        GovernedRepo.create(j, job, POLICY, "billing/invoice.py", "total = 1\n", GovernedRepo.CLAUDE, "Touch billing");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();

        InputStepExecution input = Approvers.nextInput(run, null);
        Approvers.answer(input, "admin", "", "");
        input = Approvers.nextInput(run, input);
        overrideAs(input, "sam", "I am not an owner");
        input = Approvers.nextInput(run, input);
        overrideAs(input, "tom", "invoice rounding fix, reviewed with finance");

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("REFUSED override of no-billing by sam", run);
        j.assertLogContains("scope=allow overrides=1", run);
        assertThat(
                run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.SCOPE_OVERRIDE).stream()
                        .map(GovernanceRecord::getOutcome)
                        .toList(),
                contains("refused", "given", "given"));
    }

    private static void overrideAs(InputStepExecution input, String user, String reason) throws Exception {
        try (var ignored =
                hudson.security.ACL.as2(hudson.model.User.getById(user, false).impersonate2())) {
            input.proceed(java.util.Map.of(AiScopeCheckStep.REASON, reason));
        }
    }
}
