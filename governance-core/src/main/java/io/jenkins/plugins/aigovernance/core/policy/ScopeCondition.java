package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * Change-level conditions of a scope rule ({@code when:}): a {@link Condition} plus the change's risk tier.
 * Change sources are matched against the effective source (unknown counts as {@code provenance.unknownAs}).
 *
 * @param minTier the rule applies only when the change's risk tier is at least this
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ScopeCondition(List<String> environments, List<ChangeSource> changeSources, List<String> agents, RiskTier minTier) {

    public ScopeCondition {
        environments = environments == null ? List.of() : List.copyOf(environments);
        changeSources = changeSources == null ? List.of() : List.copyOf(changeSources);
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    /** The environment, source and agent part. */
    public Condition condition() {
        return new Condition(environments, changeSources, agents);
    }

    void validate(PolicyValidation v, String at) {
        condition().validate(v, at);
    }
}
