package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.sun.net.httpserver.HttpServer;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The three blocking steps across a controller restart ({@link JenkinsSessionExtension}: the same
 * Jenkins home, a new Jenkins): an answer given before the restart is still counted after it, the
 * pending input is offered again, and a canary analysis continues with its counted measurements.
 */
class BlockingStepsRestartITest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    /** A Prometheus stand-in on the loopback address, answering every instant query with one value. */
    private HttpServer prometheus;

    private volatile String errorRate = "0.001";

    @BeforeEach
    void startPrometheus() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/", ex -> {
            byte[] body =
                    ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000,\""
                                    + errorRate + "\"]}]}}")
                            .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        prometheus.start();
    }

    @AfterEach
    void stopPrometheus() {
        prometheus.stop(0);
    }

    private static WorkflowRun build(JenkinsRule j, String job) {
        return j.jenkins.getItemByFullName(job, WorkflowJob.class).getBuildByNumber(1);
    }

    @Test
    void anApprovalCountedBeforeARestartStillCounts() throws Throwable {
        sessions.then(j -> {
            Approvers.install(j);
            WorkflowJob job = GovernedRepo.job(j, "gate", """
                node { aiRiskScore(environment: 'production') }
                def approval = aiApprovalGate()
                echo "status=${approval.status} filled=${approval.filled.collect { it.approverId }}"
                """);
            GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            InputStepExecution first = Approvers.nextInput(run, null);
            Approvers.answer(first, "hanna", "Approve", "my own change");
            InputStepExecution second = Approvers.nextInput(run, first);
            Approvers.answer(second, "sam", "Approve", "rollout plan looks fine");
            InputStepExecution third = Approvers.nextInput(run, second);
            assertThat(third.getInput().getSubmitter(), is("team-leads"));
        });
        sessions.then(j -> {
            Approvers.install(j);
            WorkflowRun run = build(j, "gate");
            // the pending round is offered again, still asking only for the team lead
            InputStepExecution input = Approvers.nextInput(run, null);
            assertThat(input.getInput().getSubmitter(), is("team-leads"));
            Approvers.answer(input, "tom", "Approve", "");

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("status=approved filled=[sam, tom]", run);
            List<GovernanceRecord> answers =
                    run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.APPROVAL_ANSWER);
            assertThat(
                    answers.stream().map(GovernanceRecord::getOutcome).toList(),
                    contains("refused", "accepted", "accepted"));
        });
    }

    private static final String SCOPE_POLICY = """
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

    @Test
    void anOverrideGivenBeforeARestartIsStillJudged() throws Throwable {
        sessions.then(j -> {
            Approvers.install(j);
            WorkflowJob job = GovernedRepo.job(j, "scope", """
                node {
                  aiRiskScore(environment: 'dev')
                  def scope = aiScopeCheck(agent: 'claude-code')
                  echo "scope=${scope.outcome} overrides=${scope.overrides.size()} refused=${scope.refusedOverrides.collect { it.override.by }}"
                }
                """);
            GovernedRepo.create(
                    j, job, SCOPE_POLICY, "billing/invoice.py", "total = 1\n", GovernedRepo.CLAUDE, "Touch billing");
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            InputStepExecution input = Approvers.nextInput(run, null);
            // sam is not among the input's submitters (tom): the input's own check would stop him, the engine must too
            overrideAs(input, "sam", "I am not an owner");
            Approvers.nextInput(run, input);
        });
        sessions.then(j -> {
            Approvers.install(j);
            WorkflowRun run = build(j, "scope");
            InputStepExecution input = Approvers.nextInput(run, null);
            overrideAs(input, "tom", "invoice rounding fix, reviewed with finance");

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            // sam's override, given before the restart, is still among the overrides the engine judged
            j.assertLogContains("scope=allow overrides=1 refused=[sam]", run);
            assertThat(
                    run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.SCOPE_OVERRIDE).stream()
                            .map(GovernanceRecord::getActor)
                            .toList(),
                    contains("sam", "tom"));
        });
    }

    private static void overrideAs(InputStepExecution input, String user, String reason) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, false).impersonate2())) {
            input.proceed(Map.of(AiScopeCheckStep.REASON, reason));
        }
    }

    private String canaryPipeline(String plan) {
        String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        return """
            node {
              aiRiskScore(environment: 'production')
              writeFile file: 'canary.yml', text: '''%s'''
              def verdict = aiCanaryVerify(prometheus: '%s', plan: 'canary.yml') {
                echo "traffic action=${env.CANARY_ACTION} weight=${env.CANARY_WEIGHT}"
              }
              echo "verdict=${verdict.outcome} weight=${verdict.weight} measurements=${verdict.measurements.size()}"
            }
            """.formatted(plan, url);
    }

    @Test
    void aRefusedCanaryDecisionBeforeARestartStaysRecordedAndThePersonDecidesAfter() throws Throwable {
        errorRate = "0.02";
        String plan = """
            name: checkout
            metrics:
              - name: error-rate
                query: canary_error_rate
                successCondition: result[0] < 0.01
                failureCondition: result[0] >= 0.05
            steps:
              - setWeight: 20
              - analysis: {}
              - setWeight: 100
            """;
        sessions.then(j -> {
            Approvers.install(j);
            WorkflowJob job = GovernedRepo.job(j, "canary-decision", canaryPipeline(plan));
            GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            InputStepExecution input = Approvers.nextInput(run, null);
            Approvers.submit(input, "hanna", Map.of("decision", "Promote", "reason", "my change is fine"));
            Approvers.nextInput(run, input);
        });
        errorRate = "0.001";
        sessions.then(j -> {
            Approvers.install(j);
            WorkflowRun run = build(j, "canary-decision");
            InputStepExecution input = Approvers.nextInput(run, null);
            assertThat(input.getId(), is("AiCanaryDecision"));
            Approvers.submit(input, "sam", Map.of("decision", "Promote", "reason", "the error rate is noise"));

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("traffic action=weight weight=100", run);
            j.assertLogContains("verdict=PROMOTE weight=100", run);
            assertThat(
                    run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.CANARY_DECISION).stream()
                            .map(GovernanceRecord::getOutcome)
                            .toList(),
                    contains("requested", "refused", "promote"));
        });
    }

    @Test
    void aCanaryAnalysisContinuesAfterARestartWithItsCountedMeasurements() throws Throwable {
        String plan = """
            name: checkout
            metrics:
              - name: error-rate
                query: canary_error_rate
                successCondition: result[0] < 0.01
                interval: 2s
                count: 5
            steps:
              - setWeight: 20
              - analysis: {}
            """;
        sessions.then(j -> {
            WorkflowJob job = GovernedRepo.job(j, "canary-analysis", canaryPipeline(plan));
            GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.HANNA, "Docs");
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            j.waitForMessage("canary step 1  SUCCESSFUL  error-rate", run);
        });
        sessions.then(j -> {
            WorkflowRun run = build(j, "canary-analysis");
            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            // one setWeight only: the analysis was resumed, not started over
            assertThat(JenkinsRule.getLog(run).split("traffic action=weight", -1).length - 1, is(1));
            j.assertLogContains("verdict=PROMOTE weight=20 measurements=5", run);
            assertThat(
                    run.getAction(GovernanceRunAction.class)
                            .recordsOf(RecordKind.CANARY)
                            .get(0)
                            .getSummary(),
                    containsString("PROMOTE"));
        });
    }
}
