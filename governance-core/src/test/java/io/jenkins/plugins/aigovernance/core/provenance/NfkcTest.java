package io.jenkins.plugins.aigovernance.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link Nfkc} is {@link Normalizer}'s NFKC for every text: ASCII ones without the normaliser, the others through it. */
class NfkcTest {

    @Test
    void everyAsciiCharacterIsItsOwnNfkcForm() {
        for (char c = 0; c < 128; c++) {
            assertThat(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC)).isEqualTo(String.valueOf(c));
        }
    }

    @Property(tries = 2000)
    void anAsciiTextIsAsTheNormaliserWritesIt(@ForAll("asciiTexts") String text) {
        assertThat(Nfkc.of(text)).isEqualTo(Normalizer.normalize(text, Normalizer.Form.NFKC));
    }

    @Property(tries = 2000)
    void anyTextIsAsTheNormaliserWritesIt(@ForAll String text) {
        assertThat(Nfkc.of(text)).isEqualTo(Normalizer.normalize(text, Normalizer.Form.NFKC));
    }

    @Test
    void compatibilityFormsAreFolded() {
        assertThat(Nfkc.of("Co\u2010Authored\u2011By: \uFF23laude")).isEqualTo(Normalizer.normalize("Co\u2010Authored\u2011By: \uFF23laude", Normalizer.Form.NFKC));
        assertThat(Nfkc.of("\uFB01x")).isEqualTo("fix");
    }

    @Provide
    Arbitrary<String> asciiTexts() {
        return Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(60);
    }
}
