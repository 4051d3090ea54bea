package io.jenkins.plugins.aigovernance.core.policy;

import java.util.List;
import java.util.OptionalInt;

/**
 * An autonomy entry's per-environment levels ({@code scope.autonomy.agents[].environments}, {@link EnvironmentLevel}),
 * compiled under the policy's environment classification ({@link EnvironmentPolicy#isProduction}). The level in an
 * environment ({@link #levelIn}) is found, fail closed, as follows:
 * <ol>
 * <li>for each {@linkplain EnvironmentMatcher#forms form} of the environment (as given, cleaned, folded; an absent
 *     one is {@code unknown}) the first entry, in the policy's order, one of whose globs matches that form; the
 *     <b>lowest</b> of their levels wins, so that no spelling of a name reaches a higher level than the plain name
 *     ({@code ｐｒｏｄ} gets the lower of the first entries for {@code ｐｒｏｄ} and for {@code prod});</li>
 * <li>when no form matched any entry and the environment is production (an unclassified {@code eu-west}, a production
 *     glob's {@code eu-dev}), the same for the names {@code production} and {@code unknown}, and the lowest of those
 *     levels and the agent entry's own level wins: such a name gets the level of the entry for {@code [prod*]} when
 *     it is lower than the agent's, and never a higher one (an entry naming production environments grants nothing to
 *     names it does not name);</li>
 * <li>a name whose cleaned form is not plain ASCII ({@link EnvironmentPolicy#plainName}: small capitals, accented
 *     letters, which the look-alike tables do not read) gets at most the lowest level of the first entries for
 *     {@code prod}, {@code production} and {@code unknown}, whatever entry its own spelling meets;</li>
 * <li>otherwise the agent entry's own level applies.</li>
 * </ol>
 * Immutable and thread-safe.
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

    /**
     * The level (0–3) in {@code environment} ({@code null} or blank: absent).
     *
     * @param otherwise the agent entry's own level (its {@code level}, else {@code scope.autonomy.defaultLevel}), 0–3
     */
    public int levelIn(String environment, int otherwise) {
        OptionalInt byName = lowestOfFirstMatches(EnvironmentMatcher.forms(environment));
        if (byName.isPresent()) {
            if (environment != null && !environment.isBlank() && !EnvironmentPolicy.plainName(environment.trim())) {
                // a spelling the look-alike tables do not read (ᴘʀᴏᴅ, pród) may be any production name: never above the
                // entries for prod, production and unknown
                OptionalInt asProduction = lowestOfFirstMatches(List.of("prod", EnvironmentMatcher.productionForms().get(0),
                        EnvironmentMatcher.productionForms().get(1)));
                return asProduction.isPresent() ? Math.min(byName.getAsInt(), asProduction.getAsInt()) : byName.getAsInt();
            }
            return byName.getAsInt();
        }
        if (!classification.isProduction(environment)) {
            return otherwise;
        }
        OptionalInt byProduction = lowestOfFirstMatches(EnvironmentMatcher.productionForms());
        return byProduction.isPresent() ? Math.min(byProduction.getAsInt(), otherwise) : otherwise;
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
