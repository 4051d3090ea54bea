package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a change is within scope. */
public enum ScopeOutcome {
    ALLOW, DENY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
