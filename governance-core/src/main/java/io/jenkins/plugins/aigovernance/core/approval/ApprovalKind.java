package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a person decided: approve, deny, or approve with the emergency override. */
public enum ApprovalKind {
    APPROVE, DENY, BREAK_GLASS;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Strict form used when reading documents. */
    @JsonCreator
    public static ApprovalKind of(String value) {
        for (ApprovalKind k : values()) {
            if (k.json().equals(value) || k.name().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown approval kind '" + value + "' (expected approve, deny or break-glass)");
    }
}
