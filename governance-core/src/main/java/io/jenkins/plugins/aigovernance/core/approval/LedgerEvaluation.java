package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Objects;

/**
 * An approval evaluation over decisions read from a ledger, with every ledger line that was not
 * read as a record: the JSON document is the evaluation's, plus {@code ledgerSkipped}.
 *
 * @param evaluation    the evaluation
 * @param ledger        the ledger file as named
 * @param ledgerSkipped each skipped line (torn writes, blank lines), in file order
 */
public record LedgerEvaluation(@JsonUnwrapped ApprovalEvaluation evaluation, String ledger, List<LedgerRead.TornWrite> ledgerSkipped) {

    public LedgerEvaluation {
        Objects.requireNonNull(evaluation, "evaluation");
        ledgerSkipped = List.copyOf(ledgerSkipped);
    }

    /**
     * The evaluation of decisions read from {@code read}, failing closed on an unsealed tail: while the ledger ends in an
     * incomplete line (a write in progress or cut short, which may be a denial) an {@code approved} evaluation is
     * {@code pending} instead (not satisfied); once the next append seals the line, it is skipped and the ledger decides.
     * A denied, expired or pending evaluation is kept as it is. Rule: docs/approvals.md, "Ledger".
     *
     * @param evaluation the evaluation of the decisions in {@code read}
     * @param ledger     the ledger file as named
     * @param read       what reading the ledger found
     */
    public static LedgerEvaluation of(ApprovalEvaluation evaluation, String ledger, LedgerRead read) {
        ApprovalEvaluation e = evaluation;
        if (e.status() == ApprovalStatus.APPROVED && read.torn().stream().anyMatch(t -> t.skip() == LedgerRead.Skip.UNSEALED_TAIL)) {
            e = new ApprovalEvaluation(e.requestId(), e.fingerprint(), e.tier(), ApprovalStatus.PENDING, false, e.breakGlass(),
                    e.peopleRequired(), e.filled(), e.open(), e.refused(), e.denial(), e.openedAt(), e.expiresAt(), e.evaluatedAt(),
                    e.policy(), e.environment());
        }
        return new LedgerEvaluation(e, ledger, read.torn());
    }
}
