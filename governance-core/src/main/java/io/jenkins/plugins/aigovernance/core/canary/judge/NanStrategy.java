package io.jenkins.plugins.aigovernance.core.canary.judge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the judge does with NaN samples before comparing. */
public enum NanStrategy {
    /** Leave them out (the default); too few samples left is NODATA, which fails. */
    REMOVE,
    /** Count them as 0 (for counters where "no value" means "nothing happened"). */
    REPLACE;

    @JsonCreator
    public static NanStrategy of(String value) {
        for (NanStrategy n : values()) {
            if (n.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown nanStrategy '" + value + "' (expected remove or replace)");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
