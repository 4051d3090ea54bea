package io.jenkins.plugins.aigovernance.core.policy;

import java.util.List;
import java.util.OptionalInt;

/**
 * An autonomy entry's per-environment levels ({@code scope.autonomy.agents[].environments}, {@link EnvironmentLevel}),
 * compiled under the policy's environment classification ({@link EnvironmentPolicy#isProduction}). The level for an
 * environment ({@link #levelIn}) is found, fail closed, as follows:
 * <ol>
 * <li>for each {@linkplain EnvironmentMatcher#forms form} of the environment (as given, cleaned, folded; an absent
 *     one is {@code unknown}) the first entry, in the policy's order, one of whose globs matches that form;</li>
 * <li>when no form matched any entry and the environment is production, the same for the names {@code production}
 *     and {@code unknown} (an unclassified {@code eu-west} gets the level of the entry for {@code [prod*]});</li>
 * <li>the <b>lowest</b> of the levels found wins, so that no spelling of a name reaches a higher level than another
 *     spelling of it ({@code ｐｒｏｄ} gets the lower of the entries for {@code [ｐｒｏｄ]} and {@code [prod]}).</li>
 * </ol>
 * Nothing found: the agent entry's own {@code level} applies. Immutable and thread-safe.
 */
public final class EnvironmentLevels {

    private record Compiled(EnvironmentMatcher environments, int level) {
    }

    private final List<Compiled> levels;
    private final EnvironmentPolicy classification;

    private EnvironmentLevels(List<Compiled> levels, EnvironmentPolicy classification) {
        this.levels = levels;
        this.classification = classification;
    }

    /**
     * Compiles validated entries under the policy's {@code environments}.
     *
     * @throws IllegalArgumentException when a glob does not compile, or an entry has no level (policies are validated first)
     */
    public static EnvironmentLevels of(List<EnvironmentLevel> levels, EnvironmentPolicy classification) {
        return new EnvironmentLevels(levels.stream().map(l -> {
            if (l.level() == null) {
                throw new IllegalArgumentException("an environments entry has no level");
            }
            return new Compiled(EnvironmentMatcher.of(l.environments(), classification), l.level());
        }).toList(), classification);
    }

    /** The level (0–3) of {@code environment} ({@code null} or blank: absent), or empty when no entry applies. */
    public OptionalInt levelIn(String environment) {
        OptionalInt byName = lowestOfFirstMatches(EnvironmentMatcher.forms(environment));
        if (byName.isPresent() || !classification.isProduction(environment)) {
            return byName;
        }
        return lowestOfFirstMatches(EnvironmentMatcher.productionForms());
    }

    private OptionalInt lowestOfFirstMatches(List<String> forms) {
        OptionalInt lowest = OptionalInt.empty();
        for (String form : forms) {
            for (Compiled c : levels) {
                if (c.environments().matchesForm(form)) {
                    if (lowest.isEmpty() || c.level() < lowest.getAsInt()) {
                        lowest = OptionalInt.of(c.level());
                    }
                    break;
                }
            }
        }
        return lowest;
    }
}
