package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Result;
import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.util.List;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiApprovalGateStepITest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String PIPELINE = """
        node { aiRiskScore(environment: 'production') }
        def approval = aiApprovalGate(message: 'Ship the production change?')
        echo "status=${approval.status} filled=${approval.filled.size()}"
        """;

    /** A HIGH change (production config) authored by hanna: the built-in policy needs a senior engineer and a team lead. */
    private static WorkflowJob highChange(JenkinsRule j, String name) throws Exception {
        Approvers.install(j);
        WorkflowJob job = GovernedRepo.job(j, name, PIPELINE);
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
        return job;
    }

    @Test
    void twoDistinctPeopleFromTheTiersGroupsApprove(JenkinsRule j) throws Exception {
        WorkflowJob job = highChange(j, "two-person");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();

        InputStepExecution first = Approvers.nextInput(run, null);
        assertThat(first.getInput().getSubmitter(), containsString("senior-engineers"));
        assertThat(first.getInput().getSubmitter(), containsString("team-leads"));
        assertThat(first.getInput().getMessage(), containsString("Ship the production change?"));
        Approvers.answer(first, "sam", "Approve", "rollout plan looks fine");
        InputStepExecution second = Approvers.nextInput(run, first);
        assertThat(second.getInput().getSubmitter(), is("team-leads"));
        Approvers.answer(second, "tom", "Approve", "");

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("status=approved filled=2", run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action.getApprovedFingerprint(), is(action.getFingerprint()));
        List<GovernanceRecord> answers = action.recordsOf(RecordKind.APPROVAL_ANSWER);
        assertThat(answers.stream().map(GovernanceRecord::getActor).toList(), contains("sam", "tom"));
        assertThat(answers.get(0).getDocument().get("groups").toString(), containsString("senior-engineers"));
        assertThat(action.recordsOf(RecordKind.APPROVAL).get(0).getOutcome(), is("approved"));
    }

    @Test
    void authorInitiatorAiAccountAndAdministratorAreRefusedAndAskedAgain(JenkinsRule j) throws Exception {
        WorkflowJob job = highChange(j, "refusals");
        WorkflowRun run = job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("sue")))
                .waitForStart();

        InputStepExecution input = Approvers.nextInput(run, null);
        Approvers.answer(input, "hanna", "Approve", "my own change");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "claude-bot", "Approve", "");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "sue", "Approve", "I started it");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "admin", "Approve", "admin override");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "sam", "Approve", "");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "tom", "Approve", "");

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("the answer of hanna does not count: self-approval", run);
        j.assertLogContains("the answer of claude-bot does not count: ai-identity", run);
        j.assertLogContains("the answer of sue does not count: self-approval", run);
        j.assertLogContains("the answer of admin does not count: not-in-group", run);
        List<GovernanceRecord> answers =
                run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.APPROVAL_ANSWER);
        assertThat(
                answers.stream().map(GovernanceRecord::getOutcome).toList(),
                contains("refused", "refused", "refused", "refused", "accepted", "accepted"));
    }

    @Test
    void allowedUserApprovesThroughTheInputRestEndpoint(JenkinsRule j) throws Exception {
        WorkflowJob job = highChange(j, "rest");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        InputStepExecution input = Approvers.nextInput(run, null);

        JenkinsRule.WebClient sam = j.createWebClient().login("sam");
        WebRequest request = new WebRequest(
                j.getURL()
                        .toURI()
                        .resolve(run.getUrl() + "input/" + input.getId() + "/proceed")
                        .toURL(),
                HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair(
                "json",
                "{\"parameter\":[{\"name\":\"decision\",\"value\":\"Approve\"},{\"name\":\"comment\",\"value\":\"via"
                        + " REST\"}]}")));
        sam.getPage(sam.addCrumb(request));

        InputStepExecution next = Approvers.nextInput(run, input);
        Approvers.answer(next, "tom", "Approve", "");
        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        GovernanceRecord answer = run.getAction(GovernanceRunAction.class)
                .recordsOf(RecordKind.APPROVAL_ANSWER)
                .get(0);
        assertThat(answer.getActor(), is("sam"));
        assertThat(answer.getDocument().get("comment"), is("via REST"));
    }

    @Test
    void aRestAnswerWithOneParameterOrNoneIsNeverAnApproval(JenkinsRule j) throws Exception {
        WorkflowJob job = highChange(j, "rest-bare");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        InputStepExecution input = Approvers.nextInput(run, null);

        // one posted parameter: the input returns the bare value "Deny" (no reason), not a map
        JenkinsRule.WebClient sam = j.createWebClient().login("sam");
        WebRequest request = new WebRequest(
                j.getURL()
                        .toURI()
                        .resolve(run.getUrl() + "input/" + input.getId() + "/proceed")
                        .toURL(),
                HttpMethod.POST);
        request.setRequestParameters(
                List.of(new NameValuePair("json", "{\"parameter\":[{\"name\":\"decision\",\"value\":\"Deny\"}]}")));
        sam.getPage(sam.addCrumb(request));
        input = Approvers.nextInput(run, input);
        // a comment alone and no value at all decide nothing either
        Approvers.submit(input, "sam", java.util.Map.of("comment", "LGTM"));
        input = Approvers.nextInput(run, input);
        Approvers.submit(input, "sam", null);
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "sam", "Approve", "");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "tom", "Approve", "");

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("'Deny' needs a reason: no decision", run);
        j.assertLogContains("'LGTM', which is none of Approve, Deny", run);
        j.assertLogContains("proceedEmpty", run);
        List<GovernanceRecord> answers =
                run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.APPROVAL_ANSWER);
        assertThat(
                answers.stream().map(GovernanceRecord::getOutcome).toList(),
                contains("refused", "refused", "refused", "accepted", "accepted"));
    }

    @Test
    void denialNeedsAReasonAndStopsTheBuild(JenkinsRule j) throws Exception {
        WorkflowJob job = highChange(j, "deny");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();

        InputStepExecution input = Approvers.nextInput(run, null);
        Approvers.answer(input, "tom", "Deny", "");
        input = Approvers.nextInput(run, input);
        Approvers.answer(input, "tom", "Deny", "replicas must stay at 2 until the capacity review");

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
        j.assertLogContains("'Deny' needs a reason: no decision", run);
        j.assertLogContains("the change was denied by tom: replicas must stay at 2", run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action.isBlocked(), is(true));
        assertThat(action.getApprovedFingerprint(), is((String) null));
    }

    @Test
    void lowChangePassesWithoutAskingAndSaysWhy(JenkinsRule j) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, "low", PIPELINE);
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("no approval needed", run);
        j.assertLogContains("status=approved filled=0", run);
        assertThat(run.getAction(GovernanceRunAction.class).getApprovedFingerprint(), startsWith("sha256:"));
    }

    @Test
    void requestExpiresAfterItsTimeout(JenkinsRule j) throws Exception {
        Approvers.install(j);
        WorkflowJob job = GovernedRepo.job(j, "expires", """
            node { aiRiskScore() }
            aiApprovalGate(timeoutMinutes: 1)
            """);
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        InputStepExecution input = Approvers.nextInput(run, null);
        Approvers.answer(input, "sam", "Approve", "");

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
        j.assertLogContains("the approval request expired", run);
        j.assertLogContains("1 from team-leads", run);
        assertThat(
                run.getAction(GovernanceRunAction.class)
                        .recordsOf(RecordKind.APPROVAL)
                        .get(0)
                        .getOutcome(),
                is("expired"));
    }

    @Test
    void pipelineTimeoutStopsTheGateAndItsInput(JenkinsRule j) throws Exception {
        Approvers.install(j);
        WorkflowJob job = GovernedRepo.job(j, "timeout", """
            node { aiRiskScore() }
            timeout(time: 3, unit: 'SECONDS') { aiApprovalGate() }
            """);
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");

        WorkflowRun run = j.buildAndAssertStatus(Result.ABORTED, job);

        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action.recordsOf(RecordKind.APPROVAL).get(0).getOutcome(), is("stopped"));
        assertThat(action.getRecords().stream().map(GovernanceRecord::getKind).toList(), hasItem("approval-request"));
        // the stopped input leaves the build's pending inputs (asynchronously, as the input step does)
        InputAction inputs = run.getAction(InputAction.class);
        for (int i = 0; i < 100 && !inputs.getExecutions().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(inputs.getExecutions().isEmpty(), is(true));
    }
}
