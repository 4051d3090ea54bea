package io.jenkins.plugins.aigovernance.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 speaking the Prometheus HTTP API ({@code /api/v1/query}), whose
 * answers the test scripts per query, in order; the last answer of a query repeats. Answers:
 * <ul>
 *   <li>{@code 0.01} one series; {@code 0.01,0.5} two series; {@code []} an empty vector; {@code NaN}, {@code +Inf} as Prometheus writes them</li>
 *   <li>{@code scalar:0.3} a scalar; {@code matrix:0.1} a range vector</li>
 *   <li>{@code drop} the connection breaks in the middle of the answer; {@code http500} a Prometheus error body with status 500;
 *       {@code http503html} a proxy's HTML page; {@code bad_data} HTTP 400 {@code "status":"error"}; {@code garbage} a 200 that is not JSON</li>
 * </ul>
 * An unscripted query answers HTTP 400, as Prometheus does for an unknown metric name it cannot parse.
 */
final class ScriptedPrometheus implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Deque<String>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    ScriptedPrometheus() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", this::answer);
        server.start();
    }

    /** Scripts the answers to {@code query}, in order (the last repeats). */
    ScriptedPrometheus script(String query, List<String> in) {
        answers.put(query, new ArrayDeque<>(in));
        return this;
    }

    int asked(String query) {
        AtomicInteger n = asked.get(query);
        return n == null ? 0 : n.get();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange ex) throws IOException {
        String query = null;
        String raw = ex.getRequestURI().getRawQuery();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals("query")) {
                query = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        Deque<String> q = query == null ? null : answers.get(query);
        if (q == null) {
            send(ex, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"not scripted: " + query + "\"}");
            return;
        }
        asked.computeIfAbsent(query, k -> new AtomicInteger()).incrementAndGet();
        String a;
        synchronized (q) {
            a = q.size() > 1 ? q.poll() : q.peek();
        }
        switch (a) {
            case "drop" -> drop(ex);
            case "http500" -> send(ex, 500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"query processing failed\"}");
            case "http503html" -> send(ex, 503, "<html><body>503 Service Temporarily Unavailable</body></html>");
            case "bad_data" -> send(ex, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
            case "garbage" -> send(ex, 200, "{\"status\":\"success\",\"data\":");
            default -> send(ex, 200, "{\"status\":\"success\",\"data\":" + data(a) + "}");
        }
    }

    private static String data(String a) {
        if (a.startsWith("scalar:")) {
            return "{\"resultType\":\"scalar\",\"result\":[1700000000,\"" + a.substring(7) + "\"]}";
        }
        if (a.startsWith("matrix:")) {
            return "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1700000000,\"" + a.substring(7) + "\"]]}]}";
        }
        List<String> series = new ArrayList<>();
        if (!a.equals("[]")) {
            String[] values = a.split(",");
            for (int i = 0; i < values.length; i++) {
                series.add("{\"metric\":{\"pod\":\"canary-" + i + "\"},\"value\":[1700000000,\"" + values[i] + "\"]}");
            }
        }
        return "{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}";
    }

    /** The connection breaks in the middle of the answer (a restarting Prometheus, a proxy timing out). */
    private static void drop(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 4096);
        OutputStream o = ex.getResponseBody();
        o.write("{\"status\":\"succ".getBytes(StandardCharsets.UTF_8));
        o.flush();
        ex.close();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
