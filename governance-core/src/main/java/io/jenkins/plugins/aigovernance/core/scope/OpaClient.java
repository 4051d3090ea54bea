package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A client of OPA's Data API: {@code POST <server>/v1/data/<package path>} with {@code {"input": …}}.
 * Every failure — connection refused, timeout, HTTP error, a body that is not JSON, an undefined
 * decision (no {@code result}) — is an {@link InvalidInputException} naming the URL: governance
 * fails closed.
 */
public final class OpaClient {

    /** Largest answer read. */
    public static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*");

    private final URI server;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper mapper = JsonDocuments.newMapper();

    /**
     * @param server         the OPA server, e.g. {@code http://127.0.0.1:8181}
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long the whole exchange may take, from sending the request to the last byte of the answer
     */
    public OpaClient(URI server, Duration connectTimeout, Duration requestTimeout) {
        if (server == null || server.getScheme() == null || !(server.getScheme().equals("http") || server.getScheme().equals("https"))
                || server.getHost() == null) {
            throw new InvalidInputException(String.valueOf(server), "not an http(s) URL of an OPA server");
        }
        this.server = server;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The Data API URL of a package ({@code ai_devops.scope} or {@code ai_devops/scope}). */
    public URI dataUrl(String packagePath) {
        String p = packagePath == null ? "" : packagePath.trim().replace('.', '/');
        if (!PACKAGE.matcher(p).matches()) {
            throw new InvalidInputException("opa package", "'" + packagePath + "' is not a Rego package path such as ai_devops.scope");
        }
        String base = server.toString().endsWith("/") ? server.toString() : server + "/";
        return URI.create(base + "v1/data/" + p);
    }

    /**
     * Evaluates a package with an input document and returns the decision's {@code result}.
     *
     * @throws InvalidInputException naming the URL when there is no usable result
     */
    public JsonNode evaluate(String packagePath, Object input) {
        URI url = dataUrl(packagePath);
        String where = url.toString();
        ObjectNode body = mapper.createObjectNode();
        body.set("input", mapper.valueToTree(input));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(requestTimeout).header("Content-Type", "application/json")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the timeout covers the whole exchange: connecting, the headers and every byte of the body
        // (HttpRequest.timeout alone stops at the headers, so a server stalling mid-body would hold us)
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new BoundedBody(MAX_RESPONSE_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(requestTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            throw new InvalidInputException(where, "OPA did not answer within " + seconds(requestTimeout) + " (failing closed)", e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new InvalidInputException(where, "interrupted while waiting for OPA (failing closed)", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof HttpConnectTimeoutException) {
                throw new InvalidInputException(where, "OPA did not accept a connection within the connect timeout (failing closed)", c);
            }
            if (c instanceof HttpTimeoutException) {
                throw new InvalidInputException(where, "OPA did not answer within " + seconds(requestTimeout) + " (failing closed)", c);
            }
            if (c instanceof ConnectException) {
                throw new InvalidInputException(where, "cannot connect to OPA: " + (c.getMessage() == null ? "connection refused" : c.getMessage())
                        + " (failing closed)", c);
            }
            throw new InvalidInputException(where, "OPA request failed: " + c + " (failing closed)", c);
        }
        byte[] bytes = response.body();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new InvalidInputException(where, "OPA answered HTTP " + response.statusCode() + ": " + excerpt(text) + " (failing closed)");
        }
        JsonNode doc;
        try {
            doc = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where, "OPA's answer is not JSON: " + excerpt(text) + " (failing closed)", e);
        }
        if (doc == null || !doc.isObject()) {
            throw new InvalidInputException(where, "OPA's answer is not a JSON object: " + excerpt(text) + " (failing closed)");
        }
        JsonNode result = doc.get("result");
        if (result == null || result.isNull()) {
            throw new InvalidInputException(where, "the decision is undefined (no 'result'): is package " + packagePath
                    + " loaded in OPA? (failing closed)");
        }
        return result;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String excerpt(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.isEmpty() ? "(empty body)" : t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }

    /**
     * Collects a body up to {@code limit} bytes; a longer body is cut off (its subscription cancelled)
     * and completes with {@code limit + 1} bytes, which the caller refuses.
     */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (java.nio.ByteBuffer b : items) {
                int n = Math.min(b.remaining(), limit + 1 - out.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
                if (out.size() > limit) {
                    subscription.cancel();
                    result.complete(out.toByteArray());
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
