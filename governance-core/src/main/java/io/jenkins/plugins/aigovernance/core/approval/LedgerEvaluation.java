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
}
