package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Where a canary run stands between two reconciliations (as an Argo Rollouts controller keeps a
 * rollout's status): the step in progress, the weight reached, a traffic action or a pause being
 * waited for, the counters of the analysis in progress, and everything finished so far. It is a
 * plain document with a stable JSON form, so a front end can persist it after every reconciliation
 * and continue after a restart ({@link CanaryReconciler#reconcile}).
 *
 * @param plan          plan (template) name; a progress is continued with the same plan only
 * @param step          index of the step in progress (the plan's length: every step finished)
 * @param weight        the canary weight reached
 * @param startedAt     when the run started
 * @param stepStartedAt when the step in progress started, or {@code null} before it did
 * @param pendingWeight the weight a {@code setWeight} step asked the traffic action for, or {@code null}
 * @param pauseUntil    the end of the {@code pause} step in progress, or {@code null}
 * @param metrics       the metrics of the analysis step in progress (empty when none is)
 * @param steps         the finished steps, in order
 * @param measurements  every measurement, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryProgress(String plan, int step, int weight, Instant startedAt, Instant stepStartedAt, Integer pendingWeight, Instant pauseUntil,
        List<MetricProgress> metrics, List<StepResult> steps, List<Measurement> measurements) {

    public CanaryProgress {
        if (plan == null || plan.isBlank()) {
            throw new IllegalArgumentException("a canary progress needs the plan's name");
        }
        if (step < 0) {
            throw new IllegalArgumentException("a canary progress needs a step index >= 0, not " + step);
        }
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("a canary weight is 0..100, not " + weight);
        }
        if (startedAt == null) {
            throw new IllegalArgumentException("a canary progress needs startedAt");
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        steps = steps == null ? List.of() : List.copyOf(steps);
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
    }
}
