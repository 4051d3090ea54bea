package io.jenkins.plugins.aigovernance.core.canary.judge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which change of the canary against the baseline fails a metric. */
public enum Direction {
    /** Only a significant increase fails (error rate, latency). */
    INCREASE,
    /** Only a significant decrease fails (throughput, success rate). */
    DECREASE,
    /** Any significant change fails. */
    EITHER;

    @JsonCreator
    public static Direction of(String value) {
        for (Direction d : values()) {
            if (d.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + value + "' (expected increase, decrease or either)");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
