package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a run does when a metric ends in ERROR (its consecutive errors went over the limit). */
public enum OnError {
    /** Roll back (the default: an unobservable canary is not allowed to keep traffic). */
    ROLLBACK,
    /** Pause for a person. */
    PAUSE;

    @JsonCreator
    public static OnError of(String value) {
        for (OnError o : values()) {
            if (o.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown onError '" + value + "' (expected rollback or pause)");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
