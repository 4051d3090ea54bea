package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How strictly a scope rule is enforced, as Sentinel users know it. */
public enum Enforcement {
    /** Reported; the change passes. */
    ADVISORY,
    /** Fails unless one of the rule's owners overrides it with a reason; the override is recorded. */
    SOFT_MANDATORY,
    /** Fails; no override. */
    HARD_MANDATORY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Strict parse of {@code advisory}, {@code soft-mandatory}, {@code hard-mandatory}. */
    @JsonCreator
    public static Enforcement of(String value) {
        if (value != null) {
            String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Enforcement e : values()) {
                if (e.name().equals(v)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown enforcement level '" + value + "' (expected advisory, soft-mandatory or hard-mandatory)");
    }
}
