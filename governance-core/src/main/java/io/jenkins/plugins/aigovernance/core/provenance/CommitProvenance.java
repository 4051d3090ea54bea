package io.jenkins.plugins.aigovernance.core.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.List;

/**
 * Provenance of one commit.
 *
 * @param commit      full commit id
 * @param block       the commit's {@code [AI-GOVERNANCE]} block, when it has one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitProvenance(
        String commit,
        ChangeSource source,
        String agentId,
        Double aiLineShare,
        List<String> evidence,
        List<String> requesters,
        GovernanceBlock block) {

    public CommitProvenance {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        requesters = requesters == null ? List.of() : List.copyOf(requesters);
    }
}
