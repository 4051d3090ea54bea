package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code canary:} section of the policy: named canary plans ("templates") that the
 * {@code aiCanaryVerify} step and {@code aigov canary --template NAME} refer to.
 *
 * @param templates named plans; a repository's policy merges with the built-in list by {@code name}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CanaryPolicy(List<CanaryPlan> templates) {

    public CanaryPolicy {
        templates = templates == null ? List.of() : List.copyOf(templates);
    }

    /** A policy section without templates. */
    public CanaryPolicy() {
        this(null);
    }

    /** The template with this name, or {@code null}. */
    public CanaryPlan template(String name) {
        return templates.stream().filter(t -> name.equals(t.name())).findFirst().orElse(null);
    }

    void validate(PolicyValidation v, String at) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < templates.size(); i++) {
            CanaryPlan t = templates.get(i);
            String where = at + "/templates/" + i;
            if (v.require(where + "/name", t.name(), "name") && !names.add(t.name())) {
                v.error(where + "/name", "duplicate canary template '" + t.name() + "'");
            }
            t.validate(v, where);
        }
    }
}
