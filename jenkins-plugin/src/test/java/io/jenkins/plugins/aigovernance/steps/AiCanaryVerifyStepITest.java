package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.model.GovernanceProjectAction;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiCanaryVerifyStepITest {

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
        assertThat(job.getAction(GovernanceProjectAction.class).getRollbackPercent(), is(100));
    }
}
