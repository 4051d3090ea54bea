package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * How provenance is decided ({@code provenance:}).
 *
 * @param aiIdentities    known AI identities
 * @param agentBranches   branch patterns that mark agent changes
 * @param humanIdentities email globs of verified people; when non-empty, an author outside it is {@code unknown}
 * @param unknownAs       how gates treat unknown provenance (default {@code ai-agent})
 */
public record ProvenancePolicy(
        List<AiIdentity> aiIdentities,
        List<AgentBranch> agentBranches,
        List<String> humanIdentities,
        ChangeSource unknownAs) {

    public ProvenancePolicy {
        aiIdentities = aiIdentities == null ? List.of() : List.copyOf(aiIdentities);
        agentBranches = agentBranches == null ? List.of() : List.copyOf(agentBranches);
        humanIdentities = humanIdentities == null ? List.of() : List.copyOf(humanIdentities);
        unknownAs = unknownAs == null ? ChangeSource.AI_AGENT : unknownAs;
    }

    /** The source gates act on: {@code unknown} becomes {@link #unknownAs()}. */
    public ChangeSource effective(ChangeSource detected) {
        return detected == ChangeSource.UNKNOWN ? unknownAs : detected;
    }

    void validate(PolicyValidation v, String at) {
        for (int i = 0; i < aiIdentities.size(); i++) {
            aiIdentities.get(i).validate(v, at + "/aiIdentities/" + i);
        }
        for (int i = 0; i < agentBranches.size(); i++) {
            agentBranches.get(i).validate(v, at + "/agentBranches/" + i);
        }
        for (int i = 0; i < humanIdentities.size(); i++) {
            v.compile(at + "/humanIdentities/" + i, humanIdentities.get(i), Glob::identity);
        }
    }
}
