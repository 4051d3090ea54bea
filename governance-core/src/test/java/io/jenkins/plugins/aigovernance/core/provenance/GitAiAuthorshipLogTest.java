package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GitAiAuthorshipLogTest {

    /** The complete example of the Git AI Standard v3.0.0, plus a human attestation and a session entry. */
    static final String NOTE = """
            src/main.rs
              abcd1234abcd1234 1-10,15-20
              efgh5678efgh5678 25,30-35
              h_0123456789abcd 40-41
            "src/my lib.rs"
              abcd1234abcd1234 1-50
              s_00112233445566::t_aabbccddeeff00 60-61
            ---
            {
              "schema_version": "authorship/3.0.0",
              "git_ai_version": "1.0.23",
              "base_commit_sha": "7734793b756b3921c88db5375a8c156e9532447b",
              "prompts": {
                "abcd1234abcd1234": {
                  "agent_id": {"tool": "cursor", "id": "6ef2299e", "model": "claude-4.5-opus"},
                  "human_author": "Developer <dev@example.com>",
                  "messages": [],
                  "total_additions": 25, "total_deletions": 5, "accepted_lines": 20, "overriden_lines": 0
                },
                "efgh5678efgh5678": {
                  "agent_id": {"tool": "cursor", "id": "a1b2c3d4", "model": "claude-3-sonnet"},
                  "human_author": "Developer <dev@example.com>",
                  "messages": [],
                  "total_additions": 6, "total_deletions": 0, "accepted_lines": 6, "overriden_lines": 0
                }
              },
              "humans": {"h_0123456789abcd": {"author": "Developer <dev@example.com>"}},
              "sessions": {"s_00112233445566": {"agent_id": {"tool": "claude", "id": "x", "model": "opus"}, "human_author": null}}
            }
            """;

    @Test
    void readsAttestationsAndMetadata() {
        GitAiAuthorshipLog log = GitAiAuthorshipLog.parse(NOTE);
        assertThat(log.schemaVersion()).isEqualTo("authorship/3.0.0");
        assertThat(log.baseCommit()).startsWith("7734793b");
        assertThat(log.aiLines().keySet()).containsExactly("src/main.rs", "src/my lib.rs");
        // main.rs: 10 + 6 + 1 + 6 = 23; lib: 50 + 2 = 52
        assertThat(log.aiLineCount()).isEqualTo(75);
        assertThat(log.humanLines()).isEqualTo(2);
        assertThat(log.sessions()).extracting(GitAiAuthorshipLog.Session::key, GitAiAuthorshipLog.Session::tool, GitAiAuthorshipLog.Session::lines)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("abcd1234abcd1234", "cursor", 66),
                        org.assertj.core.groups.Tuple.tuple("efgh5678efgh5678", "cursor", 7),
                        org.assertj.core.groups.Tuple.tuple("s_00112233445566", "claude", 2));
        assertThat(log.sessions().get(0).humanAuthor()).isEqualTo("Developer <dev@example.com>");
        assertThat(log.sessions().get(0).model()).isEqualTo("claude-4.5-opus");
    }

    @Test
    void unknownPromptKeysCountAsAi() {
        GitAiAuthorshipLog log = GitAiAuthorshipLog.parse("a.txt\n  1234567 1-3\n---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{}}");
        assertThat(log.aiLineCount()).isEqualTo(3);
        assertThat(log.sessions()).singleElement().satisfies(s -> assertThat(s.tool()).isNull());
    }

    @Test
    void emptyAttestationsWithPromptsStillNameTheSession() {
        GitAiAuthorshipLog log = GitAiAuthorshipLog.parse(
                "---\n{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"x\",\"prompts\":{\"abcdabcdabcdabcd\":{\"agent_id\":{\"tool\":\"copilot\"}}}}");
        assertThat(log.aiLineCount()).isZero();
        assertThat(log.sessions()).extracting(GitAiAuthorshipLog.Session::tool).containsExactly("copilot");
    }

    @Test
    void rejectsMalformedNotes() {
        assertBad("src/a.rs\n  abcd 1-3\n", "no '---' line");
        assertBad("  abcd 1-3\n---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{}}", "attestation entry before any file path");
        assertBad("a\n  abcd x-3\n---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{}}", "line 2: 'x-3' is not a line number or range");
        assertBad("a\n  abcd 5-3\n---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{}}", "invalid line range 5-3");
        assertBad("---\nnot json", "metadata is not valid JSON");
        assertBad("---\n{\"schema_version\":\"authorship/4.0.0\",\"prompts\":{}}", "unsupported schema_version 'authorship/4.0.0'");
        assertBad("---\n{\"schema_version\":\"authorship/3.0.0\"}", "no 'prompts' object");
        assertBad("---\n{\"schema_version\":\"authorship/3.0.0\",\"prompts\":{}} trailing", "not valid JSON");
        assertBad("", "empty note");
    }

    private static void assertBad(String note, String message) {
        assertThatThrownBy(() -> GitAiAuthorshipLog.parse(note)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void lineRanges() {
        assertThat(LineRange.parseList("1-4,9-10,12")).containsExactly(new LineRange(1, 4), new LineRange(9, 10), new LineRange(12, 12));
        assertThat(LineRange.countDistinct(List.of(new LineRange(1, 10), new LineRange(5, 12), new LineRange(13, 13), new LineRange(20, 21))))
                .isEqualTo(15);
        assertThat(LineRange.countDistinct(List.of())).isZero();
        assertThat(new LineRange(3, 3)).hasToString("3");
    }
}
