package io.jenkins.plugins.aigovernance.core.canary.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * A metric the statistical judge compares: samples of the canary query against samples of the
 * baseline query over the same window.
 *
 * @param name          unique within the judge
 * @param canaryQuery   PromQL for the canary
 * @param baselineQuery PromQL for the baseline
 * @param direction     which change fails (default {@code either})
 * @param tolerance     relative difference of medians that is still acceptable (default 0.1 = 10 %)
 * @param confidence    confidence required to call a difference significant (default 0.95)
 * @param nanStrategy   {@code remove} (default) or {@code replace} (with 0)
 * @param critical      a failing critical metric fails the whole judgement
 * @param group         metric group for weighted scoring (default {@code default})
 * @param minSamples    fewest samples per side after NaN handling (default 3); fewer is NODATA
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgeMetric(String name, String canaryQuery, String baselineQuery, Direction direction, Double tolerance, Double confidence,
        NanStrategy nanStrategy, Boolean critical, String group, Integer minSamples) {

    public JudgeMetric {
        direction = direction == null ? Direction.EITHER : direction;
        tolerance = tolerance == null ? 0.1 : tolerance;
        confidence = confidence == null ? 0.95 : confidence;
        nanStrategy = nanStrategy == null ? NanStrategy.REMOVE : nanStrategy;
        critical = critical != null && critical;
        group = group == null || group.isBlank() ? "default" : group;
        minSamples = minSamples == null ? 3 : minSamples;
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/name", name, "name");
        v.require(at + "/canaryQuery", canaryQuery, "canaryQuery");
        v.require(at + "/baselineQuery", baselineQuery, "baselineQuery");
        if (!(tolerance >= 0)) {
            v.error(at + "/tolerance", "must be 0 or more");
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            v.error(at + "/confidence", "must be between 0.5 and 1 (exclusive), such as 0.95");
        }
        if (minSamples < 2) {
            v.error(at + "/minSamples", "must be at least 2");
        }
    }
}
