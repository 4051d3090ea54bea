package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** format → parse gives the same block back, for any single-line field values. */
class GovernanceBlockRoundTripTest {

    @Property(tries = 500)
    void formatThenParseIsIdentity(@ForAll("blocks") GovernanceBlock block) {
        assertThat(GovernanceBlock.parse(block.format())).contains(block);
    }

    @Property(tries = 200)
    void blockSurvivesEmbeddingInAMessage(@ForAll("blocks") GovernanceBlock block, @ForAll("prose") String before) {
        String message = "Subject\n\n" + before + "\n\n" + block.format() + "\nSigned-off-by: A <a@x.io>\n";
        assertThat(GovernanceBlock.parse(message)).contains(block);
        assertThat(GovernanceBlock.parse(block.writeInto(message))).contains(block);
    }

    @Provide
    Arbitrary<GovernanceBlock> blocks() {
        Arbitrary<String> source = Arbitraries.of(ChangeSource.class).map(ChangeSource::json).injectNull(0.2);
        return Combinators.combine(source, value(), value(), value(), value(), value(), value(), value())
                .as(GovernanceBlock::new);
    }

    /** Any text without line breaks, sometimes padded or blank or absent, including ':' and '#'. */
    private static Arbitrary<String> value() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('é', 'ß', '\t', '\u00a0', '漢')
                .ofMinLength(0).ofMaxLength(40)
                .injectNull(0.3);
    }

    @Provide
    Arbitrary<String> prose() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '.').ofMinLength(1).ofMaxLength(60);
    }
}
