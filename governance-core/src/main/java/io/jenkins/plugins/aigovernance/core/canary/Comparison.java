package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a canary value is compared with its baseline before the conditions see it. */
public enum Comparison {
    /** canary / baseline (0/0 is NaN and never passes; x/0 is +Inf). */
    RATIO,
    /** canary − baseline. */
    DIFFERENCE;

    @JsonCreator
    public static Comparison of(String value) {
        for (Comparison c : values()) {
            if (c.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown comparison '" + value + "' (expected ratio or difference)");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    double apply(double canary, double baseline) {
        return this == RATIO ? canary / baseline : canary - baseline;
    }
}
