package io.jenkins.plugins.aigovernance.core.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Agent Trace record (https://github.com/cursor/agent-trace, spec 0.1.0, "Agent Trace Record"
 * JSON): which lines of which files came from AI, grouped by conversation.
 *
 * <pre>
 * {"version": "0.1.0", "id": "550e8400-...", "timestamp": "2026-01-23T14:30:00Z",
 *  "vcs": {"type": "git", "revision": "a1b2c3d4..."},
 *  "tool": {"name": "cursor", "version": "2.4.0"},
 *  "files": [{"path": "src/parser.ts",
 *             "conversations": [{"url": "...", "contributor": {"type": "ai", "model_id": "anthropic/claude-opus-4-5-20251101"},
 *                                "ranges": [{"start_line": 42, "end_line": 67, "contributor": {"type": "mixed"}}]}]}]}
 * </pre>
 *
 * <p>The spec leaves storage open. This reader is used for the two places tools put records: a
 * git note under {@value #NOTES_REF} (a record, an array of records, or one record per line), and
 * the reference implementation's {@value #TRACE_FILE} (one record per line) committed with the code.
 * A range's contributor overrides its conversation's; a range with neither counts as
 * {@code unknown}. Required here: {@code version} and {@code files} with paths, conversations and
 * valid ranges; {@code id} and {@code timestamp} are not checked.
 *
 * @param version     spec version as written
 * @param id          record id, or {@code null}
 * @param revision    {@code vcs.revision}, or {@code null}
 * @param tool        {@code tool.name}, or {@code null}
 * @param models      distinct {@code model_id}s of AI and mixed contributors
 * @param aiRanges    ranges of contributor type {@code ai}, by file
 * @param mixedRanges ranges of contributor type {@code mixed} (human-edited AI output), by file
 * @param humanLines  lines of contributor type {@code human}
 * @param unknownLines lines of contributor type {@code unknown} or without a contributor
 */
public record AgentTraceRecord(
        String version,
        String id,
        String revision,
        String tool,
        List<String> models,
        Map<String, List<LineRange>> aiRanges,
        Map<String, List<LineRange>> mixedRanges,
        int humanLines,
        int unknownLines) {

    /** Notes ref read for records attached to commits. */
    public static final String NOTES_REF = "refs/notes/agent-trace";
    /** Path of the reference implementation's trace log in the repository. */
    public static final String TRACE_FILE = ".agent-trace/traces.jsonl";

    private static final ObjectMapper JSON = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictMapper(com.fasterxml.jackson.core.StreamReadConstraints.defaults());

    public AgentTraceRecord {
        models = models == null ? List.of() : List.copyOf(models);
        aiRanges = copy(aiRanges);
        mixedRanges = copy(mixedRanges);
    }

    private static Map<String, List<LineRange>> copy(Map<String, List<LineRange>> m) {
        Map<String, List<LineRange>> out = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Distinct lines written by AI ({@code ai} or {@code mixed}) over all files. */
    public int aiLineCount() {
        long n = 0;
        for (Map.Entry<String, List<LineRange>> e : aiOrMixed().entrySet()) {
            n += LineRange.countDistinct(e.getValue());
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** Ranges of {@code ai} and {@code mixed} contributors together, by file. */
    public Map<String, List<LineRange>> aiOrMixed() {
        Map<String, List<LineRange>> out = new LinkedHashMap<>();
        aiRanges.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        mixedRanges.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }

    /**
     * Reads records from a note or trace log: one JSON object, a JSON array of objects, or one
     * object per non-blank line.
     *
     * @throws IllegalArgumentException naming the record (line or index) that is not valid
     */
    public static List<AgentTraceRecord> parseAll(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty trace");
        }
        String t = text.strip();
        List<AgentTraceRecord> out = new ArrayList<>();
        if (t.startsWith("[")) {
            JsonNode arr = read(t, "trace");
            for (int i = 0; i < arr.size(); i++) {
                out.add(fromJson(arr.get(i), "record " + (i + 1)));
            }
            return out;
        }
        try {
            out.add(fromJson(JSON.readTree(t), "record"));
            return out;
        } catch (JsonProcessingException e) {
            // not a single document: JSON lines
        }
        String[] lines = t.split("\r\n|\r|\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(parse(lines[i], "line " + (i + 1)));
            }
        }
        return out;
    }

    /**
     * Reads one record.
     *
     * @param where names the record in error messages ("line 3")
     * @throws IllegalArgumentException when the text is not a valid record
     */
    public static AgentTraceRecord parse(String json, String where) {
        return fromJson(read(json, where), where);
    }

    private static JsonNode read(String json, String where) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null) {
                throw new IllegalArgumentException(where + ": empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static AgentTraceRecord fromJson(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(where + ": not a JSON object");
        }
        JsonNode version = n.get("version");
        if (version == null || !version.isTextual() || !version.asText().matches("[0-9]+\\.[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException(where + ": missing or invalid 'version'");
        }
        JsonNode files = n.get("files");
        if (files == null || !files.isArray()) {
            throw new IllegalArgumentException(where + ": missing 'files' array");
        }
        Map<String, List<LineRange>> ai = new LinkedHashMap<>();
        Map<String, List<LineRange>> mixed = new LinkedHashMap<>();
        Map<String, List<LineRange>> human = new LinkedHashMap<>();
        Map<String, List<LineRange>> unknown = new LinkedHashMap<>();
        Set<String> models = new LinkedHashSet<>();
        for (int f = 0; f < files.size(); f++) {
            JsonNode file = files.get(f);
            String at = where + ", files[" + f + "]";
            String path = file.path("path").isTextual() ? file.path("path").asText() : null;
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException(at + ": missing 'path'");
            }
            JsonNode conversations = file.get("conversations");
            if (conversations == null || !conversations.isArray()) {
                throw new IllegalArgumentException(at + ": missing 'conversations' array");
            }
            for (int c = 0; c < conversations.size(); c++) {
                JsonNode conv = conversations.get(c);
                String cat = at + ".conversations[" + c + "]";
                JsonNode ranges = conv.get("ranges");
                if (ranges == null || !ranges.isArray()) {
                    throw new IllegalArgumentException(cat + ": missing 'ranges' array");
                }
                JsonNode convContributor = conv.get("contributor");
                for (int r = 0; r < ranges.size(); r++) {
                    JsonNode range = ranges.get(r);
                    String rat = cat + ".ranges[" + r + "]";
                    JsonNode start = range.get("start_line");
                    JsonNode end = range.get("end_line");
                    if (start == null || end == null || !start.canConvertToInt() || !end.canConvertToInt()
                            || !start.isIntegralNumber() || !end.isIntegralNumber()
                            || start.asInt() < 1 || end.asInt() < start.asInt()) {
                        throw new IllegalArgumentException(rat + ": invalid start_line/end_line");
                    }
                    JsonNode contributor = range.has("contributor") ? range.get("contributor") : convContributor;
                    String type = contributor == null || contributor.isNull() ? "unknown" : contributor.path("type").asText("");
                    Map<String, List<LineRange>> target = switch (type) {
                        case "ai" -> ai;
                        case "mixed" -> mixed;
                        case "human" -> human;
                        case "unknown" -> unknown;
                        default -> throw new IllegalArgumentException(rat + ": contributor type '" + type
                                + "' is not one of human, ai, mixed, unknown");
                    };
                    if ((type.equals("ai") || type.equals("mixed")) && contributor.path("model_id").isTextual()) {
                        models.add(contributor.path("model_id").asText());
                    }
                    target.computeIfAbsent(path, p -> new ArrayList<>()).add(new LineRange(start.asInt(), end.asInt()));
                }
            }
        }
        return new AgentTraceRecord(version.asText(), textOrNull(n.path("id")), textOrNull(n.path("vcs").path("revision")),
                textOrNull(n.path("tool").path("name")), new ArrayList<>(models), ai, mixed, count(human), count(unknown));
    }

    private static int count(Map<String, List<LineRange>> m) {
        long n = 0;
        for (List<LineRange> r : m.values()) {
            n += LineRange.countDistinct(r);
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText().strip() : null;
    }
}
