package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeConfig;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A staged rollout with analysis: ordered steps ({@code setWeight}, {@code pause}, {@code analysis},
 * {@code judge}) over named metrics. Plans live in the policy as {@code canary.templates} (the
 * Jenkins step names one with {@code template:}) or in a plan file.
 *
 * @param name        template name
 * @param description for people
 * @param metrics     metrics the analysis steps measure
 * @param judge       optional statistical judge for {@code judge} steps
 * @param steps       the steps, in order
 * @param onError     what a metric in ERROR does to the run: {@code rollback} (default) or {@code pause}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CanaryPlan(String name, String description, List<CanaryMetric> metrics, JudgeConfig judge, List<CanaryStep> steps, OnError onError) {

    public CanaryPlan {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        steps = steps == null ? List.of() : List.copyOf(steps);
        onError = onError == null ? OnError.ROLLBACK : onError;
    }

    /** Checks the plan; problems are reported under {@code at}. */
    public void validate(PolicyValidation v, String at) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            CanaryMetric m = metrics.get(i);
            m.validate(v, at + "/metrics/" + i);
            if (m.name() != null && !names.add(m.name())) {
                v.error(at + "/metrics/" + i + "/name", "duplicate metric '" + m.name() + "'");
            }
        }
        if (judge != null) {
            judge.validate(v, at + "/judge");
        }
        if (steps.isEmpty()) {
            v.error(at + "/steps", "a plan needs at least one step");
        }
        boolean analysed = false;
        for (int i = 0; i < steps.size(); i++) {
            CanaryStep s = steps.get(i);
            s.validate(v, at + "/steps/" + i, names, judge != null);
            analysed |= s.judge() != null || s.analysis() != null && decisive(s.analysis());
        }
        if (!steps.isEmpty() && !analysed) {
            v.error(at + "/steps", "a plan needs at least one judge step or analysis step with a metric that is not dryRun"
                    + " (otherwise nothing is verified)");
        }
    }

    /** Validates on its own (a plan file); problems become one {@link InvalidInputException} naming {@code input}. */
    public CanaryPlan requireValid(String input) {
        PolicyValidation v = new PolicyValidation();
        validate(v, "");
        if (!v.ok()) {
            throw new InvalidInputException(input, "invalid canary plan: " + v.findings().stream()
                    .map(f -> (f.pointer().isEmpty() ? "" : f.pointer() + ": ") + f.message()).collect(Collectors.joining("; ")));
        }
        return this;
    }

    private boolean decisive(CanaryStep.Analysis a) {
        List<CanaryMetric> chosen = a.metrics().isEmpty() ? metrics : a.metrics().stream().map(this::metric).filter(m -> m != null).toList();
        return chosen.stream().anyMatch(m -> !m.dryRun());
    }

    /** The metric with this name, or {@code null}. */
    public CanaryMetric metric(String metricName) {
        return metrics.stream().filter(m -> m.name().equals(metricName)).findFirst().orElse(null);
    }
}
