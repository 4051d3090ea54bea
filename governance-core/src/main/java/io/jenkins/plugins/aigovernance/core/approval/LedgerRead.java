package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * What reading a ledger found: the records, and every line that was not read as one (each reported,
 * never silently dropped). Only two kinds of line are skipped: an incomplete write (a crash
 * mid-append, never acknowledged to its writer, so skipping it loses nothing) and a blank line.
 * Any other unreadable line makes the whole ledger unreadable (docs/approvals.md, "The ledger").
 */
public record LedgerRead(List<LedgerEntry> entries, List<TornWrite> torn) {

    /** Why a line was skipped. */
    public enum Skip {
        /**
         * The last bytes of the file, without a newline, that are not a whole record: a write still in progress or cut short
         * by a crash. While it is there no approval counts ({@link LedgerEvaluation#of}).
         */
        UNSEALED_TAIL,
        /** An incomplete write that a later append ended and sealed with a {@code torn-write-sealed} record right after it. */
        SEALED,
        /** A line with nothing but white space. */
        BLANK;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A skipped line: where it starts, its 1-based line number, its length in bytes, and why.
     */
    public record TornWrite(long offset, int line, int length, Skip skip) {
        /** A one-line description for reports. */
        public String describe() {
            return "line " + line + " (offset " + offset + ", " + length + " bytes): " + switch (skip) {
                case UNSEALED_TAIL -> "incomplete last line, not acknowledged to its writer (it may be a denial: no approval counts until"
                        + " the next append seals it)";
                case SEALED -> "incomplete write sealed by the next append";
                case BLANK -> "blank";
            };
        }
    }

    public LedgerRead {
        entries = List.copyOf(entries);
        torn = List.copyOf(torn);
    }
}
