package io.jenkins.plugins.aigovernance.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Result;
import io.jenkins.plugins.aigovernance.GovernedRepo;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AiScopeCheckOpaITest {

    /** An OPA stand-in on the loopback address: answers each Data API path with its deny set (empty by default). */
    private HttpServer opa;

    private final Map<String, String> denyByPath = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<String> inputs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startOpa() throws Exception {
        opa = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        opa.createContext("/v1/data/", ex -> {
            String path = ex.getRequestURI().getPath();
            asked.add(ex.getRequestMethod() + " " + path);
            inputs.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"result\":{\"deny\":" + denyByPath.getOrDefault(path, "[]") + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        opa.start();
    }

    @AfterEach
    void stopOpa() {
        opa.stop(0);
    }

    private String opaUrl() {
        return "http://127.0.0.1:" + opa.getAddress().getPort();
    }

    private static WorkflowJob job(JenkinsRule j, String name, String scopeArguments) throws Exception {
        WorkflowJob job = GovernedRepo.job(j, name, """
            node {
              aiRiskScore(environment: 'dev')
              def scope = aiScopeCheck(%s)
              echo "scope=${scope.outcome} checks=${scope.externalChecks.size()}"
            }
            """.formatted(scopeArguments));
        GovernedRepo.create(j, job, "docs/guide.md", "# Guide\n", GovernedRepo.CLAUDE, "Docs");
        return job;
    }

    @Test
    void theGlobalOpaServersDenyIsAHardViolation(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration.get().setOpaUrl(opaUrl());
        denyByPath.put("/v1/data/ai_devops/scope", "[\"agents may not change docs during the freeze\"]");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job(j, "global-deny", "agent: 'claude-code'"));

        j.assertLogContains(
                "VIOLATION [hard-mandatory] opa:ai_devops/scope: agents may not change docs during the freeze", run);
        j.assertLogContains("cannot be overridden", run);
        assertThat(asked, is(List.of("POST /v1/data/ai_devops/scope")));
        assertThat(inputs.get(0), containsString("\"input\""));
    }

    @Test
    void aStepsOwnPackageIsAskedAsWellAsTheGlobalOne(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setOpaUrl(opaUrl());
        config.setOpaPackage("org.baseline");

        WorkflowRun run = j.buildAndAssertSuccess(job(j, "both", "opaPackage: 'team.payments', opaTimeoutSeconds: 5"));

        j.assertLogContains("checks=2", run);
        assertThat(asked, containsInAnyOrder("POST /v1/data/org/baseline", "POST /v1/data/team/payments"));
    }

    @Test
    void aStepCannotReplaceTheGlobalServer(JenkinsRule j) throws Exception {
        AiGovernanceConfiguration.get().setOpaUrl(opaUrl());
        denyByPath.put("/v1/data/ai_devops/scope", "[\"blocked by the organization\"]");

        // the step points at a permissive package: the global check still runs and denies
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job(j, "bypass", "opaPackage: 'permissive'"));

        j.assertLogContains("blocked by the organization", run);
        assertThat(asked, containsInAnyOrder("POST /v1/data/ai_devops/scope", "POST /v1/data/permissive"));
    }

    @Test
    void anUnreachableOpaFailsClosed(JenkinsRule j) throws Exception {
        opa.stop(0);

        WorkflowRun run = j.buildAndAssertStatus(
                Result.FAILURE, job(j, "down", "opaUrl: '" + opaUrl() + "', opaTimeoutSeconds: 2"));

        j.assertLogContains("could not check the scope of the change", run);
        j.assertLogNotContains("scope=allow", run);
    }
}
