package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Trailers} agrees with {@code git interpret-trailers --parse --unfold}. */
class TrailersGitCompatibilityTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Subject\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
        "Subject\n\nBody line one\nBody: two\n\nCo-authored-by: A <a@x.io>\nClaude-Session: https://claude.ai/code/session_1\n",
        "Subject only",
        "Signed-off-by: only a subject <x@y.z>",
        "Subject\n\nJust prose here.\n",
        "Subject\n\nprose line\nCo-authored-by: A <a@x.io>\n",
        "Subject\n\nprose line\nCo-authored-by: A <a@x.io>\nSigned-off-by: S <s@x.io>\n",
        "Subject\n\np1\np2\np3\np4\nSigned-off-by: S <s@x.io>\n",
        "Subject\n\nReviewed-by: Alice\n  and Bob\n\tand Carol\nAcked-by: Dan\n",
        "Subject\n\nAI-Agent : codex\nBug: 7\n",
        "Subject\n\nhttps://example.com/x\n",
        "Subject\n\nKey with space: no\n",
        "Subject\n\nBug: 12\n(cherry picked from commit abc)\n",
        "Subject\n\nCo-authored-by: A <a@x.io>\n\nTrailing prose\n",
        "Subject\n\nAI-Assisted: true\nGenerated-by: claude-code/1.0.3\n\n\n",
    })
    void sameTrailersAsGit(String message) throws Exception {
        String expected = git(message);
        String actual = Trailers.parse(message).all().stream().map(t -> t.key() + ": " + t.value()).collect(Collectors.joining("\n"));
        assertThat(actual).isEqualTo(expected.strip());
    }

    /** The evidence reading finds every trailer git finds (and may find more: every paragraph counts). */
    @ParameterizedTest
    @ValueSource(strings = {
        "Subject\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
        "Subject\n\nBody line one\nBody: two\n\nCo-authored-by: A <a@x.io>\nClaude-Session: https://claude.ai/code/session_1\n",
        "Subject\n\nprose line\nCo-authored-by: A <a@x.io>\nSigned-off-by: S <s@x.io>\n",
        "Subject\n\nReviewed-by: Alice\n  and Bob\n\tand Carol\nAcked-by: Dan\n",
        "Subject\n\nAI-Agent : codex\nBug: 7\n",
        "Subject\n\nBug: 12\n(cherry picked from commit abc)\n",
        "Subject\n\nAI-Assisted: true\nGenerated-by: claude-code/1.0.3\n\n\n",
        "Subject\n\nCo-authored-by: Claude <noreply@anthropic.com>\n\n[AI-GOVERNANCE]\nchange_source: human\n[/AI-GOVERNANCE]\n",
        "Subject\n\nAI-Agent: devin\n\nSigned-off-by: S <s@x.io>\n",
    })
    void everywhereFindsEveryTrailerGitFinds(String message) throws Exception {
        List<String> fromGit = git(message).strip().lines().filter(l -> !l.isBlank()).toList();
        List<String> everywhere = Trailers.everywhere(message).all().stream().map(t -> t.key() + ": " + t.value()).toList();
        assertThat(everywhere).containsAll(fromGit);
    }

    private static String git(String message) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "interpret-trailers", "--parse", "--unfold"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(message.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
