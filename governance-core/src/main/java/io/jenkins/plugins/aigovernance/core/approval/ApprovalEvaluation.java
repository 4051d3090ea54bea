package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "is this change approved?": the status, who filled which slot, which slots are still
 * open and who may fill them, and every decision that did not count with the reason.
 *
 * @param satisfied  {@code status == approved}
 * @param breakGlass whether approval came from the break-glass override
 * @param denial     the denial that ended the request, when denied
 * @param environment the target environment the request was for, or {@code null} (absent from the JSON) when it named none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalEvaluation(
        String requestId,
        ChangeFingerprint fingerprint,
        RiskTier tier,
        ApprovalStatus status,
        boolean satisfied,
        boolean breakGlass,
        int peopleRequired,
        List<FilledSlot> filled,
        List<OpenSlot> open,
        List<RefusedApproval> refused,
        Approval denial,
        Instant openedAt,
        Instant expiresAt,
        Instant evaluatedAt,
        String policy,
        String environment) {

    public ApprovalEvaluation {
        filled = List.copyOf(filled);
        open = List.copyOf(open);
        refused = List.copyOf(refused);
    }
}
