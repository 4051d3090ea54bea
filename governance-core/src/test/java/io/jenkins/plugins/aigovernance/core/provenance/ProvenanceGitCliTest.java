package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits and notes written by the git CLI are read the same way as JGit's. */
class ProvenanceGitCliTest {

    @TempDir
    Path dir;
    @TempDir
    Path scratch;

    @Test
    void cliTrailerAndCliNote() throws Exception {
        try (GitFixture git = GitFixture.init(dir)) {
            git.write("README.md", "hi\n");
            git.cli("add", "-A");
            git.cli("commit", "-q", "-m", "Initial");
            git.writeLines("src/main.rs", 8);
            git.cli("add", "-A");
            git.cli("commit", "-q", "-m", "Add main", "-m", "Body paragraph.",
                    "--trailer", "Co-authored-by: Claude <noreply@anthropic.com>",
                    "--trailer", "Claude-Session: https://claude.ai/code/session_01XYZ");
            String head = git.cli("rev-parse", "HEAD").strip();
            Path note = scratch.resolve("note.txt");
            Files.writeString(note, """
                    src/main.rs
                      0123456789abcdef 1-2,5
                    ---
                    {"schema_version":"authorship/3.0.0","base_commit_sha":"x",
                     "prompts":{"0123456789abcdef":{"agent_id":{"tool":"claude","id":"c1","model":"opus"},"messages":[]}}}
                    """);
            git.cli("notes", "--ref=ai", "add", "-F", note.toString(), head);
            Path block = scratch.resolve("block.txt");
            Files.writeString(block, GovernanceBlock.of(ChangeSource.AI_ASSISTED).withRiskTier("LOW").format());
            git.cli("notes", "--ref=ai-governance", "add", "-F", block.toString(), head);

            assertThat(git.cli("notes", "--ref=ai", "show", head)).contains("0123456789abcdef 1-2,5");
            assertThat(Trailers.parse(git.resolve("HEAD").getFullMessage()).get("co-authored-by")).hasSize(1);

            Provenance p = new ProvenanceDetector(new PolicyLoader().defaults().provenance())
                    .detect(git.repository(), git.log().subList(0, 1), "main");
            assertThat(p.source()).isEqualTo(ChangeSource.AI_ASSISTED);
            assertThat(p.agentId()).isEqualTo("claude-code");
            assertThat(p.aiLineShare()).isCloseTo(3.0 / 8.0, within(1e-9));
            assertThat(p.commits().get(0).block().riskTier()).isEqualTo("LOW");
            assertThat(p.evidence()).anyMatch(e -> e.startsWith("Co-authored-by: Claude <noreply@anthropic.com> in "));
        }
    }

    @Test
    void jgitNoteIsReadableByCli() {
        try (GitFixture git = GitFixture.init(dir)) {
            git.write("a.txt", "a\n");
            var c = git.commit("Add a");
            git.addNote(ProvenanceDetector.GOVERNANCE_NOTES_REF, c, GovernanceBlock.of(ChangeSource.HUMAN).format());
            String shown = git.cli("notes", "--ref=ai-governance", "show", c.getName());
            assertThat(GovernanceBlock.parse(shown)).contains(GovernanceBlock.of(ChangeSource.HUMAN));
        }
    }
}
