package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a scope finding is about: one changed file, one resource, or the change as a whole (counts, budgets). */
public enum SubjectKind {
    FILE, RESOURCE, CHANGE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
