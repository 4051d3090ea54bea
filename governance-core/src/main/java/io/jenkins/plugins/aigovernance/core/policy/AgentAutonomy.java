package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * The autonomy of one AI agent (or several, by glob).
 *
 * @param id                entry id; also the agent id matched when {@code agents} is empty
 * @param agents            name globs over provenance agent ids ({@code claude-code}, {@code copilot*})
 * @param level             level where no {@code environments} entry matches (default: the policy's default level)
 * @param environments      levels per environment; the first matching entry wins
 * @param budget            budget at levels 2 and 3 (default: the policy's budget)
 * @param productionActions at level 3 in production, every changed file and resource must be selected by one of these
 * @param namespaces        Kubernetes namespaces (name globs) the agent may change; used by {@code outsideAgentNamespaces} rules
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AgentAutonomy(
        String id,
        List<String> agents,
        Integer level,
        List<EnvironmentLevel> environments,
        AutonomyBudget budget,
        List<Match> productionActions,
        List<String> namespaces) {

    public AgentAutonomy {
        agents = agents == null ? List.of() : List.copyOf(agents);
        environments = environments == null ? List.of() : List.copyOf(environments);
        productionActions = productionActions == null ? List.of() : List.copyOf(productionActions);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }

    /** The agent id globs this entry applies to. */
    public List<String> agentGlobs() {
        return agents.isEmpty() && id != null ? List.of(id) : agents;
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/id", id, "id");
        List<String> globs = agentGlobs();
        for (int i = 0; i < globs.size(); i++) {
            v.compile(at + (agents.isEmpty() ? "/id" : "/agents/" + i), globs.get(i), Glob::name);
        }
        AutonomyPolicy.checkLevel(v, at + "/level", level);
        for (int i = 0; i < environments.size(); i++) {
            environments.get(i).validate(v, at + "/environments/" + i);
        }
        if (budget != null) {
            budget.validate(v, at + "/budget");
        }
        for (int i = 0; i < productionActions.size(); i++) {
            productionActions.get(i).validate(v, at + "/productionActions/" + i);
        }
        for (int i = 0; i < namespaces.size(); i++) {
            v.compile(at + "/namespaces/" + i, namespaces.get(i), Glob::name);
        }
    }
}
