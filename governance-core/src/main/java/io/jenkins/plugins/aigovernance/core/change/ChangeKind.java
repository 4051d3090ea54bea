package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a file changed between two revisions. */
public enum ChangeKind {
    ADD, MODIFY, DELETE, RENAME, COPY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
