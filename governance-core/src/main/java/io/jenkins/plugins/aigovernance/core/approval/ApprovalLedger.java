package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable, append-only record of approval requests and decisions. Nothing is ever edited or removed:
 * a decision that no longer counts (the change moved, the tier rose) stays, and the evaluator says why.
 */
public interface ApprovalLedger {

    /** Appends one record durably; returns only once it is on stable storage. */
    void append(LedgerEntry entry);

    /** Every record, oldest first, with any incomplete write reported. */
    LedgerRead read();

    /** The decisions recorded for a change. */
    default List<Approval> decisionsFor(ChangeFingerprint fingerprint) {
        return decisionsFor(read(), fingerprint);
    }

    /** The latest request opened for a change headed to an environment ({@code null}: none named), or {@code null}. */
    default ApprovalRequest latestRequestFor(ChangeFingerprint fingerprint, String environment) {
        return latestRequestFor(read(), fingerprint, environment);
    }

    /**
     * The decisions a ledger read holds for a change, for every environment: the evaluator counts only the approvals given
     * for the request's environment and reports the others ({@code wrong-environment}); a denial stops the change anywhere.
     */
    static List<Approval> decisionsFor(LedgerRead read, ChangeFingerprint fingerprint) {
        List<Approval> out = new ArrayList<>();
        for (LedgerEntry e : read.entries()) {
            if (e.decision() != null && e.decision().fingerprint().equals(fingerprint)) {
                out.add(e.decision());
            }
        }
        return out;
    }

    /**
     * The latest request a ledger read holds for a change headed to an environment, or {@code null}. Decisions dated
     * before it opened do not count for it ({@link ApprovalEvaluator}), so opening a new request never revives
     * the approvals of an earlier, expired one. Only a request for the same environment (compared exactly; a record
     * without one, written before requests named it, only matches {@code null}) is that request: a request opened for
     * staging does not move a production request's opening or expiry.
     */
    static ApprovalRequest latestRequestFor(LedgerRead read, ChangeFingerprint fingerprint, String environment) {
        ApprovalRequest found = null;
        for (LedgerEntry e : read.entries()) {
            if (e.request() != null && e.request().fingerprint().equals(fingerprint)
                    && java.util.Objects.equals(e.request().environment(), environment)) {
                found = e.request();
            }
        }
        return found;
    }
}
