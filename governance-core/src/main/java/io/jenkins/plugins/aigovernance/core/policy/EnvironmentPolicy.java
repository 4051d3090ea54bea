package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * Which environment names count as production ({@code environments.production}, name globs).
 * An absent or blank environment counts as production: governance fails closed. So does a name one
 * of whose words is a production word ({@link #namesProduction}): {@code production-eu},
 * {@code eu_prod}, {@code prod1} are production whatever the globs say.
 */
public record EnvironmentPolicy(List<String> production) {

    /** The words that name production (the environment vocabulary of docs/inputs.md#environment). */
    private static final java.util.Set<String> PRODUCTION_WORDS = java.util.Set.of("prod", "production", "prd", "live");

    public EnvironmentPolicy {
        production = production == null ? List.of() : List.copyOf(production);
    }

    /** Whether {@code environment} is production (also when it is unknown). */
    public boolean isProduction(String environment) {
        if (environment == null || environment.isBlank()) {
            return true;
        }
        for (String p : production) {
            if (Glob.name(p).matches(environment.trim())) {
                return true;
            }
        }
        return namesProduction(environment);
    }

    /**
     * Whether a word of {@code environment} (split at every character that is not an ASCII letter, case ignored) is
     * {@code prod}, {@code production}, {@code prd} or {@code live}: {@code production-eu}, {@code eu-prod-2},
     * {@code PROD_us}, {@code prod1}; not {@code product} or {@code preprod}.
     */
    public static boolean namesProduction(String environment) {
        if (environment == null) {
            return false;
        }
        for (String word : environment.toLowerCase(java.util.Locale.ROOT).split("[^a-z]+")) {
            if (PRODUCTION_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < production.size(); i++) {
            v.compile(at + "/production/" + i, production.get(i), Glob::name);
        }
    }
}
