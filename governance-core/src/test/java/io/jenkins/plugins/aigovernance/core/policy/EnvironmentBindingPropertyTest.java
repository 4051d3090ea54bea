package io.jenkins.plugins.aigovernance.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The environment binding of applies ({@link EnvironmentPolicy#approvalCovers}) never lets an apply reach an
 * environment whose approval bar could be higher than the one the approval met: whenever an approval for {@code A}
 * covers an apply to {@code B}, every policy glob (a rule's {@code when.environments}, an {@code environments.production}
 * glob) that holds for {@code B} holds for {@code A} too, and no {@code environments.nonProduction} glob makes {@code A}
 * non-production and {@code B} production, so {@code B} meets no rule and no production classification {@code A} did not.
 * Names and globs are drawn from letters that fold onto each other: case, full width, zero-width and soft hyphen, a
 * space, Cyrillic look-alikes, {@code 1}/{@code l}.
 */
class EnvironmentBindingPropertyTest {

    private static final char[] LETTERS = {'p', 'r', 'o', 'd', 'P', 'R', 'O', 'D', 's', 't', 'a', 'g', 'e', 'v', '-', '1', 'l',
        '\uff50', '\uff32', '\u200b', '\u00ad', ' ', '\u0440', '\u0455', '\u00e9', '\u00c9'};

    /**
     * A name, another derived from it (the same, another ASCII case, full width, an invisible character, its canonical
     * spelling) or not, and a
     * glob: random, or one of the names with some characters made {@code *} or spelled otherwise, or a production word.
     */
    @Provide
    Arbitrary<Tuple.Tuple3<String, String, String>> cases() {
        Arbitrary<String> names = Arbitraries.strings().withChars(LETTERS).ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> randomGlobs = Arbitraries.strings().withChars(LETTERS).withChars('*').ofMinLength(1).ofMaxLength(6);
        return Combinators.combine(names, names, Arbitraries.integers().between(0, 5), randomGlobs, Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 7)).as((a, other, how, random, globHow, at) -> {
                    String b = variant(a, other, how);
                    String base = at % 2 == 0 ? a : b;
                    int i = base.isEmpty() ? 0 : at % base.length();
                    String glob = switch (globHow) {
                        case 0 -> base;
                        case 1 -> base.substring(0, i) + "*";
                        case 2 -> "*" + base.substring(i);
                        case 3 -> variant(base, other, at % 5);
                        case 4 -> List.of("production", "unknown", "prod*", "*staging*").get(at % 4);
                        default -> random;
                    };
                    return Tuple.of(a, b, glob);
                });
    }

    private static String variant(String a, String other, int how) {
        return switch (how) {
            case 0 -> a;
            case 1 -> a.toUpperCase(java.util.Locale.ROOT);
            case 2 -> fullWidth(a);
            case 3 -> a.length() > 1 ? a.charAt(0) + "\u200b" + a.substring(1) : a + "\u00ad";
            case 4 -> io.jenkins.plugins.aigovernance.core.identity.Identity.clean(a); // the plain, canonical spelling
            default -> other;
        };
    }

    private static boolean compiles(String glob) {
        try {
            Glob.name(glob);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // validation refuses it: no policy can hold it
        }
    }

    private static String fullWidth(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c > 0x20 && c < 0x7f ? (char) (c + 0xfee0) : (char) c));
        return b.toString();
    }

    @Property(tries = 5000)
    void aCoveredApplyMeetsNoGlobTheApprovalDidNot(@ForAll("cases") Tuple.Tuple3<String, String, String> c) {
        String approved = c.get1();
        String applied = c.get2();
        String glob = c.get3();
        boolean covered = EnvironmentPolicy.approvalCovers(approved, applied);
        Statistics.label("covered").collect(covered);
        if (!covered || !compiles(glob)) {
            return;
        }
        if (approved.isBlank() || applied.isBlank()) {
            // covered only when neither names one
            assertThat(approved.isBlank() && applied.isBlank()).isTrue();
        } else {
            assertThat(EnvironmentPolicy.canonicalName(applied)).isEqualTo(EnvironmentPolicy.canonicalName(approved)).isNotEmpty();
        }
        EnvironmentPolicy production = new EnvironmentPolicy(List.of(glob), List.of());
        EnvironmentPolicy nonProduction = new EnvironmentPolicy(List.of(), List.of(glob));
        for (EnvironmentPolicy classification : List.of(BuiltInPolicy.policy().environments(), production, nonProduction)) {
            ConditionMatcher when = ConditionMatcher.of(new Condition(List.of(glob), null, null), classification);
            Statistics.label("glob holds for the apply").collect(when.matches(applied, ChangeSource.HUMAN, null));
            if (when.matches(applied, ChangeSource.HUMAN, null)) {
                assertThat(when.matches(approved, ChangeSource.HUMAN, null)).as("when.environments [%s]: %s covers %s", glob, approved,
                        applied).isTrue();
            }
        }
        if (production.isProduction(applied)) {
            assertThat(production.isProduction(approved)).as("production [%s]: %s covers %s", glob, approved, applied).isTrue();
        }
        // nonProduction globs are unvalidated here: validation refuses some, and the rule must hold for every one
        if (nonProduction.isProduction(applied)) {
            assertThat(nonProduction.isProduction(approved)).as("nonProduction [%s]: %s covers %s", glob, approved, applied).isTrue();
        }
        if (BuiltInPolicy.policy().environments().isProduction(applied)) {
            assertThat(BuiltInPolicy.policy().environments().isProduction(approved)).isTrue();
        }
    }

    @Test
    void coverage() {
        assertThat(EnvironmentPolicy.approvalCovers(null, null)).isTrue();
        assertThat(EnvironmentPolicy.approvalCovers(" ", null)).isTrue();
        assertThat(EnvironmentPolicy.approvalCovers("prod", null)).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers(null, "prod")).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers("staging", "prod")).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers("prod", "Prod")).isTrue();
        assertThat(EnvironmentPolicy.approvalCovers("\uff50\uff52\uff4f\uff44", "prod")).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers("Prod", "PROD")).isTrue();
        assertThat(EnvironmentPolicy.approvalCovers("prod", "\uff50\uff52\uff4f\uff44")).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers("\uff50\uff52\uff4f\uff44", "\uff50\uff52\uff4f\uff44")).isTrue();
        assertThat(EnvironmentPolicy.approvalCovers("prod", "\u0440rod")).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers("\u0440rod", "prod")).isFalse();
        assertThat(EnvironmentPolicy.approvalCovers("\u200b", "\u200b")).isFalse();
        assertThat(EnvironmentPolicy.canonicalName("Pro\u200bD")).isEqualTo("prod");
        assertThat(EnvironmentPolicy.canonicalName(" ")).isNull();
        assertThat(EnvironmentPolicy.canonicalName("\u200b")).isEmpty();
        assertThat(EnvironmentPolicy.plainSpelling("PROD-eu")).isTrue();
        assertThat(EnvironmentPolicy.plainSpelling("prod eu")).isFalse();
    }
}
