package io.jenkins.plugins.aigovernance.core.canary.judge;

/**
 * The judge's finding for one metric.
 *
 * @param name           metric name
 * @param group          its group
 * @param classification PASS, HIGH, LOW or NODATA
 * @param failed         whether the classification fails the metric (given its direction; NODATA always fails)
 * @param critical       whether the metric is critical
 * @param canaryCount    canary samples compared (after NaN handling)
 * @param baselineCount  baseline samples compared
 * @param canaryMedian   median of the canary samples (NaN when none)
 * @param baselineMedian median of the baseline samples (NaN when none)
 * @param effect         relative difference of medians, (canary − baseline) / |baseline|
 * @param u              Mann-Whitney U of the canary sample
 * @param pValue         two-sided p-value (NaN when not tested)
 * @param message        one sentence for people
 */
public record MetricComparison(String name, String group, Classification classification, boolean failed, boolean critical, int canaryCount,
        int baselineCount, double canaryMedian, double baselineMedian, double effect, double u, double pValue, String message) {
}
