package io.jenkins.plugins.aigovernance.core.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A git-ai authorship log: the note git-ai (https://github.com/git-ai-project/git-ai) attaches to a
 * commit under {@value #NOTES_REF}, format "Git AI Standard v3.0.0" ({@code authorship/3.0.0}).
 *
 * <p>The note is an attestation section, a line that is exactly {@code ---}, and a JSON metadata
 * object:
 * <pre>
 * src/main.rs
 *   abcd1234abcd1234 1-10,15-20
 * "src/my file.rs"
 *   h_0123456789abcd 3
 * ---
 * {"schema_version": "authorship/3.0.0", "base_commit_sha": "...",
 *  "prompts": {"abcd1234abcd1234": {"agent_id": {"tool": "cursor", "id": "...", "model": "claude-4.5-opus"},
 *              "human_author": "Dev &lt;dev@example.com&gt;", "total_additions": 25, "accepted_lines": 20, ...}},
 *  "humans": {"h_0123456789abcd": {"author": "Dev &lt;dev@example.com&gt;"}},
 *  "sessions": {"s_0123456789abcd": {"agent_id": {...}, "human_author": "..."}}}
 * </pre>
 * File lines start at column 0 (quoted when they contain whitespace); entry lines are indented two
 * spaces and hold a key and 1-based line ranges of that file at this commit. A key names a prompt
 * (16 or 7 hex characters, in {@code prompts}), a session ({@code s_...}, optionally
 * {@code ::t_...} for one checkpoint, in {@code sessions}) or a known human ({@code h_...}, in
 * {@code humans}). Lines of prompts and sessions are AI lines; lines of humans are not. A key found
 * in none of the maps and not starting with {@code h_} is counted as AI (git-ai itself looks such
 * prompts up in other notes), so an incomplete note never lowers the AI count.
 *
 * @param schemaVersion {@code authorship/3.x.y}
 * @param baseCommit    {@code base_commit_sha}, when given
 * @param sessions      AI prompts and sessions named by the note, most lines first
 * @param aiLines       AI-attributed line ranges by file path
 * @param humanLines    lines attested to known humans
 */
public record GitAiAuthorshipLog(
        String schemaVersion,
        String baseCommit,
        List<Session> sessions,
        Map<String, List<LineRange>> aiLines,
        int humanLines) {

    /** The notes ref git-ai writes to. */
    public static final String NOTES_REF = "refs/notes/ai";

    private static final ObjectMapper JSON = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictMapper(com.fasterxml.jackson.core.StreamReadConstraints.defaults());

    /**
     * One AI prompt or session of the log.
     *
     * @param key         its key in the note ({@code prompts} or {@code sessions})
     * @param tool        {@code agent_id.tool} ({@code cursor}, {@code claude}, {@code copilot}), or {@code null}
     * @param model       {@code agent_id.model}, or {@code null}
     * @param humanAuthor {@code human_author}, the person who prompted it, or {@code null}
     * @param lines       distinct lines the log attributes to it
     */
    public record Session(String key, String tool, String model, String humanAuthor, int lines) {
    }

    public GitAiAuthorshipLog {
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
        Map<String, List<LineRange>> copy = new LinkedHashMap<>();
        if (aiLines != null) {
            aiLines.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        aiLines = Collections.unmodifiableMap(copy);
    }

    /** Distinct AI-attributed lines over all files. */
    public int aiLineCount() {
        long n = 0;
        for (List<LineRange> ranges : aiLines.values()) {
            n += LineRange.countDistinct(ranges);
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /**
     * Parses a git-ai authorship note.
     *
     * @throws IllegalArgumentException with a short reason when the note has no {@code ---}
     *         divider, an entry outside a file, a bad range, metadata that is not a JSON object, or
     *         a {@code schema_version} other than {@code authorship/3.x}
     */
    public static GitAiAuthorshipLog parse(String note) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("empty note");
        }
        String[] lines = note.split("\r\n|\r|\n", -1);
        int divider = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("---")) {
                divider = i;
                break;
            }
        }
        if (divider < 0) {
            throw new IllegalArgumentException("no '---' line between attestations and metadata");
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(String.join("\n", java.util.Arrays.asList(lines).subList(divider + 1, lines.length)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not valid JSON: " + e.getOriginalMessage());
        }
        if (meta == null || !meta.isObject()) {
            throw new IllegalArgumentException("metadata is not a JSON object");
        }
        String schema = meta.path("schema_version").asText(null);
        if (schema == null || !schema.startsWith("authorship/3.")) {
            throw new IllegalArgumentException("unsupported schema_version '" + schema + "' (expected authorship/3.x)");
        }
        JsonNode prompts = meta.path("prompts");
        if (!prompts.isObject()) {
            throw new IllegalArgumentException("metadata has no 'prompts' object");
        }
        JsonNode sessionsNode = meta.path("sessions");
        JsonNode humans = meta.path("humans");

        Map<String, Map<String, List<LineRange>>> bySession = new LinkedHashMap<>();
        Map<String, List<LineRange>> ai = new LinkedHashMap<>();
        long human = 0;
        String file = null;
        for (int i = 0; i < divider; i++) {
            String line = lines[i].stripTrailing();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("  ")) {
                file = line.length() >= 2 && line.startsWith("\"") && line.endsWith("\"") ? line.substring(1, line.length() - 1) : line;
                continue;
            }
            if (file == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": attestation entry before any file path");
            }
            String entry = line.substring(2);
            int space = entry.indexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected '<hash> <ranges>'");
            }
            String key = entry.substring(0, space);
            List<LineRange> ranges;
            try {
                ranges = LineRange.parseList(entry.substring(space + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
            String base = key.contains("::") ? key.substring(0, key.indexOf("::")) : key;
            String sessionKey;
            if (prompts.has(key)) {
                sessionKey = key;
            } else if (prompts.has(base)) {
                sessionKey = base;
            } else if (sessionsNode.has(base)) {
                sessionKey = base;
            } else if (humans.has(base) || base.startsWith("h_")) {
                human += LineRange.countDistinct(ranges);
                continue;
            } else {
                sessionKey = base; // unknown prompt: counted as AI
            }
            ai.computeIfAbsent(file, f -> new ArrayList<>()).addAll(ranges);
            bySession.computeIfAbsent(sessionKey, k -> new LinkedHashMap<>()).computeIfAbsent(file, f -> new ArrayList<>()).addAll(ranges);
        }

        List<Session> sessions = new ArrayList<>();
        List<String> keys = new ArrayList<>(bySession.keySet());
        prompts.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        });
        for (String key : keys) {
            JsonNode rec = prompts.has(key) ? prompts.get(key) : sessionsNode.path(key);
            int count = 0;
            for (List<LineRange> r : bySession.getOrDefault(key, Map.of()).values()) {
                count += LineRange.countDistinct(r);
            }
            JsonNode agent = rec.path("agent_id");
            sessions.add(new Session(key, text(agent.path("tool")), text(agent.path("model")), text(rec.path("human_author")), count));
        }
        sessions.sort(Comparator.comparingInt(Session::lines).reversed());
        return new GitAiAuthorshipLog(schema, text(meta.path("base_commit_sha")), sessions, ai, (int) Math.min(Integer.MAX_VALUE, human));
    }

    private static String text(JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            return null;
        }
        return n.asText().strip();
    }
}
