package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrailersTest {

    @Test
    void readsTheLastParagraph() {
        Trailers t = Trailers.parse("""
                Fix the parser

                Body text: with a colon that is not a trailer
                because this paragraph has prose.

                Co-Authored-By: Claude <noreply@anthropic.com>
                Claude-Session: https://claude.ai/code/session_01ABC
                """);
        assertThat(t.all()).extracting(Trailer::key).containsExactly("Co-Authored-By", "Claude-Session");
        assertThat(t.first("co-authored-by")).contains("Claude <noreply@anthropic.com>");
        assertThat(t.get("CO-AUTHORED-BY")).hasSize(1);
    }

    @Test
    void keysAreCaseInsensitive() {
        Trailers t = Trailers.parse("Subject\n\nCo-authored-by: A <a@x.io>\nCo-Authored-By: B <b@x.io>\n");
        assertThat(t.get("Co-authored-by")).extracting(Trailer::value).containsExactly("A <a@x.io>", "B <b@x.io>");
        assertThat(t.all().get(1).is("co-authored-by")).isTrue();
    }

    @Test
    void subjectAloneHasNoTrailers() {
        assertThat(Trailers.parse("Signed-off-by: Someone <s@x.io>").isEmpty()).isTrue();
        assertThat(Trailers.parse("Fix: thing").isEmpty()).isTrue();
        assertThat(Trailers.parse("").isEmpty()).isTrue();
        assertThat(Trailers.parse(null).isEmpty()).isTrue();
    }

    @Test
    void noTrailerParagraph() {
        assertThat(Trailers.parse("Subject\n\nJust a body.\nMore body.\n").isEmpty()).isTrue();
        // a trailer-looking line in the middle paragraph does not count
        assertThat(Trailers.parse("Subject\n\nCo-authored-by: A <a@x.io>\n\nclosing words\n").isEmpty()).isTrue();
    }

    @Test
    void continuationLinesAreUnfolded() {
        Trailers t = Trailers.parse("Subject\n\nReviewed-by: Alice\n  and Bob\n\tand Carol\nAcked-by: Dan\n");
        assertThat(t.all()).containsExactly(new Trailer("Reviewed-by", "Alice and Bob and Carol"), new Trailer("Acked-by", "Dan"));
    }

    @Test
    void signedOffByOnly() {
        Trailers t = Trailers.parse("Subject\n\nSigned-off-by: Sam <sam@x.io>\n");
        assertThat(t.all()).containsExactly(new Trailer("Signed-off-by", "Sam <sam@x.io>"));
    }

    @Test
    void mixedBlockNeedsAGitGeneratedTrailer() {
        // 1 trailer of 2 lines without a git-generated trailer: prose, not trailers
        assertThat(Trailers.parse("Subject\n\nsee the design doc\nCo-authored-by: A <a@x.io>\n").isEmpty()).isTrue();
        // with Signed-off-by and at least 25 % trailers: a block, prose ignored
        Trailers t = Trailers.parse("Subject\n\nsee the design doc\nCo-authored-by: A <a@x.io>\nSigned-off-by: S <s@x.io>\n");
        assertThat(t.all()).extracting(Trailer::key).containsExactly("Co-authored-by", "Signed-off-by");
        Trailers cherry = Trailers.parse("Subject\n\nBug: 12\n(cherry picked from commit abc)\n");
        assertThat(cherry.all()).extracting(Trailer::key).containsExactly("Bug");
    }

    @Test
    void whitespaceBeforeColonCommentsAndCrLf() {
        Trailers t = Trailers.parse("Subject\r\n\r\nAI-Agent : codex\r\n# a comment git strips\r\nBug: 7\r\n\r\n");
        assertThat(t.all()).containsExactly(new Trailer("AI-Agent", "codex"), new Trailer("Bug", "7"));
    }

    @Test
    void keysWithSpacesAreNotTrailers() {
        assertThat(Trailers.parse("Subject\n\nNote this: it is prose\n").isEmpty()).isTrue();
        // as in git, a URL alone in the last paragraph reads as a trailer with key "https"
        assertThat(Trailers.parse("Subject\n\nhttps://example.com/x\n").all()).containsExactly(new Trailer("https", "//example.com/x"));
    }

    @Test
    void identities() {
        assertThat(GitIdentity.parse("Claude <noreply@anthropic.com>")).contains(new GitIdentity("Claude", "noreply@anthropic.com"));
        assertThat(GitIdentity.parse("  Jane Q. Doe   <jane@x.io> ")).contains(new GitIdentity("Jane Q. Doe", "jane@x.io"));
        assertThat(GitIdentity.parse("<only@x.io>")).contains(new GitIdentity("", "only@x.io"));
        assertThat(GitIdentity.parse("bare@x.io")).contains(new GitIdentity("", "bare@x.io"));
        assertThat(GitIdentity.parse("claude-code/1.0.3")).isEmpty();
        assertThat(GitIdentity.parse("")).isEmpty();
        assertThat(new GitIdentity("A", "a@x.io")).hasToString("A <a@x.io>");
        assertThat(new Trailer("Co-authored-by", "Copilot <198982749+Copilot@users.noreply.github.com>").identity().orElseThrow().email())
                .isEqualTo("198982749+Copilot@users.noreply.github.com");
    }

    @Test
    void everywhereReadsEveryParagraphAndIsASupersetOfGitsBlock() {
        String m = "Subject\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\n[AI-GOVERNANCE]\nchange_source: human\n[/AI-GOVERNANCE]\n";
        assertThat(Trailers.parse(m).isEmpty()).isTrue(); // git: the last paragraph is not a trailer block
        assertThat(Trailers.everywhere(m).get("co-authored-by")).extracting(Trailer::value).containsExactly("Claude <noreply@anthropic.com>");
        String signed = "Subject\n\nBody text.\n\nAI-Agent: devin\n\nSigned-off-by: A <a@x>";
        assertThat(Trailers.parse(signed).all()).extracting(Trailer::key).containsExactly("Signed-off-by");
        assertThat(Trailers.everywhere(signed).all()).extracting(Trailer::key).containsExactly("AI-Agent", "Signed-off-by");
    }

    @Test
    void everywhereKeepsIndentedTrailersAndUnfoldsProseContinuations() {
        Trailers t = Trailers.everywhere("S\n\nSigned-off-by: A <a@x>\n AI-Agent: codex\nNote: first\n  and more");
        assertThat(t.all()).extracting(Trailer::toString).containsExactly("Signed-off-by: A <a@x>", "AI-Agent: codex", "Note: first and more");
        assertThat(Trailers.everywhere("S\u2028AI-Agent: x\u0085Generated-by\uFF1A y").all()).extracting(Trailer::key)
                .containsExactly("AI-Agent", "Generated-by");
        assertThat(Trailers.everywhere(null).isEmpty()).isTrue();
        assertThat(Trailers.everywhere("just words here, no key: at all").isEmpty()).isTrue();
    }
}
