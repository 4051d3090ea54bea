package io.jenkins.plugins.aigovernance.core.canary.judge;

import java.util.List;
import java.util.Map;

/**
 * The statistical judgement of a canary against its baseline.
 *
 * @param result      PASS, MARGINAL or FAIL
 * @param score       0–100
 * @param groupScores score per group
 * @param metrics     per-metric findings
 * @param reason      why, in one sentence
 */
public record JudgeReport(JudgeResult result, double score, Map<String, Double> groupScores, List<MetricComparison> metrics, String reason) {

    public JudgeReport {
        groupScores = Map.copyOf(groupScores);
        metrics = List.copyOf(metrics);
    }
}
