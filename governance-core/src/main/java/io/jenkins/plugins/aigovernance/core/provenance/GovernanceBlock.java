package io.jenkins.plugins.aigovernance.core.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code [AI-GOVERNANCE]} ... {@code [/AI-GOVERNANCE]} block of a commit message or git note.
 * Fields are kept as written; {@code null} when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GovernanceBlock(
        String changeSource,
        String riskTier,
        String blastRadius,
        String approvedBy,
        String approvedAt,
        String rollbackCommit,
        String scopePolicyVersion,
        String opaEvaluation) {
}
