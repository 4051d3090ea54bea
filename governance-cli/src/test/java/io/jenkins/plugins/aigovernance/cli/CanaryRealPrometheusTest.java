package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aigov canary} with an Argo AnalysisTemplate against a real Prometheus ({@code /usr/bin/prometheus}) that the
 * {@code --on-weight} command stops in the middle of the analysis: after good measurements the connection is refused,
 * errors do not use up the count, and five in a row (consecutiveErrorLimit 4) end in ERROR: ROLLBACK, exit 1, never
 * PROMOTE.
 */
class CanaryRealPrometheusTest {

    @TempDir
    Path dir;
    private Process prometheus;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null && prometheus.isAlive()) {
            prometheus.destroyForcibly();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String startPrometheus() throws Exception {
        Path bin = Path.of(System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus"));
        if (!Files.isExecutable(bin)) {
            fail("the prometheus binary is missing: install the Debian package (apt-get install -y prometheus) or set PROMETHEUS_BIN");
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder(bin.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return url;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return fail("prometheus did not become ready: " + Files.readString(log));
    }

    @Test
    void prometheusStoppedMidAnalysisRollsBackNeverPromotes() throws Exception {
        String url = startPrometheus();
        Path template = dir.resolve("analysis.yaml");
        Files.writeString(template, """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: error-rate
                spec:
                  args:
                  - name: threshold
                    value: "0.05"
                  metrics:
                  - name: error-rate
                    interval: 1s
                    count: 10
                    successCondition: result[0] < {{args.threshold}}
                    provider:
                      prometheus:
                        address: http://prometheus.monitoring:9090
                        query: vector(0.01)
                  - name: scalar-error-rate
                    interval: 1s
                    count: 10
                    successCondition: result < {{args.threshold}}
                    provider:
                      prometheus:
                        query: scalar(vector(0.02))
                """);
        // at 20 % the traffic command stops Prometheus 1.5 s later, in the middle of the analysis
        String onWeight = "(sleep 1.5; kill " + prometheus.pid() + ") >/dev/null 2>&1 &";
        Path rolledBack = dir.resolve("rolled-back");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), "canary", "--prometheus", url, "--plan", template.toString(),
                "--weight", "20", "--on-weight", onWeight, "--on-rollback", "echo \"$CANARY_FAILED_METRIC\" > '" + rolledBack + "'",
                "--connect-timeout", "1s", "--request-timeout", "2s", "--json");
        String all = out + "\n" + err;
        assertThat(code).as(all).isEqualTo(1);
        JsonNode v = new ObjectMapper().readTree(out.toString());
        assertThat(v.path("outcome").asText()).isEqualTo("ROLLBACK");
        assertThat(v.path("steps").get(1).path("phase").asText()).as(all).isEqualTo("ERROR");
        assertThat(v.path("reason").asText()).contains("consecutive error(s), over the consecutiveErrorLimit of 4").contains("unreachable");
        int good = 0;
        int errors = 0;
        for (JsonNode m : v.path("measurements")) {
            good += m.path("phase").asText().equals("SUCCESSFUL") ? 1 : 0;
            errors += m.path("phase").asText().equals("ERROR") ? 1 : 0;
        }
        assertThat(good).as("good measurements before the stop\n" + all).isGreaterThanOrEqualTo(2);
        // each metric errs at most 5 times in a row before the round that ends the step
        assertThat(errors).as(all).isBetween(5, 10);
        assertThat(Files.readString(rolledBack).trim()).isNotEmpty();
        assertThat(err.toString()).doesNotContain("PROMOTE");
    }
}
