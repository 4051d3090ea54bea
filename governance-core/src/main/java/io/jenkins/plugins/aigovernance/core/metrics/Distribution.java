package io.jenkins.plugins.aigovernance.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;

/**
 * Durations summarized: how many, their sum, median and 90th percentile in seconds. Percentiles use
 * the nearest-rank method (the smallest value with at least p% of values at or below it), so they are
 * always one of the measured values. Median and p90 are absent when there are no values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Distribution(int count, double sumSeconds, Double medianSeconds, Double p90Seconds) {

    /** Summarizes durations given in seconds. */
    public static Distribution of(double[] seconds) {
        double[] v = seconds.clone();
        Arrays.sort(v);
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return new Distribution(v.length, sum, percentile(v, 50), percentile(v, 90));
    }

    /** Nearest-rank percentile of sorted values; null when empty. */
    static Double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
