package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a scope rule does to what it matches. */
public enum ScopeEffect {
    /** The matched files and resources are outside the actor's scope. */
    DENY,
    /** The matched files and resources are exempt from deny and require-approval rules that are not hard-mandatory. */
    ALLOW,
    /** The change may proceed only with a human approval. */
    REQUIRE_APPROVAL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Strict parse of {@code deny}, {@code allow}, {@code require-approval}. */
    @JsonCreator
    public static ScopeEffect of(String value) {
        if (value != null) {
            String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (ScopeEffect e : values()) {
                if (e.name().equals(v)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown effect '" + value + "' (expected deny, allow or require-approval)");
    }
}
