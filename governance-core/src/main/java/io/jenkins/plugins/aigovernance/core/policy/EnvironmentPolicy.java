package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import io.jenkins.plugins.aigovernance.core.change.EnvironmentDetector;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import java.util.List;

/**
 * Which environment names count as production ({@code environments.production}, name globs). Governance fails closed:
 * <ul>
 * <li>an absent or blank environment is production;</li>
 * <li>a name one of whose words is a production word ({@link #namesProduction}) is production whatever the globs say:
 *     {@code production-eu}, {@code eu_prod}, {@code prod1};</li>
 * <li>names are compared in their folded forms as well ({@link Identity#clean}: NFKC case folding without format,
 *     control and separator characters; {@link Identity#fold}: also the UTS #39 confusable skeleton), so
 *     {@code ｐｒｏｄ} (full width), {@code pro\u200bd} (zero-width space) and {@code рrod} (Cyrillic р) are
 *     {@code prod};</li>
 * <li>a name that is neither is production unless it names a non-production environment of the environment vocabulary
 *     ({@link #namesNonProduction}: development, test and staging words, docs/inputs.md#environment): {@code eu-west},
 *     {@code prodeu} and {@code unknownenv} are production, {@code dev}, {@code staging-eu} and {@code qa1} are not.</li>
 * </ul>
 */
public record EnvironmentPolicy(List<String> production) {

    public EnvironmentPolicy {
        production = production == null ? List.of() : List.copyOf(production);
    }

    /**
     * Whether {@code environment} is production: absent or blank, matched by a production glob (as given or folded),
     * naming a production word, or naming no non-production environment (unclassified names fail closed).
     */
    public boolean isProduction(String environment) {
        if (environment == null || environment.isBlank()) {
            return true;
        }
        String trimmed = environment.trim();
        String clean = Identity.clean(trimmed);
        String folded = Identity.fold(trimmed);
        for (String p : production) {
            Glob g = Glob.name(p);
            if (g.matches(trimmed) || g.matches(clean) || g.matches(folded)) {
                return true;
            }
        }
        return !namesNonProduction(environment);
    }

    /**
     * Whether a word of {@code environment} (split at every character that is not an ASCII letter, case ignored), as
     * given, cleaned ({@link Identity#clean}) or folded ({@link Identity#fold}), is {@code prod}, {@code production},
     * {@code prd} or {@code live}: {@code production-eu}, {@code eu-prod-2}, {@code PROD_us}, {@code prod1},
     * {@code ｐｒｏｄ}, {@code рrod}; not {@code product} or {@code preprod}. {@code null} is not.
     */
    public static boolean namesProduction(String environment) {
        if (environment == null) {
            return false;
        }
        // the one environment vocabulary, as changes are read (EnvironmentDetector, docs/inputs.md#environment)
        return EnvironmentDetector.hasProductionWord(environment.toLowerCase(java.util.Locale.ROOT))
                || EnvironmentDetector.hasProductionWord(Identity.clean(environment))
                || EnvironmentDetector.hasProductionWord(Identity.fold(environment));
    }

    /**
     * Whether {@code environment} is a classified non-production name: it names no production word
     * ({@link #namesProduction}) and one of its words (cleaned by {@link Identity#clean}, split at every character
     * that is not an ASCII letter) is a development, test or staging word ({@code dev}, {@code development},
     * {@code sandbox}, {@code local}, {@code test}, {@code testing}, {@code qa}, {@code staging}, {@code stage},
     * {@code stg}, {@code uat}, {@code preprod}, {@code preproduction}). {@code null}, blank and every other name are not
     * (they count as production).
     */
    public static boolean namesNonProduction(String environment) {
        if (environment == null || environment.isBlank() || namesProduction(environment)) {
            return false;
        }
        return EnvironmentDetector.hasNonProductionWord(Identity.clean(environment));
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < production.size(); i++) {
            v.compile(at + "/production/" + i, production.get(i), Glob::name);
        }
    }
}
