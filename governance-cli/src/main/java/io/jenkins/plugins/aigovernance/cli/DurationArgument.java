package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Reads a timeout option: a duration as plans write it ({@code 500ms}, {@code 10s}, {@code 5m},
 * {@code 1h}, a bare number is seconds) or ISO-8601 ({@code PT1M}).
 */
final class DurationArgument implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.trim();
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (such as 500ms, 10s, 5m, PT1M)");
            }
        }
        try {
            return TimeSpan.of(v).duration();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
