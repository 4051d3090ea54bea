package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.Approvers;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.model.GovernanceProjectAction;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiCanaryVerifyStepITest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** Between the success (below 0.01) and failure (0.05 and above) conditions: inconclusive. */
    private static final String INCONCLUSIVE = "0.02";

    private static final String PLAN = """
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

    /** A Prometheus stand-in on the loopback address answering every instant query with one value. */
    private HttpServer prometheus;

    private volatile String errorRate = "0.001";

    /** The Authorization header of every query ("-" when there was none). */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startPrometheus() throws Exception {
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/", ex -> {
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "-" : authorization);
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

    private WorkflowJob job(JenkinsRule j, String name) throws Exception {
        String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        WorkflowJob job = GovernedRepo.job(j, name, """
            node {
              writeFile file: 'canary.yml', text: '''%s'''
              def verdict = aiCanaryVerify(prometheus: '%s', plan: 'canary.yml') {
                echo "traffic action=${env.CANARY_ACTION} weight=${env.CANARY_WEIGHT}"
              }
              echo "verdict=${verdict.outcome} weight=${verdict.weight}"
            }
            """.formatted(PLAN, url));
        return job;
    }

    @Test
    void healthyCanaryIsPromotedStepByStep(JenkinsRule j) throws Exception {
        WorkflowRun run = j.buildAndAssertSuccess(job(j, "healthy"));

        j.assertLogContains("traffic action=weight weight=20", run);
        j.assertLogContains("traffic action=weight weight=100", run);
        j.assertLogContains("verdict=PROMOTE weight=100", run);
        assertThat(
                run.getAction(GovernanceRunAction.class)
                        .recordsOf(RecordKind.CANARY)
                        .get(0)
                        .getOutcome(),
                is("promoted"));
    }

    @Test
    void failingMetricRunsTheRollbackAndFailsTheBuild(JenkinsRule j) throws Exception {
        errorRate = "0.2";
        WorkflowJob job = job(j, "failing");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("traffic action=weight weight=20", run);
        j.assertLogContains("traffic action=rollback weight=20", run);
        j.assertLogNotContains("weight=100", run);
        j.assertLogContains("the canary rolled back", run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        assertThat(action.recordsOf(RecordKind.CANARY).get(0).getOutcome(), is("rolled-back"));
        assertThat(job.getAction(GovernanceProjectAction.class).getRollbackPercent(), is(100L));
    }

    /** An Argo Rollouts AnalysisTemplate beside a job-provider template (refused by name when chosen). */
    private static final String ARGO_TEMPLATES = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata:
          name: error-rate
        spec:
          args:
          - name: threshold
          metrics:
          - name: error-rate
            interval: 1s
            count: 1
            successCondition: result[0] < {{args.threshold}}
            provider:
              prometheus:
                address: http://prometheus.monitoring:9090
                query: canary_error_rate
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata:
          name: load-test
        spec:
          metrics:
          - name: pass
            provider:
              job: {spec: {backoffLimit: 0}}
        """;

    private WorkflowJob argoJob(JenkinsRule j, String name, String template) throws Exception {
        String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        return GovernedRepo.job(j, name, """
            node {
              writeFile file: 'analysis.yaml', text: '''%s'''
              def verdict = aiCanaryVerify(prometheus: '%s', plan: 'analysis.yaml', template: '%s',
                                           args: 'threshold=0.01', weights: '20, 100') {
                echo "traffic action=${env.CANARY_ACTION} weight=${env.CANARY_WEIGHT}"
              }
              echo "verdict=${verdict.outcome} weight=${verdict.weight}"
            }
            """.formatted(ARGO_TEMPLATES, url, template));
    }

    @Test
    void anArgoAnalysisTemplateIsTheAnalysisOfEachWeight(JenkinsRule j) throws Exception {
        WorkflowRun run = j.buildAndAssertSuccess(argoJob(j, "argo", "error-rate"));

        j.assertLogContains("traffic action=weight weight=20", run);
        j.assertLogContains("traffic action=weight weight=100", run);
        j.assertLogContains("verdict=PROMOTE weight=100", run);
    }

    @Test
    void anArgoTemplateWithAnotherProviderIsRefusedByName(JenkinsRule j) throws Exception {
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, argoJob(j, "argo-job", "load-test"));

        j.assertLogContains("provider job is not supported (only prometheus)", run);
        j.assertLogNotContains("traffic action=weight", run);
    }

    /**
     * A scored HIGH change (production config, authored by hanna: a senior engineer and a team lead
     * approve it) whose canary runs with the given extra step arguments.
     */
    private WorkflowJob governedJob(JenkinsRule j, String name, String arguments) throws Exception {
        Approvers.install(j);
        String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        WorkflowJob job = GovernedRepo.job(j, name, """
            node {
              aiRiskScore(environment: 'production')
              writeFile file: 'canary.yml', text: '''%s'''
              def verdict = aiCanaryVerify(prometheus: '%s', plan: 'canary.yml'%s) {
                echo "traffic action=${env.CANARY_ACTION} weight=${env.CANARY_WEIGHT} reason=${env.CANARY_REASON}"
              }
              echo "verdict=${verdict.outcome} weight=${verdict.weight}"
            }
            """.formatted(PLAN, url, arguments));
        GovernedRepo.create(j, job, "config/prod/app.yml", "replicas: 3\n", GovernedRepo.HANNA, "Scale up");
        return job;
    }

    private static Map<String, Object> decision(String decision, String reason) {
        return Map.of("decision", decision, "reason", reason);
    }

    @Test
    void inconclusiveCanaryIsPromotedByAPersonOfTheTiersGroups(JenkinsRule j) throws Exception {
        errorRate = INCONCLUSIVE;
        WorkflowJob job = governedJob(j, "promote", "");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();

        InputStepExecution input = Approvers.nextInput(run, null);
        assertThat(input.getId(), is("AiCanaryDecision"));
        assertThat(input.getInput().getSubmitter(), containsString("senior-engineers"));
        assertThat(input.getInput().getMessage(), containsString("paused at 20%"));
        Approvers.submit(input, "hanna", decision("Promote", "my change is fine"));
        input = Approvers.nextInput(run, input);
        Approvers.submit(input, "claude-bot", decision("Promote", "looks good to me"));
        input = Approvers.nextInput(run, input);
        Approvers.submit(input, "admin", decision("Promote", "admin override"));
        input = Approvers.nextInput(run, input);
        Approvers.submit(input, "sam", decision("Promote", "latency is flat, the error rate is noise"));

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("the canary decision of hanna does not count: self-approval", run);
        j.assertLogContains("the canary decision of claude-bot does not count: ai-identity", run);
        j.assertLogContains("the canary decision of admin does not count: not-in-group", run);
        j.assertLogContains("sam decided to promote the canary checkout at 20%", run);
        j.assertLogContains("traffic action=weight weight=100", run);
        j.assertLogNotContains("traffic action=rollback", run);
        j.assertLogContains("verdict=PROMOTE weight=100", run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        List<GovernanceRecord> decisions = action.recordsOf(RecordKind.CANARY_DECISION);
        assertThat(
                decisions.stream().map(GovernanceRecord::getOutcome).toList(),
                contains("requested", "refused", "refused", "refused", "promote"));
        GovernanceRecord promoted = decisions.get(4);
        assertThat(promoted.getActor(), is("sam"));
        assertThat(promoted.getDocument().get("approval").toString(), containsString("senior-engineers"));
        assertThat(
                action.recordsOf(RecordKind.CANARY).stream()
                        .map(GovernanceRecord::getOutcome)
                        .toList(),
                contains("paused", "promoted"));
        assertThat(
                action.recordsOf(RecordKind.AUDIT).stream()
                        .map(GovernanceRecord::getOutcome)
                        .toList(),
                contains("risk-assessed", "canary-step", "canary-step", "canary-step", "deployment-done"));
    }

    @Test
    void rollBackDecisionNeedsAReasonRunsTheRollbackAndFailsTheBuild(JenkinsRule j) throws Exception {
        errorRate = INCONCLUSIVE;
        WorkflowJob job = governedJob(j, "roll-back", "");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();

        InputStepExecution input = Approvers.nextInput(run, null);
        Approvers.submit(input, "tom", decision("Roll back", ""));
        input = Approvers.nextInput(run, input);
        Approvers.submit(input, "tom", decision("Roll back", "p99 drifts up"));

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
        j.assertLogContains("a canary decision needs a reason", run);
        j.assertLogContains("traffic action=rollback weight=20 reason=rolled back by tom: p99 drifts up", run);
        j.assertLogNotContains("weight=100", run);
        j.assertLogContains("the canary rolled back: rolled back by tom: p99 drifts up", run);
        GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
        List<GovernanceRecord> canary = action.recordsOf(RecordKind.CANARY);
        GovernanceRecord rollback = canary.get(canary.size() - 1);
        assertThat(rollback.getOutcome(), is("rolled-back"));
        assertThat(rollback.getActor(), is("tom"));
        assertThat(rollback.getDocument().get("rolledBack"), is(true));
        assertThat(
                action.recordsOf(RecordKind.AUDIT).stream()
                        .map(GovernanceRecord::getOutcome)
                        .toList(),
                contains("risk-assessed", "canary-step", "canary-step", "rollback"));
        assertThat(job.getAction(GovernanceProjectAction.class).getRollbackPercent(), is(100L));
    }

    @Test
    void noDecisionWithinTheTimeoutRollsBack(JenkinsRule j) throws Exception {
        errorRate = INCONCLUSIVE;
        WorkflowJob job = governedJob(j, "timeout", ", timeoutMinutes: 1");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("no decision within 1 minutes; rolling back (fail-safe)", run);
        j.assertLogContains("traffic action=rollback weight=20 reason=no decision within 1 minutes", run);
        GovernanceRecord rollback = run.getAction(GovernanceRunAction.class)
                .recordsOf(RecordKind.CANARY)
                .get(1);
        assertThat(rollback.getOutcome(), is("rolled-back"));
        assertThat(rollback.getActor(), is((String) null));
    }

    @Test
    void pausedCanaryWithoutAnyoneWhoMayDecideRollsBackAtOnce(JenkinsRule j) throws Exception {
        errorRate = INCONCLUSIVE;

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job(j, "nobody"));

        j.assertLogContains("nobody may decide the paused canary", run);
        j.assertLogContains("traffic action=rollback weight=20", run);
    }

    /** A long analysis (a measurement every second, 600 of them) the test aborts while it waits. */
    private static final String LONG_PLAN = """
        name: checkout
        metrics:
          - name: error-rate
            query: canary_error_rate
            successCondition: result[0] < 0.01
            interval: 1s
            count: 600
        steps:
          - setWeight: 20
          - analysis: {}
          - setWeight: 100
        """;

    @Test
    void abortingTheBuildDuringAnAnalysisRunsTheRollbackBlock(JenkinsRule j) throws Exception {
        String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
        WorkflowJob job = GovernedRepo.job(j, "abort", """
            node {
              writeFile file: 'canary.yml', text: '''%s'''
              aiCanaryVerify(prometheus: '%s', plan: 'canary.yml') {
                echo "traffic action=${env.CANARY_ACTION} weight=${env.CANARY_WEIGHT} reason=${env.CANARY_REASON}"
              }
            }
            """.formatted(LONG_PLAN, url));
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        // the step waits between measurements on a timer, not in a thread: the build can be aborted there
        j.waitForMessage("canary step 1  SUCCESSFUL  error-rate", run);
        run.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
        j.assertLogContains("traffic action=weight weight=20", run);
        j.assertLogContains("traffic action=rollback weight=20 reason=the run was interrupted at step 1", run);
        j.assertLogNotContains("weight=100", run);
        GovernanceRecord rollback = run.getAction(GovernanceRunAction.class)
                .recordsOf(RecordKind.CANARY)
                .get(0);
        assertThat(rollback.getOutcome(), is("rolled-back"));
        assertThat(rollback.getDocument().get("rolledBack"), is(true));
        assertThat(rollback.getDocument().get("reason"), is("the run was interrupted at step 1"));
    }

    @Test
    void abortingTheBuildWhileAPersonDecidesRunsTheRollbackBlock(JenkinsRule j) throws Exception {
        errorRate = INCONCLUSIVE;
        WorkflowJob job = governedJob(j, "abort-decision", "");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();
        Approvers.nextInput(run, null);
        run.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
        j.assertLogContains(
                "traffic action=rollback weight=20 reason=the build was aborted while the canary waited for a decision",
                run);
        List<GovernanceRecord> canary = run.getAction(GovernanceRunAction.class).recordsOf(RecordKind.CANARY);
        assertThat(canary.stream().map(GovernanceRecord::getOutcome).toList(), contains("paused", "rolled-back"));
    }

    private String prometheusUrl() {
        return "http://127.0.0.1:" + prometheus.getAddress().getPort();
    }

    /** The global configuration names a Prometheus URL and a bearer token for it; the step may name another token. */
    private static void configurePrometheus(JenkinsRule j, String url) throws Exception {
        var store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "global-prom", "", Secret.fromString("global-s3cret")));
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "team-prom", "", Secret.fromString("team-s3cret")));
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setPrometheusUrl(url);
        config.setPrometheusCredentialsId("global-prom");
    }

    private WorkflowRun canary(JenkinsRule j, String name, String arguments) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, name, """
            node {
              writeFile file: 'canary.yml', text: '''%s'''
              aiCanaryVerify(plan: 'canary.yml'%s) { echo "weight=${env.CANARY_WEIGHT}" }
            }
            """.formatted(PLAN, arguments));
        return j.buildAndAssertSuccess(job);
    }

    private void assertEveryQueryCarried(String authorization) {
        assertThat(authorizations.isEmpty(), is(false));
        assertThat(authorizations, everyItem(is(authorization)));
    }

    @Test
    void globalCredentialsGoToTheGlobalUrl(JenkinsRule j) throws Exception {
        configurePrometheus(j, prometheusUrl());

        canary(j, "global", "");

        assertEveryQueryCarried("Bearer global-s3cret");
    }

    @Test
    void globalCredentialsGoToTheGlobalUrlAlsoWhenTheStepRepeatsIt(JenkinsRule j) throws Exception {
        configurePrometheus(j, prometheusUrl());

        canary(j, "repeated", ", prometheus: '" + prometheusUrl() + "/'");

        assertEveryQueryCarried("Bearer global-s3cret");
    }

    @Test
    void globalCredentialsNeverGoToAnotherUrl(JenkinsRule j) throws Exception {
        // the configured server is elsewhere; the Jenkinsfile points the step at "its" server
        configurePrometheus(j, "https://prometheus.example.com");

        WorkflowRun run = canary(j, "elsewhere", ", prometheus: '" + prometheusUrl() + "'");

        assertEveryQueryCarried("-");
        j.assertLogContains("the global Prometheus credentials are not sent to " + prometheusUrl(), run);
    }

    @Test
    void theStepsOwnCredentialsGoToTheStepsUrl(JenkinsRule j) throws Exception {
        configurePrometheus(j, "https://prometheus.example.com");

        canary(j, "own", ", prometheus: '" + prometheusUrl() + "', credentialsId: 'team-prom'");

        assertEveryQueryCarried("Bearer team-s3cret");
    }
}
