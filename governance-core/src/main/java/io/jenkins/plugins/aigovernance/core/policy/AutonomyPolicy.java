package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Autonomy levels of AI agents ({@code scope.autonomy:}). Levels: 0 read-only, 1 propose (applying
 * needs human approval), 2 execute outside production within budgets, 3 also execute in production,
 * but only the actions listed in {@link AgentAutonomy#productionActions()}.
 *
 * @param unknownActors level of changes whose provenance or agent id is unknown (default 1)
 * @param defaultLevel  level of AI agents no entry names (default 1)
 * @param budget        budget of agents at level 2 or 3 whose entry gives none
 * @param agents        per-agent levels, merged with the built-in list by {@code id}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AutonomyPolicy(Integer unknownActors, Integer defaultLevel, AutonomyBudget budget, List<AgentAutonomy> agents) {

    /** Lowest level. */
    public static final int MIN_LEVEL = 0;
    /** Highest level. */
    public static final int MAX_LEVEL = 3;

    public AutonomyPolicy {
        unknownActors = unknownActors == null ? 1 : unknownActors;
        defaultLevel = defaultLevel == null ? 1 : defaultLevel;
        budget = budget == null ? new AutonomyBudget(null, null, null) : budget;
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    static void checkLevel(PolicyValidation v, String at, Integer level) {
        if (level != null && (level < MIN_LEVEL || level > MAX_LEVEL)) {
            v.error(at, "autonomy level must be 0 (read-only), 1 (propose), 2 (execute outside production) or 3 (listed production actions), not "
                    + level);
        }
    }

    void validate(PolicyValidation v, String at) {
        checkLevel(v, at + "/unknownActors", unknownActors);
        checkLevel(v, at + "/defaultLevel", defaultLevel);
        budget.validate(v, at + "/budget");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            AgentAutonomy a = agents.get(i);
            a.validate(v, at + "/agents/" + i);
            if (a.id() != null && !ids.add(a.id())) {
                v.error(at + "/agents/" + i + "/id", "duplicate agent entry '" + a.id() + "'");
            }
        }
    }
}
