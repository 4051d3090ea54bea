package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The result of a canary run: the outcome, why, and everything measured on the way.
 *
 * @param plan          plan (template) name
 * @param outcome       PROMOTE, ROLLBACK or PAUSED
 * @param reason        one sentence for people
 * @param failedStep    index of the step that decided a rollback or pause, or {@code null}
 * @param failedMetric  the metric that decided it, or {@code null}
 * @param failedValues  the values that metric saw in its deciding measurement
 * @param weight        canary weight when the run ended
 * @param nextStep      for a paused run, the step to continue from; otherwise {@code null}
 * @param steps         step results in order
 * @param measurements  every measurement in order
 * @param provider      where metrics came from
 * @param rolledBack    whether the rollback action ran successfully
 * @param rollbackError why the rollback action failed, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryVerdict(String plan, CanaryOutcome outcome, String reason, Integer failedStep, String failedMetric, List<Double> failedValues,
        int weight, Integer nextStep, List<StepResult> steps, List<Measurement> measurements, String provider, boolean rolledBack,
        String rollbackError, Instant startedAt, Instant finishedAt) {

    public CanaryVerdict {
        steps = List.copyOf(steps);
        measurements = List.copyOf(measurements);
        failedValues = failedValues == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(failedValues));
    }

    /**
     * This verdict with the outcome of its rollback action recorded.
     *
     * @param done  whether the rollback action ran successfully
     * @param error why it failed ({@code null} when it did not)
     */
    public CanaryVerdict withRollback(boolean done, String error) {
        return new CanaryVerdict(plan, outcome, reason, failedStep, failedMetric, failedValues, weight, nextStep, steps, measurements, provider, done,
                error, startedAt, finishedAt);
    }
}
