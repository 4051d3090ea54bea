package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * Which environment names count as production ({@code environments.production}, name globs).
 * An absent or blank environment counts as production: governance fails closed.
 */
public record EnvironmentPolicy(List<String> production) {

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
        return false;
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < production.size(); i++) {
            v.compile(at + "/production/" + i, production.get(i), Glob::name);
        }
    }
}
