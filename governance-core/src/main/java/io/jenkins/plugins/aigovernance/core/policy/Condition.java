package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * Change-level conditions of a rule ({@code when:}): all given lists must match; a missing list
 * matches anything.
 *
 * @param environments  name globs of the target environment ({@code prod*})
 * @param changeSources who made the change
 * @param agents        name globs of the AI agent id
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Condition(List<String> environments, List<ChangeSource> changeSources, List<String> agents) {

    public Condition {
        environments = environments == null ? List.of() : List.copyOf(environments);
        changeSources = changeSources == null ? List.of() : List.copyOf(changeSources);
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < environments.size(); i++) {
            v.compile(at + "/environments/" + i, environments.get(i), Glob::name);
        }
        for (int i = 0; i < agents.size(); i++) {
            v.compile(at + "/agents/" + i, agents.get(i), Glob::name);
        }
    }
}
