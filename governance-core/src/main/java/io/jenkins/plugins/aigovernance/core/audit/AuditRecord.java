package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of the audit log: {@code {"seq":..,"prevHash":..,"event":{..},"hash":..,"sig":..}}.
 *
 * @param seq      1 for the first record, then one more per record
 * @param prevHash the previous record's hash (64 zeros for the first)
 * @param event    the event
 * @param hash     hex sha256 over the canonical JSON of {@code {event, prevHash, seq}} (see {@link CanonicalJson})
 * @param sig      base64 Ed25519 signature of the ASCII hash, when the log is signed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "prevHash", "event", "hash", "sig"})
public record AuditRecord(long seq, String prevHash, AuditEvent event, String hash, String sig) {

    /** The {@code prevHash} of the first record. */
    public static final String GENESIS = "0".repeat(64);
}
