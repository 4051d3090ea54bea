package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Two writers' blocks combined: no field and no listed value is lost, whichever side is "ours". */
class GovernanceBlockCombineTest {

    @Property(tries = 500)
    void combiningLosesNoFieldAndNoValue(@ForAll("blocks") GovernanceBlock a, @ForAll("blocks") GovernanceBlock b) {
        GovernanceBlock c = a.combine(b);
        Map<String, String> out = c.fields();
        for (Map<String, String> side : java.util.List.of(a.fields(), b.fields())) {
            side.forEach((key, value) -> {
                assertThat(out).containsKey(key);
                if (key.equals("approved_by") || key.equals("rollback_commit") || key.equals("scope_policy_version")
                        || key.equals("opa_evaluation")) {
                    for (String item : value.split(",")) {
                        assertThat(out.get(key)).contains(item.strip());
                    }
                }
            });
        }
        assertThat(b.combine(a).fields().keySet()).isEqualTo(out.keySet());
        assertThat(c.combine(a)).isEqualTo(c); // combining again adds nothing
        // the note text form gives the same result: one implementation
        assertThat(GovernanceBlock.parse(GovernanceBlock.combineTexts("ours\n\n" + a.format(), b.format()))).contains(c);
    }

    @Test
    void orderedFieldsTakeTheStricterValue() {
        GovernanceBlock ours = GovernanceBlock.of(ChangeSource.HUMAN).withRiskTier("MEDIUM").withBlastRadius(12)
                .withApprovedAt(java.time.Instant.parse("2026-03-01T10:00:00Z")).withOpaEvaluation("allow");
        GovernanceBlock theirs = GovernanceBlock.of(ChangeSource.AI_AGENT).withRiskTier("HIGH").withBlastRadius(40)
                .withApprovedAt(java.time.Instant.parse("2026-03-01T11:00:00Z")).withOpaEvaluation("deny");
        assertThat(ours.combine(theirs).fields()).containsEntry("change_source", "ai-agent").containsEntry("risk_tier", "HIGH")
                .containsEntry("blast_radius", "40").containsEntry("approved_at", "2026-03-01T11:00:00Z")
                .containsEntry("opa_evaluation", "allow, deny");
    }

    @Test
    void textOutsideTheBlocksIsKeptFromBothNotes() {
        String ours = "deployed by job A\n\n" + GovernanceBlock.empty().withApprovedBy("sam").format();
        String theirs = GovernanceBlock.empty().withRollbackCommit("abc").format() + "\nrolled back by job B\n";
        String merged = GovernanceBlock.combineTexts(ours, theirs);
        assertThat(merged).startsWith("deployed by job A\n\n[AI-GOVERNANCE]\n").contains("rolled back by job B");
        assertThat(GovernanceBlock.parse(merged)).contains(GovernanceBlock.empty().withApprovedBy("sam").withRollbackCommit("abc"));
        assertThat(GovernanceBlock.combineTexts(merged, theirs)).isEqualTo(merged);
    }

    @Provide
    Arbitrary<GovernanceBlock> blocks() {
        Arbitrary<String> source = Arbitraries.of(ChangeSource.class).map(ChangeSource::json).injectNull(0.3);
        Arbitrary<String> tier = Arbitraries.of("LOW", "MEDIUM", "HIGH", "CRITICAL", "odd").injectNull(0.3);
        Arbitrary<String> radius = Arbitraries.integers().between(0, 100).map(String::valueOf).injectNull(0.3);
        Arbitrary<String> at = Arbitraries.longs().between(0, 4_000_000_000L).map(s -> java.time.Instant.ofEpochSecond(s).toString())
                .injectNull(0.3);
        return Combinators.combine(source, tier, radius, names(), at, words(), words(), words()).as(GovernanceBlock::new);
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> String.join(", ", l)).injectNull(0.3);
    }

    private static Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '@', '(', ')', ':', '#').ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.isBlank()).injectNull(0.4);
    }
}
