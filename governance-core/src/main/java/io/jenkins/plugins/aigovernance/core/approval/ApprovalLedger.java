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

    /** The latest request opened for a change, or {@code null}. */
    default ApprovalRequest latestRequestFor(ChangeFingerprint fingerprint) {
        return latestRequestFor(read(), fingerprint);
    }

    /** The decisions a ledger read holds for a change. */
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
     * The latest request a ledger read holds for a change, or {@code null}. Decisions dated before it
     * opened do not count for it ({@link ApprovalEvaluator}), so opening a new request never revives
     * the approvals of an earlier, expired one.
     */
    static ApprovalRequest latestRequestFor(LedgerRead read, ChangeFingerprint fingerprint) {
        ApprovalRequest found = null;
        for (LedgerEntry e : read.entries()) {
            if (e.request() != null && e.request().fingerprint().equals(fingerprint)) {
                found = e.request();
            }
        }
        return found;
    }
}
