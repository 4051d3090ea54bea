package io.jenkins.plugins.aigovernance.core.canary.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.canary.MetricProvider;
import io.jenkins.plugins.aigovernance.core.canary.MetricQueryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads canary metrics from Prometheus over its HTTP API ({@code /api/v1/query} and
 * {@code /api/v1/query_range}). Values arrive as strings ({@code "0.25"}, {@code "NaN"},
 * {@code "+Inf"}); series are ordered by their labels so results are stable. Every failure — no
 * connection, a timeout, a non-2xx status, {@code "status":"error"}, an unreadable body, a string
 * result — is a {@link MetricQueryException}; nothing is guessed.
 */
public final class PrometheusProvider implements MetricProvider {

    /** Largest response body read. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final PrometheusConnection connection;
    private final HttpClient client;
    private final ObjectMapper mapper = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.newMapper();

    public PrometheusProvider(PrometheusConnection connection) {
        this.connection = connection;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connection.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (connection.sslContext() != null) {
            b.sslContext(connection.sslContext());
        }
        this.client = b.build();
    }

    public PrometheusConnection connection() {
        return connection;
    }

    @Override
    public String describe() {
        return "prometheus " + connection.url();
    }

    @Override
    public List<Double> query(String query) {
        JsonNode data = get("/api/v1/query", Map.of("query", query), query);
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        switch (type) {
            case "scalar":
                return List.of(value(result, query));
            case "vector": {
                TreeMap<String, Double> bySeries = new TreeMap<>();
                int n = 0;
                for (JsonNode s : result) {
                    bySeries.put(labels(s.path("metric")) + "#" + n++, value(s.path("value"), query));
                }
                return List.copyOf(bySeries.values());
            }
            case "matrix":
                throw new MetricQueryException(query + ": the query returned a range vector; conditions need an instant vector or scalar"
                        + " (wrap it in a function such as rate() or avg_over_time())");
            default:
                throw new MetricQueryException(query + ": unusable result type '" + type + "'");
        }
    }

    @Override
    public List<Double> queryRange(String query, Instant start, Instant end, Duration step) {
        JsonNode data = get("/api/v1/query_range", Map.of("query", query, "start", seconds(start), "end", seconds(end),
                "step", Double.toString(step.toMillis() / 1000.0)), query);
        if (!"matrix".equals(data.path("resultType").asText(""))) {
            throw new MetricQueryException(query + ": a range query answered '" + data.path("resultType").asText("") + "', not a matrix");
        }
        TreeMap<String, List<Double>> bySeries = new TreeMap<>();
        int n = 0;
        for (JsonNode s : data.path("result")) {
            List<Double> values = new ArrayList<>();
            for (JsonNode v : s.path("values")) {
                values.add(value(v, query));
            }
            bySeries.put(labels(s.path("metric")) + "#" + n++, values);
        }
        List<Double> all = new ArrayList<>();
        bySeries.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    private JsonNode get(String path, Map<String, String> params, String query) {
        StringBuilder qs = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> qs.append(qs.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String base = connection.url().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + path + qs);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(connection.requestTimeout()).header("Accept", "application/json").GET();
        if (connection.bearerToken() != null) {
            rb.header("Authorization", "Bearer " + connection.bearerToken());
        } else if (connection.username() != null) {
            String up = connection.username() + ":" + connection.password();
            rb.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw new MetricQueryException(query + ": " + describe() + " did not answer within " + timeoutOf(e), e);
        } catch (IOException e) {
            throw new MetricQueryException(query + ": " + describe() + " is unreachable: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricQueryException(query + ": interrupted while querying " + describe(), e);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new MetricQueryException(query + ": the answer is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode doc;
        try {
            doc = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MetricQueryException(query + ": " + describe() + " answered HTTP " + response.statusCode() + " with a body that is not JSON: "
                    + snippet(body));
        } catch (IOException e) {
            throw new MetricQueryException(query + ": unreadable answer: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new MetricQueryException(query + ": " + describe() + " answered HTTP " + response.statusCode() + " without a JSON object");
        }
        if (!"success".equals(doc.path("status").asText()) || response.statusCode() / 100 != 2) {
            String why = doc.hasNonNull("error") ? doc.path("errorType").asText("error") + ": " + doc.path("error").asText() : snippet(body);
            throw new MetricQueryException(query + ": " + describe() + " answered HTTP " + response.statusCode() + ": " + why);
        }
        JsonNode data = doc.path("data");
        if (!data.isObject() || !data.path("result").isArray() && !"scalar".equals(data.path("resultType").asText())) {
            throw new MetricQueryException(query + ": the answer has no data.result");
        }
        return data;
    }

    private String timeoutOf(HttpTimeoutException e) {
        return e instanceof java.net.http.HttpConnectTimeoutException
                ? connection.connectTimeout().toMillis() + " ms (connect timeout)"
                : connection.requestTimeout().toMillis() + " ms (request timeout)";
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** {@code [1435781451.781, "1"]} → 1.0; {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} as such. */
    static double value(JsonNode pair, String query) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
            throw new MetricQueryException(query + ": a sample is not [time, \"value\"]: " + pair);
        }
        String s = pair.get(1).asText();
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new MetricQueryException(query + ": a sample value is not a number: \"" + s + "\"");
                }
            }
        };
    }

    private static String labels(JsonNode metric) {
        TreeMap<String, String> m = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = metric.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m.toString();
    }

    private static String seconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
    }

    private static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return s.isEmpty() ? "(empty body)" : s;
    }
}
