package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of {@link AuditVerifier#verify}: either every complete record checks out, or the first
 * record that does not.
 *
 * @param log       the file
 * @param verified  whether every complete record checks out
 * @param records   how many records were checked and found good
 * @param lastHash  hash of the last good record (publish it to anchor the log)
 * @param signed    whether signatures were checked
 * @param problem   the first bad record, when not verified
 * @param tornTail  an unfinished last line, ignored (does not fail verification)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerification(String log, boolean verified, long records, String lastHash, boolean signed, Problem problem,
        TornTail tornTail) {

    /** What is wrong with the first bad record. */
    public enum Kind {
        /** Not a JSON audit record. */
        MALFORMED,
        /** Its content does not match its hash: the record was edited. */
        ALTERED,
        /** Its sequence number skips ahead (or the log ends before its anchor): records were removed here, or moved later. */
        MISSING,
        /** Its sequence number repeats or goes back: a record was inserted, duplicated or moved here. */
        OUT_OF_ORDER,
        /** Its prevHash does not name the previous record: the chain was broken here. */
        CHAIN_BROKEN,
        /** Its signature is missing or does not verify with the public key. */
        BAD_SIGNATURE,
        /** Its bytes are not the canonical form of its content (an extra field, another key order, spacing or escape). */
        NOT_CANONICAL
    }

    /**
     * @param line    1-based line number in the file
     * @param offset  byte offset of the line
     * @param seq     the sequence number it should have had
     * @param found   the sequence number it has (null when unreadable)
     * @param kind    what is wrong
     * @param message explanation
     */
    public record Problem(long line, long offset, long seq, Long found, Kind kind, String message) {
    }
}
