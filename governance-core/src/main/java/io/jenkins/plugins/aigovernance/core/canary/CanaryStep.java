package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;
import java.util.Set;

/**
 * One step of a plan; exactly one of its fields is set:
 * {@code - setWeight: 20}, {@code - pause: 30s}, {@code - analysis: {metrics: [error-rate]}} or
 * {@code - judge: {lookback: 5m}}.
 *
 * @param setWeight percentage of traffic for the canary (0–100); the caller's traffic action moves it
 * @param pause     wait this long
 * @param analysis  measure these metrics (all the plan's metrics when the list is empty)
 * @param judge     compare baseline and canary samples statistically with the plan's judge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryStep(Integer setWeight, TimeSpan pause, Analysis analysis, JudgeStep judge) {

    /** The {@code analysis:} step. @param metrics names of plan metrics; empty means all */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Analysis(List<String> metrics) {
        public Analysis {
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }
    }

    /**
     * The {@code judge:} step.
     *
     * @param lookback the window of samples compared (ending now)
     * @param step     resolution of the range queries (default 10s)
     */
    public record JudgeStep(TimeSpan lookback, TimeSpan step) {
        public JudgeStep {
            step = step == null ? TimeSpan.of("10s") : step;
        }
    }

    public static CanaryStep weight(int w) {
        return new CanaryStep(w, null, null, null);
    }

    public static CanaryStep pauseFor(TimeSpan t) {
        return new CanaryStep(null, t, null, null);
    }

    public static CanaryStep analyse(String... metrics) {
        return new CanaryStep(null, null, new Analysis(List.of(metrics)), null);
    }

    /** {@code setWeight}, {@code pause}, {@code analysis} or {@code judge}. */
    @JsonIgnore
    public String kind() {
        return setWeight != null ? "setWeight" : pause != null ? "pause" : analysis != null ? "analysis" : "judge";
    }

    void validate(PolicyValidation v, String at, Set<String> metricNames, boolean hasJudge) {
        int set = (setWeight != null ? 1 : 0) + (pause != null ? 1 : 0) + (analysis != null ? 1 : 0) + (judge != null ? 1 : 0);
        if (set != 1) {
            v.error(at, "a step has exactly one of setWeight, pause, analysis or judge");
            return;
        }
        if (setWeight != null && (setWeight < 0 || setWeight > 100)) {
            v.error(at + "/setWeight", "must be between 0 and 100");
        }
        if (analysis != null) {
            if (metricNames.isEmpty()) {
                v.error(at + "/analysis", "the plan has no metrics to analyse");
            }
            for (int i = 0; i < analysis.metrics().size(); i++) {
                if (!metricNames.contains(analysis.metrics().get(i))) {
                    v.error(at + "/analysis/metrics/" + i, "unknown metric '" + analysis.metrics().get(i) + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(metricNames)) + ")");
                }
            }
        }
        if (judge != null) {
            if (!hasJudge) {
                v.error(at + "/judge", "a judge step needs the plan's judge: section");
            }
            if (!v.require(at + "/judge/lookback", judge.lookback(), "lookback")) {
                return;
            }
            if (judge.step().duration().toMillis() < 1000) {
                v.error(at + "/judge/step", "must be at least 1s");
            } else if (judge.lookback().duration().compareTo(judge.step().duration().multipliedBy(3)) < 0) {
                v.error(at + "/judge/lookback", "must cover at least 3 steps of " + judge.step());
            }
        }
    }
}
