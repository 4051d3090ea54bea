package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * An agent's autonomy level in some environments.
 *
 * @param environments name globs of environments ({@code unknown} matches an absent environment)
 * @param level        0..3
 */
public record EnvironmentLevel(List<String> environments, Integer level) {

    public EnvironmentLevel {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    void validate(PolicyValidation v, String at) {
        if (environments.isEmpty()) {
            v.error(at + "/environments", "environments is required");
        }
        for (int i = 0; i < environments.size(); i++) {
            v.compile(at + "/environments/" + i, environments.get(i), Glob::name);
        }
        if (v.require(at + "/level", level, "level")) {
            AutonomyPolicy.checkLevel(v, at + "/level", level);
        }
    }
}
