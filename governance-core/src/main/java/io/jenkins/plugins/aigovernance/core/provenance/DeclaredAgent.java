package io.jenkins.plugins.aigovernance.core.provenance;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An AI agent a pipeline says it runs for ({@code aiScopeCheck(agent: 'claude-code')}), as evidence
 * next to what provenance read from the commits. The stricter reading wins: when provenance names no
 * agent, the change counts as made by the declared agent (a human or unknown change becomes an AI
 * agent change); when provenance names another agent, the detected one stays and the mismatch is
 * reported.
 *
 * @param agentId    the declared agent's id ({@code claude-code})
 * @param declaredBy where the declaration was made, for the evidence ({@code aiScopeCheck(agent: 'claude-code')})
 */
public record DeclaredAgent(String agentId, String declaredBy) {

    public DeclaredAgent {
        Objects.requireNonNull(agentId, "agentId");
        if (agentId.isBlank()) {
            throw new IllegalArgumentException("agentId must not be blank");
        }
        agentId = agentId.trim();
        declaredBy = declaredBy == null || declaredBy.isBlank() ? "declared by the pipeline" : declaredBy;
    }

    /**
     * Provenance with this declaration applied.
     *
     * @param provenance the provenance detected from the change
     * @param mismatch   the detected agent when it differs from the declared one (compared ignoring case), else {@code null}
     */
    public record Applied(Provenance provenance, String mismatch) {
    }

    /** Applies the declaration to detected provenance as described on the class. */
    public Applied applyTo(Provenance detected) {
        if (detected.agentId() != null) {
            return new Applied(detected, detected.agentId().equalsIgnoreCase(agentId) ? null : detected.agentId());
        }
        ChangeSource source = detected.source() == ChangeSource.HUMAN || detected.source() == ChangeSource.UNKNOWN
                ? ChangeSource.AI_AGENT
                : detected.source();
        List<String> evidence = new ArrayList<>(detected.evidence());
        evidence.add("declared by the pipeline: " + declaredBy);
        return new Applied(new Provenance(source, agentId, detected.aiLineShare(), evidence, detected.requesters(), detected.commits()),
                null);
    }
}
