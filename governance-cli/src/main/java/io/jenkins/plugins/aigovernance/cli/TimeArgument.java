package io.jenkins.plugins.aigovernance.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code --since}/{@code --until}: an instant, a date (UTC midnight), or an age like {@code 30d}, {@code 12h}, {@code 90m}, {@code P30D}. */
final class TimeArgument {

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([dhms])");

    private TimeArgument() {
    }

    static Instant parse(String option, String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        Matcher m = AGE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return clock.instant().minus(Duration.parse(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a time (2026-03-01T10:00:00Z, 2026-03-01, 30d, 12h, P30D)");
        }
    }
}
