package io.jenkins.plugins.aigovernance.core.maturity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a criterion stands. {@link #UNKNOWN} (the trail does not hold what the criterion needs) never
 * counts as passed: a level is reached only when every criterion up to it has {@link #PASSED}.
 * JSON form: {@code passed}, {@code failed}, {@code unknown}.
 */
public enum CriterionStatus {
    /** Measured and within the target. */
    PASSED,
    /** Measured and outside the target. */
    FAILED,
    /** Not measurable from what was recorded; never a pass. */
    UNKNOWN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
