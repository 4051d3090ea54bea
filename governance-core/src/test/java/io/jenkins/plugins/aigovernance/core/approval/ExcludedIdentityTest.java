package io.jenkins.plugins.aigovernance.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcludedIdentityTest {

    @Test
    void aPatternIsAGlobWhoseBracketsAreEscapedForBotAccounts() {
        ExcludedIdentity bot = new ExcludedIdentity("claude\\[bot\\]", true, ExclusionKind.AI_IDENTITY, "AI identity claude");
        assertThat(bot.covers("Claude[bot]", null)).isTrue();
        assertThat(bot.covers("claudeb", null)).isFalse();
        ExcludedIdentity email = new ExcludedIdentity("*+claude\\[bot\\]@users.noreply.github.com", true, ExclusionKind.AI_IDENTITY, "x");
        assertThat(email.covers("someone", "209825114+claude[bot]@users.noreply.github.com")).isTrue();
        // unescaped, [bot] is a character class: one of b, o, t
        assertThat(new ExcludedIdentity("claude[bot]", true, ExclusionKind.POLICY, "x").covers("claudet", null)).isTrue();
    }

    @Test
    void aPlainIdentityComparesIgnoringCaseAndMatchesTheLocalPartOfAnEmail() {
        ExcludedIdentity alice = new ExcludedIdentity("Alice@Corp.example", false, ExclusionKind.AUTHOR, "author of 3f2a1c0d9e8b");
        assertThat(alice.covers("alice", null)).isTrue();
        assertThat(alice.covers(null, "ALICE@corp.example")).isTrue();
        // deliberately over-inclusive: the same local part at another domain may be the same person
        assertThat(alice.covers("alice@other.example", null)).isTrue();
        assertThat(alice.covers("alicia", "alicia@corp.example")).isFalse();
    }
}
