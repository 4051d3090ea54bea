package io.jenkins.plugins.aigovernance.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * An ASCII text folds without ICU ({@link Identity#ASCII_ROUND}, docs/performance.md): the keys must be exactly those ICU's
 * NFKC case folding and UTS #39 skeleton give ({@link Identity#foldWithIcu}), for every ASCII character, every pair, and
 * random ASCII texts rich in the characters the confusables map.
 */
class IdentityAsciiFoldTest {

    @Test
    void eachAsciiCharacterFoldsInOneRoundAsIcuMakesIt() {
        Normalizer2 nfkcCasefold = Normalizer2.getNFKCCasefoldInstance();
        SpoofChecker skeletons = new SpoofChecker.Builder().build();
        for (char c = 0; c < 128; c++) {
            String s = String.valueOf(c);
            String icuRound = Identity.clean(nfkcCasefold.normalize(skeletons.getSkeleton(s)));
            assertThat(Identity.ASCII_ROUND[c]).as("U+%04X", (int) c).isEqualTo(icuRound);
            assertThat(Identity.fold(s)).as("fold U+%04X", (int) c).isEqualTo(Identity.foldWithIcu(s));
            assertThat(Identity.clean(s)).as("clean U+%04X", (int) c).isEqualTo(Identity.clean(nfkcCasefold.normalize(s)));
        }
    }

    @Test
    void everyPairOfAsciiCharactersFoldsAsIcuFoldsIt() {
        for (char a = 0; a < 128; a++) {
            for (char b = 0; b < 128; b++) {
                String s = new String(new char[] {a, b});
                assertThat(Identity.fold(s)).as("U+%04X U+%04X", (int) a, (int) b).isEqualTo(Identity.foldWithIcu(s));
            }
        }
    }

    @Property(tries = 3000)
    void anAsciiTextFoldsAsIcuFoldsIt(@ForAll("asciiTexts") String text) {
        assertThat(Identity.fold(text)).isEqualTo(Identity.foldWithIcu(text));
        assertThat(Identity.accountKey(text)).isEqualTo(Identity.account(Identity.foldWithIcu(Identity.account(Identity.clean(text)))));
    }

    @Property(tries = 1000)
    void aTextWithAnyNonAsciiCharacterStillFoldsThroughIcu(@ForAll("asciiTexts") String text, @ForAll char other) {
        String mixed = text + other;
        assertThat(Identity.fold(mixed)).isEqualTo(Identity.foldWithIcu(mixed));
    }

    @Provide
    Arbitrary<String> asciiTexts() {
        Arbitrary<Character> confusable = Arbitraries.of('%', '0', '1', 'I', 'l', '|', 'm', 'r', 'n', '`', '\'', '"', 'O', 'o', ' ',
                '\t', '\n', '\u0000', '\u007f', '.', '-', '_', '+', '@', '<', '>', '\\');
        Arbitrary<Character> any = Arbitraries.chars().range('\u0000', '\u007f');
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, confusable),
                        net.jqwik.api.Tuple.of(2, any))
                .list().ofMaxSize(40)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    }
}
