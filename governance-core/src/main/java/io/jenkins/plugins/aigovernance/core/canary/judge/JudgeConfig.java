package io.jenkins.plugins.aigovernance.core.canary.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistical judge's configuration, after Kayenta: metrics, group weights and score thresholds.
 * A group's score is the percentage of its metrics that pass; the run's score is the weighted mean
 * of the group scores (groups without a weight count 1). A failing critical metric makes the score 0.
 *
 * @param metrics       the metrics compared
 * @param groupWeights  weight per group name
 * @param passScore     score from which the judgement passes (default 95)
 * @param marginalScore score from which it is marginal (default 75); below is a failure
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JudgeConfig(List<JudgeMetric> metrics, Map<String, Double> groupWeights, Double passScore, Double marginalScore) {

    public JudgeConfig {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        groupWeights = groupWeights == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groupWeights));
        passScore = passScore == null ? 95.0 : passScore;
        marginalScore = marginalScore == null ? 75.0 : marginalScore;
    }

    /** Checks metrics, weights and thresholds. */
    public void validate(PolicyValidation v, String at) {
        if (metrics.isEmpty()) {
            v.error(at + "/metrics", "the judge needs at least one metric");
        }
        Set<String> names = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            JudgeMetric m = metrics.get(i);
            m.validate(v, at + "/metrics/" + i);
            if (m.name() != null && !names.add(m.name())) {
                v.error(at + "/metrics/" + i + "/name", "duplicate metric '" + m.name() + "'");
            }
            groups.add(m.group());
        }
        groupWeights.forEach((g, w) -> {
            if (!groups.contains(g)) {
                v.error(at + "/groupWeights/" + g, "no metric is in group '" + g + "'");
            }
            if (w == null || !(w > 0)) {
                v.error(at + "/groupWeights/" + g, "a weight must be positive");
            }
        });
        if (!(marginalScore >= 0 && marginalScore <= passScore && passScore <= 100)) {
            v.error(at + "/passScore", "scores must satisfy 0 ≤ marginalScore ≤ passScore ≤ 100");
        }
    }
}
