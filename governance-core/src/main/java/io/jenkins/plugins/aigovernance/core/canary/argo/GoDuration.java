package io.jenkins.plugins.aigovernance.core.canary.argo;

import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Argo Rollouts writes them: Go's {@code time.ParseDuration} syntax, a sequence of
 * decimal numbers with units {@code ns us µs ms s m h} ({@code 30s}, {@code 1m30s}, {@code 1.5h}).
 * Signs and a bare {@code 0} are refused (a template interval is positive).
 */
final class GoDuration {

    private GoDuration() {
    }

    /** Parses {@code text}; a malformed duration is an {@link IllegalArgumentException} naming it. */
    static TimeSpan parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.length() > 64) {
            throw new IllegalArgumentException("'" + text + "' is not a Go duration (such as 30s, 5m, 1m30s)");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            String number = t.substring(start, i);
            int unitStart = i;
            while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') {
                i++;
            }
            String unit = t.substring(unitStart, i);
            long scale = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.') || scale < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a Go duration (such as 30s, 5m, 1m30s)");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(scale)));
        }
        if (nanos.signum() == 0 || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return new TimeSpan(t, Duration.ofNanos(nanos.longValue()));
    }
}
