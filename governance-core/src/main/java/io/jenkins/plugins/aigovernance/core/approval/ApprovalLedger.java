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
        List<Approval> out = new ArrayList<>();
        for (LedgerEntry e : read().entries()) {
            if (e.decision() != null && e.decision().fingerprint().equals(fingerprint)) {
                out.add(e.decision());
            }
        }
        return out;
    }

    /** The latest request opened for a change, or {@code null}. */
    default ApprovalRequest latestRequestFor(ChangeFingerprint fingerprint) {
        ApprovalRequest found = null;
        for (LedgerEntry e : read().entries()) {
            if (e.request() != null && e.request().fingerprint().equals(fingerprint)) {
                found = e.request();
            }
        }
        return found;
    }
}
