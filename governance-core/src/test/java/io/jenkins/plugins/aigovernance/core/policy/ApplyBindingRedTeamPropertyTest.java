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

/**
 * Red team of {@link EnvironmentBindingPropertyTest}'s claim (an apply an approval covers meets no glob and no production
 * classification the approval did not), over a wider alphabet than it draws from: tab, NBSP, U+2028, NEL, combining
 * acute and dot above, the {@code ﬁ} ligature, circled and superscript letters, the Kelvin sign, long s, dotless ı,
 * Turkish İ, ß and ẞ, the three Greek sigmas; and over globs with every pattern form ({@code ?}, classes, negated
 * classes, braces, escapes) and every fast path of {@link Glob#name}. Held on every try: the binding only lets through
 * trimmed-equal spellings and ASCII-case variants of plain ones, and every name-glob path ignores ASCII case.
 */
class ApplyBindingRedTeamPropertyTest {

    private static final char[] LETTERS = {'p', 'r', 'o', 'd', 'k', 's', 'i', 'f', 'e', 'P', 'R', 'O', 'D', 'K', 'S', 'I', 'F', '-', ' ',
        '\t', '\u00a0', '\u2028', '\u0085', '\u0301', '\u0307', '\ufb01', '\u24df', '\u1d56', '\u212a', '\u017f', '\u0131', '\u0130',
        '\u00df', '\u1e9e', '\u03c3', '\u03c2', '\u03a3', '\u00e9', '\u200b', '\uff50'};

    private static final List<String> GLOB_FORMS = List.of("%s", "%s*", "*%s", "*%s*", "%s?", "?%s", "[a-z]%s", "[!p]%s", "{%s,x}",
        "{x,%s}*", "%s[s\u017f]", "\\%s", "%s\\*");

    private static String swapAsciiCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    /** A name, a variant of it (itself padded, ASCII case swapped, canonical, or another name) and a glob made from either. */
    @Provide
    Arbitrary<Tuple.Tuple3<String, String, String>> cases() {
        Arbitrary<String> names = Arbitraries.strings().withChars(LETTERS).ofMinLength(1).ofMaxLength(7);
        return Combinators.combine(names, names, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, GLOB_FORMS.size() - 1),
                Arbitraries.integers().between(0, 3)).as((a, other, how, form, from) -> {
                    String b = switch (how) {
                        case 0 -> a;
                        case 1 -> " \t" + a + "\t ";
                        case 2 -> swapAsciiCase(a);
                        case 3 -> EnvironmentPolicy.canonicalName(a) == null ? a : EnvironmentPolicy.canonicalName(a);
                        case 4 -> swapAsciiCase(EnvironmentPolicy.canonicalName(a) == null ? a : EnvironmentPolicy.canonicalName(a));
                        default -> other;
                    };
                    String seed = switch (from) {
                        case 0 -> a.trim();
                        case 1 -> b.trim();
                        case 2 -> other.trim();
                        default -> EnvironmentPolicy.canonicalName(a) == null ? "x" : EnvironmentPolicy.canonicalName(a);
                    };
                    return Tuple.of(a, b, String.format(GLOB_FORMS.get(form), seed.isEmpty() ? "x" : seed));
                });
    }

    private static Glob compiled(String glob) {
        try {
            return Glob.name(glob);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Property(tries = 20000)
    void aCoveredApplyMeetsNoGlobTheApprovalDidNot(@ForAll("cases") Tuple.Tuple3<String, String, String> c) {
        String approved = c.get1();
        String applied = c.get2();
        String glob = c.get3();
        boolean covered = EnvironmentPolicy.approvalCovers(approved, applied);
        Statistics.label("covered").collect(covered);
        if (!covered || compiled(glob) == null) {
            return;
        }
        EnvironmentPolicy production = new EnvironmentPolicy(List.of(glob), List.of());
        EnvironmentPolicy nonProduction = new EnvironmentPolicy(List.of(), List.of(glob));
        for (EnvironmentPolicy classification : List.of(BuiltInPolicy.policy().environments(), production, nonProduction)) {
            ConditionMatcher when = ConditionMatcher.of(new Condition(List.of(glob), null, null), classification);
            if (when.matches(applied, ChangeSource.HUMAN, null)) {
                assertThat(when.matches(approved, ChangeSource.HUMAN, null)).as("when.environments [%s]: %s covers %s", glob, approved, applied)
                        .isTrue();
            }
            if (classification.isProduction(applied)) {
                assertThat(classification.isProduction(approved)).as("[%s]: %s covers %s", glob, approved, applied).isTrue();
            }
        }
    }

    /** Every name-glob path (exact, one star, regular expression with its literal prefilter) ignores ASCII case. */
    @Property(tries = 20000)
    void nameGlobsIgnoreAsciiCaseOnEveryPath(@ForAll("cases") Tuple.Tuple3<String, String, String> c) {
        Glob g = compiled(c.get3());
        if (g == null) {
            return;
        }
        String name = c.get1();
        assertThat(g.matches(swapAsciiCase(name))).as("glob %s on %s", c.get3(), name).isEqualTo(g.matches(name));
    }
}
