package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aigov canary} end to end: a real HTTP server answering like the Prometheus API, whose error
 * rate depends on the weight the {@code --on-weight} shell command last wrote to a file.
 */
class CanaryCommandTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private Path weightFile;
    private volatile String badAt = "none";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        weightFile = dir.resolve("weight");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", ex -> {
            String weight = Files.exists(weightFile) ? Files.readString(weightFile).trim() : "0";
            String value = weight.equals(badAt) ? "0.3" : badAt.equals("nan") ? "NaN" : "0.001";
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"" + value
                    + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        Files.writeString(dir.resolve("plan.yml"), """
                name: checkout
                metrics:
                  - name: error-rate
                    query: sum(rate(http_requests_total{status="500"}[1m])) / sum(rate(http_requests_total[1m]))
                    successCondition: result[0] < 0.05
                    failureCondition: result[0] >= 0.1
                    interval: 100ms
                    count: 2
                steps:
                  - setWeight: 5
                  - analysis: {}
                  - setWeight: 20
                  - analysis: {}
                  - setWeight: 100
                  - analysis: {}
                """);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        return Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String onWeight() {
        return "echo $CANARY_WEIGHT > '" + weightFile + "' && echo moved to $CANARY_WEIGHT";
    }

    private String onRollback() {
        return "echo \"$CANARY_FAILED_METRIC at $CANARY_WEIGHT\" > '" + dir.resolve("rolled-back") + "'";
    }

    private static String policyWithTemplate(int firstWeight) {
        return """
                apiVersion: ai-governance/v1
                canary:
                  templates:
                    - name: checkout
                      metrics:
                        - name: error-rate
                          query: sum(rate(http_requests_total{status="500"}[1m]))
                          successCondition: result[0] < 0.05
                          interval: 100ms
                          count: 1
                      steps:
                        - setWeight: %d
                        - analysis: {}
                        - setWeight: 100
                        - analysis: {}
                """.formatted(firstWeight);
    }

    @Test
    void aTemplateTheChangeEditsRunsAsTheBaseRevisionHasIt() {
        try (io.jenkins.plugins.aigovernance.core.testing.GitFixture git =
                io.jenkins.plugins.aigovernance.core.testing.GitFixture.init(dir.resolve("repo"))) {
            git.write(".ai-governance.yml", policyWithTemplate(5)).commit("Canary template");
            git.write(".ai-governance.yml", policyWithTemplate(100)).write("app.txt", "v2\n").commit("Skip the canary");

            int code = run("canary", "--prometheus", url(), "--template", "checkout", "--repo", git.directory().toString(),
                    "--on-weight", onWeight());

            assertThat(code).as(out + "\n" + err).isEqualTo(0);
            assertThat(out.toString()).contains("canary checkout: 4 steps").contains("step 0  setWeight 5%");
            int missing = run("canary", "--prometheus", url(), "--template", "nope", "--repo", git.directory().toString());
            assertThat(missing).isEqualTo(2);
            assertThat(err.toString()).contains("no canary template named 'nope' (known: checkout)");
        }
    }

    @Test
    void healthyCanaryPromotesAndStreamsALinePerMeasurement() {
        int code = run("canary", "--prometheus", url(), "--plan", dir.resolve("plan.yml").toString(), "--on-weight", onWeight(),
                "--on-rollback", onRollback());
        assertThat(code).as(out + "\n" + err).isEqualTo(0);
        String text = out.toString();
        assertThat(text.lines().filter(l -> l.contains("SUCCESSFUL") && l.contains("error-rate") && l.contains("[0.001]"))).hasSize(6);
        assertThat(text).contains("step 0  setWeight 5%").contains("  | moved to 20").contains("PROMOTE: every analysis passed; the canary reached 100%");
        assertThat(dir.resolve("rolled-back")).doesNotExist();
    }

    @Test
    void errorsAtTwentyPercentRollBackWithExitOne() throws Exception {
        badAt = "20";
        int code = run("canary", "--prometheus", url(), "--plan", dir.resolve("plan.yml").toString(), "--on-weight", onWeight(),
                "--on-rollback", onRollback());
        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("ROLLBACK: step 3 at 20%: error-rate FAILED").contains("metric error-rate, values [0.3]");
        assertThat(Files.readString(dir.resolve("rolled-back")).trim()).isEqualTo("error-rate at 20");
        assertThat(Files.readString(weightFile).trim()).isEqualTo("20");
    }

    @Test
    void inconclusiveRunPausesWithExitFourAndJsonGoesToStdout() throws Exception {
        badAt = "nan";
        int code = run("canary", "--prometheus", url(), "--plan", dir.resolve("plan.yml").toString(), "--on-weight", onWeight(), "--json");
        assertThat(code).as(out + "\n" + err).isEqualTo(4);
        JsonNode verdict = new ObjectMapper().readTree(out.toString());
        assertThat(verdict.path("outcome").asText()).isEqualTo("PAUSED");
        assertThat(verdict.path("nextStep").asInt()).isEqualTo(1);
        assertThat(verdict.path("measurements").get(0).path("phase").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(err.toString()).contains("INCONCLUSIVE").contains("a person decides: continue from step 1");
    }

    @Test
    void failingWeightCommandRollsBack() {
        int code = run("canary", "--prometheus", url(), "--plan", dir.resolve("plan.yml").toString(), "--on-weight", "echo nope; exit 3",
                "--on-rollback", onRollback());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("  | nope").contains("the traffic action for weight 5 failed").contains("exited with 3");
        assertThat(dir.resolve("rolled-back")).exists();
    }

    @Test
    void unreachablePrometheusRollsBackNeverPromotes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int code = run("canary", "--prometheus", "http://127.0.0.1:" + port, "--plan", dir.resolve("plan.yml").toString(),
                "--connect-timeout", "1s", "--request-timeout", "2s");
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("ERROR").contains("is unreachable");
    }

    @Test
    void badInputIsExitTwo() throws Exception {
        assertThat(run("canary", "--prometheus", url(), "--plan", dir.resolve("missing.yml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("plan file not found");
        Files.writeString(dir.resolve("bad.yml"), Files.readString(dir.resolve("plan.yml")).replace("result[0] < 0.05", "result[0] =< 0.05"));
        assertThat(run("canary", "--prometheus", url(), "--plan", dir.resolve("bad.yml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("/metrics/0/successCondition: column 11");
        assertThat(run("canary", "--prometheus", "ftp://x", "--plan", dir.resolve("plan.yml").toString())).isEqualTo(2);
        assertThat(run("canary", "--plan", dir.resolve("plan.yml").toString())).isEqualTo(2);
        assertThat(run("canary", "--prometheus", url(), "--plan", dir.resolve("plan.yml").toString(), "--token-env", "AIGOV_TEST_UNSET_VAR"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("AIGOV_TEST_UNSET_VAR: the environment variable is not set");
    }
}
