package io.jenkins.plugins.aigovernance.core.canary.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.canary.CanaryAnalysis;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryMetric;
import io.jenkins.plugins.aigovernance.core.canary.CanaryOutcome;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryStep;
import io.jenkins.plugins.aigovernance.core.canary.CanaryVerdict;
import io.jenkins.plugins.aigovernance.core.canary.MeasurementPhase;
import io.jenkins.plugins.aigovernance.core.canary.MetricQueryException;
import io.jenkins.plugins.aigovernance.core.canary.Sleeper;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a real HTTP server on 127.0.0.1 answering like the Prometheus API. */
class PrometheusProviderTest {

    private HttpServer server;
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prefix/api/v1/", ex -> {
            String rawQuery = ex.getRequestURI().getRawQuery();
            String q = "";
            for (String kv : rawQuery.split("&")) {
                if (kv.startsWith("query=")) {
                    q = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                }
            }
            queries.add(ex.getRequestURI().getPath() + "?" + URLDecoder.decode(rawQuery, StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String[] a = answers.getOrDefault(q, new String[] {"400", "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"});
            byte[] body = a[1].getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(Integer.parseInt(a[0]), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prefix/";
    }

    private PrometheusProvider provider() {
        return new PrometheusProvider(PrometheusConnection.of(url()));
    }

    private void answer(String query, int status, String json) {
        answers.put(query, new String[] {String.valueOf(status), json});
    }

    @Test
    void readsVectorsInLabelOrderWithSpecialValues() {
        answer("up", 200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"instance":"b"},"value":[1700000000.1,"+Inf"]},
                  {"metric":{"instance":"a"},"value":[1700000000.1,"0.25"]},
                  {"metric":{"instance":"c"},"value":[1700000000.1,"NaN"]},
                  {"metric":{"instance":"d"},"value":[1700000000.1,"-Inf"]}]}}""");
        List<Double> v = provider().query("up");
        assertThat(v).hasSize(4);
        assertThat(v.get(0)).isEqualTo(0.25);
        assertThat(v.get(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(v.get(2)).isNaN();
        assertThat(v.get(3)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(queries.get(0)).startsWith("/prefix/api/v1/query?query=up");
    }

    @Test
    void readsScalarsEmptyVectorsAndRanges() {
        answer("scalar(1)", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"1.5\"]}}");
        answer("nothing", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        answer("lat", 200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"track":"z"},"values":[[1,"3"],[2,"4"]]},
                  {"metric":{"track":"a"},"values":[[1,"1"],[2,"2"]]}]}}""");
        assertThat(provider().query("scalar(1)")).containsExactly(1.5);
        assertThat(provider().query("nothing")).isEmpty();
        Instant end = Instant.parse("2026-01-01T00:01:00.250Z");
        assertThat(provider().queryRange("lat", end.minusSeconds(60), end, Duration.ofSeconds(15))).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(queries.get(2)).startsWith("/prefix/api/v1/query_range?").contains("start=1767225600.250").contains("end=1767225660.250")
                .contains("step=15.0");
        assertThatThrownBy(() -> provider().query("lat")).isInstanceOf(MetricQueryException.class).hasMessageContaining("range vector");
    }

    @Test
    void everyBadAnswerIsAnError() {
        answer("html", 502, "<html>bad gateway</html>");
        answer("string", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}");
        answer("weird", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}");
        answer("nodata", 200, "{\"status\":\"success\"}");
        assertThatThrownBy(() -> provider().query("html")).isInstanceOf(MetricQueryException.class)
                .hasMessageContaining("HTTP 502 with a body that is not JSON: <html>bad gateway</html>");
        assertThatThrownBy(() -> provider().query("rate(")).isInstanceOf(MetricQueryException.class)
                .hasMessageContaining("HTTP 400: bad_data: parse error");
        assertThatThrownBy(() -> provider().query("string")).hasMessageContaining("unusable result type 'string'");
        assertThatThrownBy(() -> provider().query("weird")).hasMessageContaining("not a number: \"abc\"");
        assertThatThrownBy(() -> provider().query("nodata")).hasMessageContaining("no data.result");
    }

    @Test
    void sendsBearerOrBasicCredentialsAndNeverShowsThem() {
        answer("up", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        PrometheusConnection bearer = PrometheusConnection.of(url()).withBearerToken("s3cret-token");
        new PrometheusProvider(bearer).query("up");
        PrometheusConnection basic = PrometheusConnection.of(url()).withBasicAuth("canary", "pa:ss");
        new PrometheusProvider(basic).query("up");
        new PrometheusProvider(PrometheusConnection.of(url())).query("up");
        assertThat(authorizations).containsExactly("Bearer s3cret-token", "Basic Y2FuYXJ5OnBhOnNz", "null");
        assertThat(bearer.toString()).doesNotContain("s3cret").contains("bearer token");
        assertThat(basic.toString()).doesNotContain("pa:ss");
        assertThat(new PrometheusProvider(basic).describe()).doesNotContain("pa:ss");
    }

    @Test
    void refusesUnusableUrls() {
        assertThatThrownBy(() -> PrometheusConnection.of("ftp://host")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PrometheusConnection.of("not a url")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PrometheusConnection.of("http://user:pw@host:9090")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("pw").hasMessageContaining("not in the URL");
        assertThatThrownBy(() -> PrometheusConnection.of("http://h").withTimeouts(Duration.ZERO, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithTheRequestTimeout() throws Exception {
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackhole.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            PrometheusProvider p = new PrometheusProvider(PrometheusConnection.of("http://127.0.0.1:" + blackhole.getLocalPort())
                    .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(700)));
            assertThatThrownBy(() -> p.query("up")).isInstanceOf(MetricQueryException.class)
                    .hasMessageContaining("did not answer within 700 ms (request timeout)");
        }
    }

    @Test
    void anUnusedPortFailsClosedAfterTheConsecutiveErrorLimit() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrometheusProvider p = new PrometheusProvider(PrometheusConnection.of("http://127.0.0.1:" + port)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThatThrownBy(() -> p.query("up")).isInstanceOf(MetricQueryException.class).hasMessageContaining("is unreachable");
        CanaryMetric m = new CanaryMetric("error-rate", "up", "result[0] < 0.05", null, TimeSpan.of("100ms"), null, 5, null, null, 2, null, null,
                null, null);
        CanaryPlan plan = new CanaryPlan("p", null, List.of(m), null, List.of(CanaryStep.weight(5), CanaryStep.analyse()), null).requireValid("p");
        List<Integer> rolledBackAt = new ArrayList<>();
        CanaryVerdict v = new CanaryAnalysis(p, Clock.systemUTC(), Sleeper.SYSTEM).run(plan, w -> { }, r -> rolledBackAt.add(r.weight()),
                CanaryListener.NONE);
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.measurements()).hasSize(3).allMatch(x -> x.phase() == MeasurementPhase.ERROR);
        assertThat(rolledBackAt).containsExactly(5);
        assertThat(v.provider()).isEqualTo("prometheus http://127.0.0.1:" + port);
    }
}
