package io.jenkins.plugins.aigovernance.core.approval;

import java.util.List;

/**
 * What reading a ledger found: the records, and the incomplete writes (a crash mid-append) that were
 * skipped. An incomplete write was never acknowledged to its writer, so skipping it loses nothing.
 */
public record LedgerRead(List<LedgerEntry> entries, List<TornWrite> torn) {

    /** An incomplete line: where it starts and how long it is. */
    public record TornWrite(long offset, int line, int length) {
    }

    public LedgerRead {
        entries = List.copyOf(entries);
        torn = List.copyOf(torn);
    }
}
