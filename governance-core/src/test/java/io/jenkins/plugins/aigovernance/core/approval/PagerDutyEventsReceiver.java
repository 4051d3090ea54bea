package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A loopback stand-in for PagerDuty's Events API v2 ({@code POST /v2/enqueue}) that enforces what
 * PagerDuty documents ("Send an Alert Event", "Send a Resolve Event") and answers as PagerDuty does:
 * 202 {@code {"status":"success","message":"Event processed","dedup_key":…}}, or 400
 * {@code {"status":"invalid event","message":"Event object is invalid","errors":[…]}} naming each
 * broken rule. It keeps one alert per {@code dedup_key} (triggered or resolved), as PagerDuty does.
 *
 * <p>Rules: {@code Content-Type: application/json}; top-level fields only {@code routing_key},
 * {@code event_action}, {@code dedup_key}, {@code payload}, {@code images}, {@code links},
 * {@code client}, {@code client_url}; {@code routing_key} a 32-character string equal to the
 * integration's; {@code event_action} {@code trigger}, {@code acknowledge} or {@code resolve};
 * {@code dedup_key} at most 255 characters, required unless triggering; a trigger's {@code payload}
 * with {@code summary} (1..1024 characters), {@code source} (non-empty) and {@code severity}
 * ({@code critical}, {@code error}, {@code warning}, {@code info}), optional {@code timestamp},
 * {@code component}, {@code group}, {@code class} strings and {@code custom_details} object;
 * {@code links} items with a string {@code href} (and optional {@code text}).
 */
public final class PagerDutyEventsReceiver implements AutoCloseable {

    /** One alert as PagerDuty keeps it. */
    public record Alert(String dedupKey, String status, JsonNode lastTrigger) {
    }

    private static final Set<String> TOP = Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url");
    private static final Set<String> PAYLOAD = Set.of("summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    private final HttpServer server;
    private final String routingKey;
    private final ObjectMapper json = new ObjectMapper();
    /** Every event PagerDuty accepted, in order. */
    public final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
    /** The errors of every refused event. */
    public final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final java.util.Map<String, Alert> alerts = Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    /** @param routingKey the integration key events must carry (32 characters) */
    public PagerDutyEventsReceiver(String routingKey) throws IOException {
        this.routingKey = routingKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/enqueue", exchange -> {
            List<String> errors = new ArrayList<>();
            JsonNode body = null;
            if (!"POST".equals(exchange.getRequestMethod())) {
                errors.add("method must be POST");
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                errors.add("Content-Type must be application/json");
            }
            try {
                body = json.readTree(exchange.getRequestBody().readAllBytes());
                if (errors.isEmpty()) {
                    errors.addAll(check(body));
                }
            } catch (IOException e) {
                errors.add("body is not JSON");
            }
            ObjectNode answer = json.createObjectNode();
            int status;
            if (errors.isEmpty()) {
                JsonNode event = body;
                accepted.add(event);
                String action = body.get("event_action").asText();
                String key = body.hasNonNull("dedup_key") ? body.get("dedup_key").asText() : "generated-" + accepted.size();
                alerts.compute(key, (k, a) -> action.equals("trigger")
                        ? new Alert(k, "triggered", event)
                        : a == null ? null : new Alert(k, action.equals("resolve") ? "resolved" : "acknowledged", a.lastTrigger()));
                answer.put("status", "success").put("message", "Event processed").put("dedup_key", key);
                status = 202;
            } else {
                refused.addAll(errors);
                answer.put("status", "invalid event").put("message", "Event object is invalid");
                errors.forEach(answer.putArray("errors")::add);
                status = 400;
            }
            byte[] bytes = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** The events URL on loopback. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    /** The alerts PagerDuty would show, by {@code dedup_key}. */
    public List<Alert> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts.values());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private List<String> check(JsonNode e) {
        List<String> errors = new ArrayList<>();
        if (!e.isObject()) {
            return List.of("event must be an object");
        }
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP.contains(f)) {
                errors.add("unknown field '" + f + "'");
            }
        }
        if (!e.path("routing_key").isTextual() || e.get("routing_key").asText().length() != 32) {
            errors.add("'routing_key' must be a 32-character string");
        } else if (!e.get("routing_key").asText().equals(routingKey)) {
            errors.add("'routing_key' is not an integration key of this account");
        }
        String action = e.path("event_action").asText("");
        if (!Set.of("trigger", "acknowledge", "resolve").contains(action)) {
            errors.add("'event_action' must be trigger, acknowledge or resolve");
        }
        if (e.has("dedup_key") && (!e.get("dedup_key").isTextual() || e.get("dedup_key").asText().length() > 255)) {
            errors.add("'dedup_key' must be a string of at most 255 characters");
        }
        if (!action.equals("trigger") && !e.path("dedup_key").isTextual()) {
            errors.add("'dedup_key' is required for " + action);
        }
        if (action.equals("trigger")) {
            JsonNode p = e.path("payload");
            if (!p.isObject()) {
                errors.add("'payload' is required for trigger");
            } else {
                for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!PAYLOAD.contains(f)) {
                        errors.add("unknown field 'payload." + f + "'");
                    }
                }
                String summary = p.path("summary").isTextual() ? p.get("summary").asText() : "";
                if (summary.isEmpty() || summary.length() > 1024) {
                    errors.add("'payload.summary' must be a string of 1 to 1024 characters");
                }
                if (!p.path("source").isTextual() || p.get("source").asText().isEmpty()) {
                    errors.add("'payload.source' is required");
                }
                if (!SEVERITIES.contains(p.path("severity").asText(""))) {
                    errors.add("'payload.severity' must be critical, error, warning or info");
                }
                for (String f : List.of("timestamp", "component", "group", "class")) {
                    if (p.has(f) && !p.get(f).isTextual()) {
                        errors.add("'payload." + f + "' must be a string");
                    }
                }
                if (p.has("custom_details") && !p.get("custom_details").isObject()) {
                    errors.add("'payload.custom_details' must be an object");
                }
            }
        }
        if (e.has("links")) {
            if (!e.get("links").isArray()) {
                errors.add("'links' must be an array");
            } else {
                for (JsonNode l : e.get("links")) {
                    if (!l.path("href").isTextual() || (l.has("text") && !l.get("text").isTextual())) {
                        errors.add("'links[]' needs a string 'href' (and a string 'text')");
                    }
                }
            }
        }
        return errors;
    }

}
