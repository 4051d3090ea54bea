package io.jenkins.plugins.aigovernance.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IdentityTest {

    private static boolean same(String a, String b) {
        return Identity.of(a).sameAs(Identity.of(b));
    }

    @Test
    void idsAndEmailsOfOneAccountAreOnePersonInBothDirections() {
        assertThat(same("sam", "sam@corp.example")).isTrue();
        assertThat(same("sam@corp.example", "sam")).isTrue();
        assertThat(same("Sam+ops@corp.example", "sam")).isTrue();
        assertThat(same("Sam Smith <SAM@corp.example>", "sam+x@corp.example")).isTrue();
        assertThat(same("12345+sam@users.noreply.github.com", "sam")).isTrue();
        assertThat(same("sam@users.noreply.github.com", "12345+sam@users.noreply.github.com")).isTrue();
        assertThat(same("sam", "samuel")).isFalse();
        assertThat(same("sam@corp.example", "pam@corp.example")).isFalse();
    }

    @Test
    void formatCharactersSeparatorsCaseAndLookAlikesDoNotMakeAnotherPerson() {
        assertThat(same("alice", "al\u200Bice")).isTrue(); // zero-width space
        assertThat(same("alice", "al\u00ADice")).isTrue(); // soft hyphen
        assertThat(same("alice", "\u0430lice")).isTrue(); // Cyrillic a
        assertThat(same("alice", "ＡＬＩＣＥ")).isTrue(); // full-width
        assertThat(same("alice", " Alice\t")).isTrue();
        assertThat(same("alice", "a lice")).isTrue(); // separators stripped
        assertThat(same("bob", "b0b")).isTrue(); // digit zero looks like o
        assertThat(same("mike", "rnike")).isTrue();
    }

    @Test
    void aCombiningMarkWithNoLetterToJoinDoesNotMakeAnotherPerson() {
        // red team: U+0130 İ case-folds to i + U+0307, which no precomposed letter takes; a lone U+0307 likewise
        assertThat(same("noreply@anthropic.com", "NOREPLY@ANTHROP\u0130C.COM")).isTrue();
        assertThat(same("noreply@anthropic.com", "noreply@anthropi\u0307c.com")).isTrue();
        assertThat(same("alice", "al\u20DDice")).isTrue(); // enclosing circle
        // a composed letter is another letter: José and Jose stay two people
        assertThat(same("jos\u00E9", "jose")).isFalse();
        assertThat(same("jos\u00E9", "jose\u0301")).isTrue(); // the same é, decomposed
    }

    @Test
    void blankIsNobody() {
        assertThat(Identity.of((String) null).isEmpty()).isTrue();
        assertThat(Identity.of("  ").sameAs(Identity.of(""))).isFalse();
        assertThat(Identity.of(null, null).keys()).isEmpty();
        assertThat(Identity.of("sam", null).sameAs(Identity.of(null, "sam@corp.example"))).isTrue();
    }

    @Property
    void sameAsIsReflexiveAndSymmetric(@ForAll String a, @ForAll String b) {
        if (!Identity.of(a).isEmpty()) {
            assertThat(same(a, a)).isTrue();
        }
        assertThat(same(a, b)).isEqualTo(same(b, a));
    }

    @Property
    void foldingIsIdempotent(@ForAll String s) {
        assertThat(Identity.fold(Identity.fold(s))).isEqualTo(Identity.fold(s));
    }
}
