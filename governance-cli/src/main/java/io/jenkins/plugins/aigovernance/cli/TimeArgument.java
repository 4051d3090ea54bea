package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
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
        Instant t;
        try {
            Matcher m = AGE.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
                t = clock.instant().minus(d);
            } else if (v.startsWith("P") || v.startsWith("p")) {
                t = clock.instant().minus(Duration.parse(v));
            } else if (v.length() == 10) {
                t = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                t = Instant.parse(v);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a time (2026-03-01T10:00:00Z, 2026-03-01, 30d, 12h, P30D)");
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' lies outside the years 0000 to 9999");
        }
        if (!JsonDocuments.inRange(t)) {
            throw new IllegalArgumentException(option + ": '" + value + "' lies outside the years 0000 to 9999");
        }
        return t;
    }
}
