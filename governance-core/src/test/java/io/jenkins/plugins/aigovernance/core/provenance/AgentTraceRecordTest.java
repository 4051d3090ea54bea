package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTraceRecordTest {

    /** The example record of the Agent Trace spec 0.1.0 (section 6.2), with a mixed and a human range added. */
    static final String RECORD = """
            {
              "version": "0.1.0",
              "id": "550e8400-e29b-41d4-a716-446655440000",
              "timestamp": "2026-01-23T14:30:00Z",
              "vcs": {"type": "git", "revision": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0"},
              "tool": {"name": "cursor", "version": "2.4.0"},
              "files": [
                {"path": "src/utils/parser.ts",
                 "conversations": [
                   {"url": "https://api.cursor.com/v1/conversations/12345",
                    "contributor": {"type": "ai", "model_id": "anthropic/claude-opus-4-5-20251101"},
                    "ranges": [{"start_line": 42, "end_line": 67, "content_hash": "murmur3:9f2e8a1b"},
                               {"start_line": 70, "end_line": 71, "contributor": {"type": "mixed"}},
                               {"start_line": 80, "end_line": 80, "contributor": {"type": "human"}}],
                    "related": [{"type": "session", "url": "https://api.cursor.com/v1/sessions/67890"}]}]},
                {"path": "src/utils/helpers.ts",
                 "conversations": [{"contributor": {"type": "ai", "model_id": "openai/gpt-4o"},
                                    "ranges": [{"start_line": 10, "end_line": 25}]}]}
              ],
              "metadata": {"confidence": 0.95, "dev.cursor": {"workspace_id": "ws-abc123"}}
            }
            """;

    @Test
    void readsTheSpecExample() {
        AgentTraceRecord r = AgentTraceRecord.parseAll(RECORD).get(0);
        assertThat(r.version()).isEqualTo("0.1.0");
        assertThat(r.revision()).startsWith("a1b2c3d4");
        assertThat(r.tool()).isEqualTo("cursor");
        assertThat(r.models()).containsExactly("anthropic/claude-opus-4-5-20251101", "openai/gpt-4o");
        assertThat(r.aiRanges().get("src/utils/parser.ts")).containsExactly(new LineRange(42, 67));
        assertThat(r.mixedRanges().get("src/utils/parser.ts")).containsExactly(new LineRange(70, 71));
        assertThat(r.aiLineCount()).isEqualTo(26 + 2 + 16);
        assertThat(r.humanLines()).isEqualTo(1);
        assertThat(r.unknownLines()).isZero();
    }

    @Test
    void readsArraysAndJsonLines() {
        String minimal = "{\"version\":\"1.0\",\"id\":\"x\",\"timestamp\":\"t\",\"files\":[{\"path\":\"a\",\"conversations\":[{\"ranges\":[{\"start_line\":1,\"end_line\":5}]}]}]}";
        assertThat(AgentTraceRecord.parseAll("[" + minimal + "," + minimal + "]")).hasSize(2);
        List<AgentTraceRecord> lines = AgentTraceRecord.parseAll(minimal + "\n\n" + minimal.replace("\"ranges\"", "\"contributor\":{\"type\":\"ai\"},\"ranges\"") + "\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).unknownLines()).isEqualTo(5); // no contributor: unknown
        assertThat(lines.get(1).aiLineCount()).isEqualTo(5);
    }

    @Test
    void rejectsInvalidRecords() {
        assertBad("{\"files\":[]}", "record: missing or invalid 'version'");
        assertBad("{\"version\":\"0.1.0\"}", "missing 'files' array");
        assertBad("{\"version\":\"0.1.0\",\"files\":[{\"conversations\":[]}]}", "files[0]: missing 'path'");
        assertBad("{\"version\":\"0.1.0\",\"files\":[{\"path\":\"a\",\"conversations\":[{\"ranges\":[{\"start_line\":0,\"end_line\":2}]}]}]}",
                "ranges[0]: invalid start_line/end_line");
        assertBad("{\"version\":\"0.1.0\",\"files\":[{\"path\":\"a\",\"conversations\":[{\"contributor\":{\"type\":\"robot\"},\"ranges\":[{\"start_line\":1,\"end_line\":2}]}]}]}",
                "contributor type 'robot'");
        assertBad("{\"version\":\"0.1.0\",\"files\":[]}\nnot json", "line 2: not valid JSON");
        assertBad("", "empty trace");
    }

    private static void assertBad(String text, String message) {
        assertThatThrownBy(() -> AgentTraceRecord.parseAll(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
