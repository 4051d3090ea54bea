package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a resource change was read from. */
public enum ResourceSource {
    TERRAFORM, KUBERNETES, IAM_POLICY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
