package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One measurement of one metric.
 *
 * @param metric         metric name
 * @param step           index of the analysis step in the plan
 * @param weight         canary weight when measured
 * @param phase          the verdict
 * @param values         what the canary query returned (one value per series)
 * @param baselineValues what the baseline query returned, when the metric has one
 * @param compared       what the conditions saw when comparing with the baseline
 * @param message        why, for people
 * @param dryRun         whether the metric is dry-run (never decisive)
 * @param startedAt      when the query was sent
 * @param finishedAt     when the verdict was reached
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Measurement(String metric, int step, int weight, MeasurementPhase phase, List<Double> values, List<Double> baselineValues,
        List<Double> compared, String message, boolean dryRun, Instant startedAt, Instant finishedAt) {

    /** The values the conditions saw. */
    public List<Double> evaluated() {
        return compared != null ? compared : values;
    }
}
