package io.jenkins.plugins.aigovernance.core.canary.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * A small service the integration tests control: it serves {@code /metrics} in the Prometheus text
 * format with {@code http_requests_total{status,track}} counters and an
 * {@code http_request_duration_seconds} histogram per track. Every scrape adds the requests of the
 * time since the previous scrape, with the error fraction and latency set by the test.
 */
final class TestExporter implements AutoCloseable {

    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final String[] TRACKS = {"canary", "baseline"};
    private static final double REQUESTS_PER_SECOND = 200;

    private final HttpServer server;
    private final double[] ok = new double[2];
    private final double[] errors = new double[2];
    private final double[][] buckets = new double[2][BUCKETS.length];
    private final double[] latencySum = new double[2];
    private final double[] errorFraction = {0.001, 0.001};
    private final double[] latency = {0.08, 0.08};
    private long lastScrapeNanos = -1;
    private Instant breachInjectedAt;
    private Instant firstBreachScrape;
    private int scrapes;

    TestExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-exporter");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Sets the canary's error fraction (0–1); a breach is remembered from the first call with more than 5 %. */
    synchronized void canaryErrors(double fraction) {
        errorFraction[0] = fraction;
        if (fraction > 0.05 && breachInjectedAt == null) {
            breachInjectedAt = Instant.now();
        }
    }

    /** Sets the canary's request latency in seconds. */
    synchronized void canaryLatency(double seconds) {
        latency[0] = seconds;
    }

    /** When the first scrape that shows the injected breach was served, or {@code null}. */
    synchronized Instant firstBreachScrape() {
        return firstBreachScrape;
    }

    /** When the test injected the breach, or {@code null}. */
    synchronized Instant breachInjectedAt() {
        return breachInjectedAt;
    }

    synchronized int scrapes() {
        return scrapes;
    }

    private synchronized String scrape() {
        long now = System.nanoTime();
        double dt = lastScrapeNanos < 0 ? 1 : (now - lastScrapeNanos) / 1e9;
        lastScrapeNanos = now;
        scrapes++;
        for (int t = 0; t < 2; t++) {
            double n = REQUESTS_PER_SECOND * dt;
            errors[t] += n * errorFraction[t];
            ok[t] += n * (1 - errorFraction[t]);
            latencySum[t] += n * latency[t];
            for (int b = 0; b < BUCKETS.length; b++) {
                if (latency[t] <= BUCKETS[b]) {
                    buckets[t][b] += n;
                }
            }
        }
        if (breachInjectedAt != null && firstBreachScrape == null) {
            firstBreachScrape = Instant.now();
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
        for (int t = 0; t < 2; t++) {
            sb.append(String.format(Locale.ROOT, "http_requests_total{status=\"200\",track=\"%s\"} %.3f%n", TRACKS[t], ok[t]));
            sb.append(String.format(Locale.ROOT, "http_requests_total{status=\"500\",track=\"%s\"} %.3f%n", TRACKS[t], errors[t]));
        }
        sb.append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        for (int t = 0; t < 2; t++) {
            double count = ok[t] + errors[t];
            for (int b = 0; b < BUCKETS.length; b++) {
                sb.append(String.format(Locale.ROOT, "http_request_duration_seconds_bucket{track=\"%s\",le=\"%s\"} %.3f%n", TRACKS[t],
                        BUCKETS[b], buckets[t][b]));
            }
            sb.append(String.format(Locale.ROOT, "http_request_duration_seconds_bucket{track=\"%s\",le=\"+Inf\"} %.3f%n", TRACKS[t], count));
            sb.append(String.format(Locale.ROOT, "http_request_duration_seconds_sum{track=\"%s\"} %.3f%n", TRACKS[t], latencySum[t]));
            sb.append(String.format(Locale.ROOT, "http_request_duration_seconds_count{track=\"%s\"} %.3f%n", TRACKS[t], count));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
