package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an approval request stands. */
public enum ApprovalStatus {
    /** Open: not every slot is filled yet, no denial, not expired. */
    PENDING,
    /** Every slot filled by valid approvals (or a valid break-glass). */
    APPROVED,
    /** Someone denied this change; the request is over. */
    DENIED,
    /** The timeout passed before the requirement was met. */
    EXPIRED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
