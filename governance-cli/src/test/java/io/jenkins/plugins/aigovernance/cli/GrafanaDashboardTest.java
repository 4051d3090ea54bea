package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Grafana dashboard ({@code dashboards/grafana/ai-governance.json}) against a real
 * Prometheus scraping {@code aigov metrics --format prometheus}: every panel's every query returns data.
 */
class GrafanaDashboardTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static String aigov(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Aigov.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static String at(long daysAgo, int minute) {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).minus(daysAgo, ChronoUnit.DAYS).plus(minute, ChronoUnit.MINUTES).toString();
    }

    static Path dashboard() {
        for (String p : List.of("../dashboards/grafana/ai-governance.json", "dashboards/grafana/ai-governance.json")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        return fail("dashboards/grafana/ai-governance.json not found from " + Path.of("").toAbsolutePath());
    }

    /** An audit trail with every kind of event the dashboard shows: AI and human deployments, approval, denial, rollback. */
    private Path trail() {
        Path log = dir.resolve("audit.jsonl");
        String ai = "\"fingerprint\":\"sha256:" + "a".repeat(64) + "\",\"commit\":\"" + "1".repeat(40)
                + "\",\"changeSource\":\"ai-agent\",\"agent\":\"claude-code\",\"tier\":\"HIGH\",\"touches\":[\"iam\"]";
        String ai2 = "\"fingerprint\":\"sha256:" + "c".repeat(64) + "\",\"changeSource\":\"ai-agent\",\"agent\":\"claude-code\",\"tier\":\"CRITICAL\"";
        String human = "\"fingerprint\":\"sha256:" + "b".repeat(64) + "\",\"changeSource\":\"human\",\"tier\":\"LOW\"";
        for (String e : List.of(
                "{\"type\":\"risk-assessed\",\"time\":\"" + at(3, 0) + "\",\"commitTime\":\"" + at(3, -60) + "\"," + ai + "}",
                "{\"type\":\"scope-decided\",\"time\":\"" + at(3, 0) + "\",\"outcome\":\"allow\"," + ai + "}",
                "{\"type\":\"approval-requested\",\"time\":\"" + at(3, 1) + "\"," + ai + "}",
                "{\"type\":\"approval-given\",\"time\":\"" + at(3, 11) + "\",\"actor\":\"alice\"," + ai + "}",
                "{\"type\":\"deployment-done\",\"time\":\"" + at(3, 30) + "\",\"commitTime\":\"" + at(3, -60) + "\",\"outcome\":\"success\"," + ai + "}",
                "{\"type\":\"rollback\",\"time\":\"" + at(3, 75) + "\",\"outcome\":\"rolled-back\"," + ai + "}",
                "{\"type\":\"scope-decided\",\"time\":\"" + at(2, 5) + "\",\"outcome\":\"deny\"," + ai2 + "}",
                "{\"type\":\"deployment-done\",\"time\":\"" + at(2, 0) + "\",\"commitTime\":\"" + at(2, -120) + "\"," + human + "}")) {
            aigov("audit", "append", "--log", log.toString(), "--event", e);
        }
        return log;
    }

    private JsonNode query(String prometheus, String promql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode doc = json.readTree(r.body());
        assertThat(doc.path("status").asText()).as("%s: %s", promql, r.body()).isEqualTo("success");
        return doc.get("data").get("result");
    }

    @Test
    void everyPanelQueryReturnsDataFromARealPrometheus() throws Exception {
        Path log = trail();
        String exposition = aigov("metrics", "--log", log.toString(), "--since", "30d", "--format", "prometheus", "--label", "repository=acme");
        JsonNode dash = json.readTree(dashboard().toFile());

        // every metric a panel names exists in the exposition (metric names change: docs/metrics.md)
        List<String> queries = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Pattern metric = Pattern.compile("aigov_[a-z0-9_]+");
        for (JsonNode panel : dash.get("panels")) {
            assertThat(panel.get("targets")).as("panel %s has queries", panel.get("title")).isNotEmpty();
            for (JsonNode t : panel.get("targets")) {
                String expr = t.get("expr").asText();
                queries.add(panel.get("title").asText() + "\u0000" + expr);
                Matcher m = metric.matcher(expr);
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        for (String n : names) {
            assertThat(exposition).as("metric %s", n).contains("\n# TYPE " + n + " ");
        }

        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
        target.createContext("/metrics", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        try (PrometheusProcess prom = PrometheusProcess.start(dir, target.getAddress().getPort())) {
            List<String> empty = new ArrayList<>();
            for (String q : queries) {
                String title = q.substring(0, q.indexOf('\u0000'));
                // Grafana's variables, as the dashboard's defaults resolve them: All repositories, a 1-minute interval
                String promql = q.substring(q.indexOf('\u0000') + 1).replace("$repository", ".*").replace("$__rate_interval", "1m");
                JsonNode result = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // scrapes every second; increase() needs two
                while (System.nanoTime() < deadline) {
                    result = query(prom.url(), promql);
                    if (!result.isEmpty()) {
                        break;
                    }
                    Thread.sleep(250);
                }
                if (result == null || result.isEmpty()) {
                    empty.add(title + ": " + promql);
                }
            }
            assertThat(empty).as("panels whose query returned no data").isEmpty();
            assertThat(query(prom.url(), "sum by (tier) (aigov_ai_changes{repository=~\".*\"})")).hasSize(4);
            assertThat(query(prom.url(), "max by (source) (aigov_rollback_ratio)").toString()).contains("\"ai\"").contains("\"human\"");

            // the repository variable's query lists the repository label
            HttpResponse<String> labels = http.send(HttpRequest.newBuilder(URI.create(prom.url() + "/api/v1/label/repository/values?match[]="
                    + URLEncoder.encode("aigov_audit_events_total", StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.readTree(labels.body()).get("data").toString()).isEqualTo("[\"acme\"]");
        } finally {
            target.stop(0);
        }
    }
}
