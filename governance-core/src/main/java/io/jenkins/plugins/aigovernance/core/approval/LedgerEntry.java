package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the approval ledger; a stable JSON document ({@code "v": 1}) that the audit log chains.
 *
 * @param v            record format version (1)
 * @param type         {@code request-opened}, {@code decision} or {@code torn-write-sealed}
 * @param requestId    the request the record belongs to ({@code null} for a seal)
 * @param recordedAt   when the ledger recorded it
 * @param request      the opened request (for {@code request-opened})
 * @param decision     the approval, denial or break-glass (for {@code decision})
 * @param sealedOffset byte offset of the incomplete line this record seals (for {@code torn-write-sealed}); it must
 *                     be the line right before the seal
 * @param sealedLength length in bytes of that incomplete line (written since format 1 seals carry it; older seals omit it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(int v, String type, String requestId, Instant recordedAt, ApprovalRequest request, Approval decision,
        Long sealedOffset, Long sealedLength) {

    public static final String REQUEST_OPENED = "request-opened";
    public static final String DECISION = "decision";
    public static final String TORN_WRITE_SEALED = "torn-write-sealed";

    public LedgerEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recordedAt, "recordedAt");
        switch (type) {
            case REQUEST_OPENED -> Objects.requireNonNull(request, "request");
            case DECISION -> Objects.requireNonNull(decision, "decision");
            case TORN_WRITE_SEALED -> Objects.requireNonNull(sealedOffset, "sealedOffset");
            default -> throw new IllegalArgumentException("unknown ledger record type '" + type + "'");
        }
    }

    public static LedgerEntry opened(ApprovalRequest request, Instant at) {
        return new LedgerEntry(1, REQUEST_OPENED, request.id(), at, request, null, null, null);
    }

    public static LedgerEntry decision(String requestId, Approval decision, Instant at) {
        return new LedgerEntry(1, DECISION, requestId, at, null, decision, null, null);
    }

    static LedgerEntry sealed(long offset, long length, Instant at) {
        return new LedgerEntry(1, TORN_WRITE_SEALED, null, at, null, null, offset, length);
    }
}
