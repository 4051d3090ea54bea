package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * How far one metric of the analysis step in progress has come: its counters as Argo Rollouts'
 * {@code assessMetricStatus} keeps them, and when it is measured next. Part of a persisted
 * {@link CanaryProgress}.
 *
 * @param metric               the metric's name in the plan
 * @param nextDue              when it is measured next
 * @param taken                measurements taken
 * @param counted              measurements counted toward {@code count} (errors are not)
 * @param successful           successful measurements
 * @param failed               failed measurements
 * @param inconclusive         inconclusive measurements
 * @param errors               errors
 * @param consecutiveErrors    errors in a row
 * @param consecutiveSuccesses successes in a row
 * @param phase                the metric's verdict, or {@code null} while it is still measured
 * @param message              why the metric ended as it did, or {@code null}
 * @param lastEvaluated        what the conditions saw in the last measurement, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricProgress(String metric, Instant nextDue, int taken, int counted, int successful, int failed, int inconclusive, int errors,
        int consecutiveErrors, int consecutiveSuccesses, MeasurementPhase phase, String message, List<Double> lastEvaluated) {

    public MetricProgress {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a metric's progress needs the metric's name");
        }
        if (nextDue == null) {
            throw new IllegalArgumentException("the progress of metric " + metric + " needs nextDue");
        }
        lastEvaluated = lastEvaluated == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lastEvaluated));
    }
}
