package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an {@link AuditEvent} records: one decision or action of the engine or a person. JSON form {@code approval-given}. */
public enum AuditEventType {
    /** A change was classified (tier, blast radius). */
    RISK_ASSESSED,
    /** The scope policy allowed or denied a change ({@code outcome} allow / deny). */
    SCOPE_DECIDED,
    /** A human approval was asked for. */
    APPROVAL_REQUESTED,
    /** A person approved ({@code actor} is the approver). */
    APPROVAL_GIVEN,
    /** A person rejected the change. */
    APPROVAL_DENIED,
    /** An approval request timed out. */
    APPROVAL_EXPIRED,
    /** A canary step ended with a verdict ({@code outcome} promote / hold / rollback). */
    CANARY_STEP,
    /** A deployed change was rolled back. */
    ROLLBACK,
    /** A change reached its target environment. */
    DEPLOYMENT_DONE,
    /** Scoped credentials were handed to a pipeline step. */
    CREDENTIALS_BOUND,
    /** A person overrode a gate. */
    OVERRIDE,
    /** A governance note was written to the repository. */
    NOTE_WRITTEN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code approval-given} or {@code APPROVAL_GIVEN}; {@code null} when unknown. */
    public static AuditEventType parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (AuditEventType t : values()) {
            if (t.name().equals(v)) {
                return t;
            }
        }
        return null;
    }

    /** Strict form used when reading documents: unknown names are an error. */
    @JsonCreator
    public static AuditEventType of(String value) {
        AuditEventType t = parse(value);
        if (t == null) {
            StringBuilder known = new StringBuilder();
            for (AuditEventType k : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(k.json());
            }
            throw new IllegalArgumentException("unknown audit event type '" + value + "' (expected one of " + known + ")");
        }
        return t;
    }
}
