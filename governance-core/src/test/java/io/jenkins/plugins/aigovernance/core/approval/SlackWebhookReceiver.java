package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for a Slack incoming webhook that enforces what Slack documents (Block Kit
 * reference; "Formatting text for app surfaces") and answers as Slack does: 200 {@code ok}, or 400
 * {@code invalid_blocks} naming the broken rule. It also renders each accepted message the way a
 * Slack client shows it: one entry per displayed line, plus every span mrkdwn would format (bold,
 * italic, strike, code) — what a test needs to see whether any line or formatting was forged.
 *
 * <p>Rules: at most 50 blocks; {@code header} text plain_text ≤ 150; {@code section} text ≤ 3000,
 * at most 10 fields of ≤ 2000; {@code context} at most 10 elements; {@code actions} buttons with
 * plain_text ≤ 75 and url ≤ 3000; text objects are plain_text or mrkdwn and not empty; in mrkdwn,
 * {@code &} starts {@code &amp;}/{@code &lt;}/{@code &gt;} and {@code <} opens a {@code <http(s)://…|label>}
 * link (anything else would be parsed as a link, mention or entity).
 */
final class SlackWebhookReceiver implements AutoCloseable {

    /** What a client shows: its lines, and the spans mrkdwn formats. */
    record Rendered(List<String> lines, List<String> formatted) {
    }

    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt);");
    private static final Pattern LINK = Pattern.compile("<(https?://[^<>|\\s]+)(\\|([^<>]*))?>");
    private static final Pattern FORMAT = Pattern.compile("(?<![\\p{L}\\p{N}])([*_~`])(?!\\s)([^\\n]*?)(?<!\\s)\\1(?![\\p{L}\\p{N}])");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    SlackWebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/services/T000/B000/XXXX", exchange -> {
            String problem;
            JsonNode body = null;
            try {
                body = json.readTree(exchange.getRequestBody().readAllBytes());
                problem = check(body);
            } catch (IOException e) {
                problem = "invalid_payload";
            }
            byte[] answer = (problem == null ? "ok" : problem).getBytes(StandardCharsets.UTF_8);
            if (problem == null) {
                accepted.add(body);
            } else {
                refused.add(problem);
            }
            exchange.sendResponseHeaders(problem == null ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXX";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** {@code null} when Slack would take the message, else {@code invalid_blocks: why}. */
    static String check(JsonNode m) {
        if (!m.path("text").isTextual() && !m.has("blocks")) {
            return "no_text";
        }
        JsonNode blocks = m.path("blocks");
        if (blocks.size() > 50) {
            return "invalid_blocks: more than 50 blocks";
        }
        for (JsonNode b : blocks) {
            String p = switch (b.path("type").asText()) {
                case "header" -> text(b.path("text"), 150, true);
                case "section" -> section(b);
                case "context" -> b.path("elements").size() > 10 ? "more than 10 context elements" : texts(b.path("elements"), 3000);
                case "actions" -> actions(b);
                default -> "unknown block type " + b.path("type");
            };
            if (p != null) {
                return "invalid_blocks: " + p;
            }
        }
        return null;
    }

    private static String section(JsonNode b) {
        if (!b.has("text") && !b.has("fields")) {
            return "a section needs text or fields";
        }
        if (b.has("text")) {
            String p = text(b.path("text"), 3000, false);
            if (p != null) {
                return p;
            }
        }
        if (b.path("fields").size() > 10) {
            return "more than 10 fields";
        }
        return texts(b.path("fields"), 2000);
    }

    private static String actions(JsonNode b) {
        for (JsonNode e : b.path("elements")) {
            String p = text(e.path("text"), 75, true);
            if (p != null) {
                return p;
            }
            if (e.path("url").asText().length() > 3000) {
                return "button url longer than 3000";
            }
        }
        return null;
    }

    private static String texts(JsonNode list, int max) {
        for (JsonNode t : list) {
            String p = text(t, max, false);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String text(JsonNode t, int max, boolean plainOnly) {
        String type = t.path("type").asText();
        String s = t.path("text").asText("");
        if (!type.equals("plain_text") && (plainOnly || !type.equals("mrkdwn"))) {
            return "text type " + type;
        }
        if (s.isEmpty()) {
            return "empty text";
        }
        if (s.length() > max) {
            return "text longer than " + max + " (" + s.length() + ")";
        }
        if (type.equals("mrkdwn")) {
            String rest = LINK.matcher(ENTITY.matcher(s).replaceAll("")).replaceAll("");
            if (rest.contains("&") || rest.contains("<") || rest.contains(">")) {
                return "unescaped & < > in mrkdwn";
            }
        }
        return null;
    }

    /** The message as a client shows it. */
    static Rendered render(JsonNode m) {
        List<String> lines = new ArrayList<>();
        List<String> formatted = new ArrayList<>();
        for (JsonNode b : m.path("blocks")) {
            List<JsonNode> objects = new ArrayList<>();
            if (b.has("text")) {
                objects.add(b.get("text"));
            }
            b.path("fields").forEach(objects::add);
            b.path("elements").forEach(e -> objects.add(e.has("text") && e.get("text").isObject() ? e.get("text") : e));
            for (JsonNode t : objects) {
                String s = t.path("text").asText();
                if (t.path("type").asText().equals("mrkdwn")) {
                    Matcher f = FORMAT.matcher(s);
                    while (f.find()) {
                        formatted.add(f.group());
                    }
                    s = LINK.matcher(s).replaceAll(r -> Matcher.quoteReplacement(r.group(3) == null ? r.group(1) : r.group(3)));
                }
                s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
                // what Slack breaks lines at
                lines.addAll(List.of(s.split("\\r\\n|[\\n\\r\\u0085\\u2028\\u2029\\u000B\\u000C]", -1)));
            }
        }
        return new Rendered(lines, formatted);
    }
}
