package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * A duration as plans write it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} (a bare number is seconds).
 *
 * @param text     as written
 * @param duration its value
 */
public record TimeSpan(String text, Duration duration) {

    /** Strict parser used when reading plans. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TimeSpan of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required (such as 30s, 500ms, 5m or 1h)");
        }
        String t = text.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 9) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (such as 30s, 500ms, 5m or 1h)");
        }
        long n = Long.parseLong(t.substring(0, i));
        Duration d = switch (t.substring(i)) {
            case "", "s" -> Duration.ofSeconds(n);
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration (such as 30s, 500ms, 5m or 1h)");
        };
        return new TimeSpan(t, d);
    }

    /** From a number of seconds (for YAML like {@code pause: 30}). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TimeSpan ofSeconds(long seconds) {
        return of(Long.toString(seconds));
    }

    @JsonValue
    @Override
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
