package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GovernanceBlockTest {

    private static final GovernanceBlock FULL = GovernanceBlock.of(ChangeSource.AI_AGENT)
            .withRiskTier("HIGH")
            .withBlastRadius(42)
            .withApprovedBy("alice,bob")
            .withApprovedAt(Instant.parse("2025-01-31T10:15:30Z"))
            .withRollbackCommit("3f2a1c0d")
            .withScopePolicyVersion("builtin@1")
            .withOpaEvaluation("allow");

    @Test
    void formatsInStableOrderAndOmitsNulls() {
        assertThat(FULL.format()).isEqualTo("""
                [AI-GOVERNANCE]
                change_source: ai-agent
                risk_tier: HIGH
                blast_radius: 42
                approved_by: alice,bob
                approved_at: 2025-01-31T10:15:30Z
                rollback_commit: 3f2a1c0d
                scope_policy_version: builtin@1
                opa_evaluation: allow
                [/AI-GOVERNANCE]
                """);
        assertThat(GovernanceBlock.empty().withRiskTier("LOW").format()).isEqualTo("[AI-GOVERNANCE]\nrisk_tier: LOW\n[/AI-GOVERNANCE]\n");
    }

    @Test
    void parsesBlockInsideACommitMessage() {
        String message = "Add cache\n\nSome body.\n\n" + FULL.format() + "\nCo-authored-by: X <x@y.z>\n";
        assertThat(GovernanceBlock.parse(message)).contains(FULL);
        assertThat(FULL.source()).isEqualTo(ChangeSource.AI_AGENT);
    }

    @Test
    void toleratesCaseIndentationBlankLinesAndComments() {
        GovernanceBlock b = GovernanceBlock.parse("""
                  [ai-governance]
                  Change-Source:   AI_ASSISTED

                  # written by hand
                  risk_tier: low
                  [/ai-governance]
                """).orElseThrow();
        assertThat(b.changeSource()).isEqualTo("AI_ASSISTED");
        assertThat(b.source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(b.riskTier()).isEqualTo("low");
    }

    @Test
    void noBlockIsEmpty() {
        assertThat(GovernanceBlock.parse("Fix typo\n\nNo block here.")).isEmpty();
        assertThat(GovernanceBlock.parse(null)).isEmpty();
        assertThat(GovernanceBlock.parse("")).isEmpty();
    }

    @Test
    void malformedBlocksAreRejectedWithTheLine() {
        assertMalformed("[AI-GOVERNANCE]\nchange_source: human\n", "unterminated block: no [/AI-GOVERNANCE] after line 1");
        assertMalformed("x\n[AI-GOVERNANCE]\nfoo: bar\n[/AI-GOVERNANCE]", "unknown key 'foo' on line 3");
        assertMalformed("[AI-GOVERNANCE]\nrisk_tier: LOW\nrisk_tier: HIGH\n[/AI-GOVERNANCE]", "duplicate key 'risk_tier' on line 3");
        assertMalformed("[AI-GOVERNANCE]\nchange_source: a robot\n[/AI-GOVERNANCE]", "invalid change_source 'a robot' on line 2");
        assertMalformed("[AI-GOVERNANCE]\njust words\n[/AI-GOVERNANCE]", "line 2 is not 'key: value'");
        assertMalformed("[AI-GOVERNANCE]\nrisk_tier:\n[/AI-GOVERNANCE]", "empty value for 'risk_tier' on line 2");
        assertMalformed("[/AI-GOVERNANCE]\n", "[/AI-GOVERNANCE] on line 1 without a matching [AI-GOVERNANCE]");
        assertMalformed("[AI-GOVERNANCE]\n[/AI-GOVERNANCE]\n[AI-GOVERNANCE]\n[/AI-GOVERNANCE]", "more than one [AI-GOVERNANCE] (lines 1 and 3)");
    }

    private static void assertMalformed(String text, String reason) {
        assertThatThrownBy(() -> GovernanceBlock.parse(text))
                .isInstanceOf(MalformedGovernanceBlockException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed [AI-GOVERNANCE] block: ")
                .hasMessageContaining(reason);
    }

    @Test
    void recordRejectsMultiLineValuesAndUnknownSources() {
        assertThatThrownBy(() -> GovernanceBlock.empty().withApprovedBy("a\nb")).hasMessageContaining("approved_by must be a single line");
        assertThatThrownBy(() -> new GovernanceBlock("a robot", null, null, null, null, null, null, null))
                .hasMessageContaining("invalid change_source 'a robot'");
        assertThat(GovernanceBlock.empty().withRiskTier("   ").riskTier()).isNull();
    }

    @Test
    void writeIntoAppendsOrReplaces() {
        String note = "Deployed by pipeline 12\n";
        String once = FULL.writeInto(note);
        assertThat(once).isEqualTo("Deployed by pipeline 12\n\n" + FULL.format());
        GovernanceBlock updated = FULL.withRiskTier("CRITICAL");
        String twice = updated.writeInto(once + "trailing line\n");
        assertThat(GovernanceBlock.parse(twice)).contains(updated);
        assertThat(twice).startsWith("Deployed by pipeline 12\n\n[AI-GOVERNANCE]\n").endsWith("[/AI-GOVERNANCE]\ntrailing line\n");
        assertThat(FULL.writeInto(null)).isEqualTo(FULL.format());
        // a malformed block is replaced too
        assertThat(GovernanceBlock.parse(FULL.writeInto("[AI-GOVERNANCE]\nbad line\n[/AI-GOVERNANCE]"))).contains(FULL);
        assertThatThrownBy(() -> FULL.writeInto("[AI-GOVERNANCE]\nno end")).isInstanceOf(MalformedGovernanceBlockException.class);
    }

    @Test
    void mergeLaysTheNewFieldsOverTheOldBlockAndRefusesAnUnreadableOne() {
        GovernanceBlock rollback = GovernanceBlock.empty().withRollbackCommit("9f0e1d2c").withRiskTier("CRITICAL");
        assertThat(rollback.over(FULL)).isEqualTo(FULL.withRollbackCommit("9f0e1d2c").withRiskTier("CRITICAL"));
        String note = "Deployed by pipeline 12\n\n" + FULL.format() + "trailing line\n";
        assertThat(rollback.mergeInto(note)).isEqualTo(FULL.writeInto(note).replace("rollback_commit: 3f2a1c0d", "rollback_commit: 9f0e1d2c")
                .replace("risk_tier: HIGH", "risk_tier: CRITICAL"));
        assertThat(rollback.mergeInto("Deployed\n")).isEqualTo("Deployed\n\n" + rollback.format());
        assertThatThrownBy(() -> rollback.mergeInto("[AI-GOVERNANCE]\nticket: SEC-12\n[/AI-GOVERNANCE]\n"))
                .isInstanceOf(MalformedGovernanceBlockException.class).hasMessageContaining("unknown key 'ticket'");
    }
}
