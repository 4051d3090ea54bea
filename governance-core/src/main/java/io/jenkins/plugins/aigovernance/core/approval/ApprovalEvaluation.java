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

    /**
     * When the approval was granted: the latest decision that filled a slot ({@link FilledSlot#at}), else (no slot was
     * filled: nobody was required) the evaluation; never after the evaluation. Staleness runs from here, not from the
     * evaluation: an evaluation made again later (a restart, a ledger read long after) says {@code approved} as long as
     * the decisions came in time, and must not make an old approval fresh. {@code null} when the evaluation has no time.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Instant grantedAt() {
        Instant latest = null;
        for (FilledSlot f : filled) {
            if (f.at() != null && (latest == null || f.at().isAfter(latest))) {
                latest = f.at();
            }
        }
        if (latest == null) {
            return evaluatedAt;
        }
        return evaluatedAt != null && latest.isAfter(evaluatedAt) ? evaluatedAt : latest;
    }

    /**
     * When the approval goes stale: one request timeout ({@code expiresAt - openedAt}) after it was granted
     * ({@link #grantedAt}); {@code null} when a time is missing (then it does not go stale by time).
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Instant staleAt() {
        Instant granted = grantedAt();
        if (openedAt == null || expiresAt == null || granted == null) {
            return null;
        }
        return granted.plus(java.time.Duration.between(openedAt, expiresAt));
    }
}
