package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeReport;
import java.time.Instant;
import java.util.List;

/**
 * What one step of the plan did.
 *
 * @param index   position in the plan
 * @param kind    setWeight, pause, analysis or judge
 * @param weight  canary weight during the step
 * @param phase   SUCCESSFUL, FAILED, INCONCLUSIVE or ERROR
 * @param metrics per-metric verdicts of an analysis step
 * @param judge   the judge's report of a judge step
 * @param message why, for people
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StepResult(int index, String kind, int weight, MeasurementPhase phase, List<MetricResult> metrics, JudgeReport judge, String message,
        Instant startedAt, Instant finishedAt) {

    public StepResult {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
