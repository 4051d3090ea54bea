package io.jenkins.plugins.aigovernance.core.decision;

import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a change may be applied now: what binds apply credentials and mints apply tokens. A change
 * may be applied when
 * <ol>
 * <li>an approval evaluation says {@code approved} (satisfied),</li>
 * <li>the change read again now has the fingerprint that was approved (the change did not move), and</li>
 * <li>the approval has not gone stale: it is used within the request's timeout ({@code expiresAt - openedAt})
 * after it was granted ({@code evaluatedAt}).</li>
 * </ol>
 * Anything missing (no approval, no current fingerprint) refuses (fail closed).
 *
 * @param allowed  whether the apply side may be bound
 * @param approval the approval the answer is about, or {@code null}
 * @param current  the change's fingerprint now, or {@code null} when unknown
 * @param refusal  why it may not, as a kind front ends can word in their own language, or {@code null} when allowed
 * @param whyNot   why it may not (for people, in English), or {@code null} when allowed
 */
public record ApplyCheck(boolean allowed, ApprovalEvaluation approval, ChangeFingerprint current, Refusal refusal, String whyNot) {

    /** Why a change may not be applied. */
    public enum Refusal {
        /** No approval gate approved the change. */
        NO_APPROVAL,
        /** The approval's status is not {@code approved}. */
        NOT_APPROVED,
        /** The change could not be read again (no workspace, no repository). */
        CHANGE_UNKNOWN,
        /** The change read now is not the approved one. */
        MOVED,
        /** The approval was granted longer than one request timeout ago. */
        STALE
    }

    /** A refusal. */
    public static ApplyCheck refused(ApprovalEvaluation approval, ChangeFingerprint current, Refusal refusal, String whyNot) {
        return new ApplyCheck(false, approval, current, refusal, whyNot);
    }

    /**
     * Judges an apply.
     *
     * @param approval the build's approving evaluation, or {@code null}
     * @param current  the change's fingerprint read now, or {@code null} when it could not be read
     * @param now      the moment of the apply
     */
    public static ApplyCheck of(ApprovalEvaluation approval, ChangeFingerprint current, Instant now) {
        if (approval == null) {
            return refused(null, current, Refusal.NO_APPROVAL, "no approval gate of this build approved the change");
        }
        if (approval.status() != ApprovalStatus.APPROVED || !approval.satisfied()) {
            return refused(approval, current, Refusal.NOT_APPROVED, "the change is not approved (approval " + approval.status().json() + ")");
        }
        if (current == null) {
            return refused(approval, null, Refusal.CHANGE_UNKNOWN, "the change now is unknown, so it cannot be the approved one");
        }
        if (!approval.fingerprint().equals(current)) {
            return refused(approval, current, Refusal.MOVED, "the change moved: approved " + approval.fingerprint().shortForm()
                    + ", now " + current.shortForm());
        }
        if (approval.openedAt() != null && approval.expiresAt() != null && approval.evaluatedAt() != null) {
            Duration window = Duration.between(approval.openedAt(), approval.expiresAt());
            Instant staleAt = approval.evaluatedAt().plus(window);
            if (now.isAfter(staleAt)) {
                return refused(approval, current, Refusal.STALE, "the approval of " + approval.evaluatedAt() + " went stale at "
                        + staleAt + " (one request timeout, " + window.toMinutes() + " minutes, after it was granted)");
            }
        }
        return new ApplyCheck(true, approval, current, null, null);
    }
}
