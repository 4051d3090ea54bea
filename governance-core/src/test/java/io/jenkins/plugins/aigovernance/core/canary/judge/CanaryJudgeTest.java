package io.jenkins.plugins.aigovernance.core.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {

    private static JudgeMetric metric(String name, Direction d, boolean critical, String group) {
        return new JudgeMetric(name, "canary", "baseline", d, 0.1, 0.95, null, critical, group, null);
    }

    private static double[] around(Random rnd, double centre, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = centre * (1 + 0.02 * rnd.nextGaussian());
        }
        return v;
    }

    @Test
    void classifiesHighLowAndPass() {
        Random rnd = new Random(1);
        double[] base = around(rnd, 100, 30);
        assertThat(CanaryJudge.compare(metric("m", Direction.EITHER, false, null), around(rnd, 150, 30), base).classification())
                .isEqualTo(Classification.HIGH);
        assertThat(CanaryJudge.compare(metric("m", Direction.EITHER, false, null), around(rnd, 50, 30), base).classification())
                .isEqualTo(Classification.LOW);
        MetricComparison same = CanaryJudge.compare(metric("m", Direction.EITHER, false, null), around(rnd, 100, 30), base);
        assertThat(same.classification()).isEqualTo(Classification.PASS);
        assertThat(same.failed()).isFalse();
    }

    @Test
    void significantButWithinToleranceIsAPass() {
        Random rnd = new Random(2);
        double[] base = around(rnd, 100, 200);
        double[] canary = around(rnd, 104, 200); // clearly significant with 200 samples, but only +4 %
        MetricComparison c = CanaryJudge.compare(metric("m", Direction.INCREASE, false, null), canary, base);
        assertThat(c.pValue()).isLessThan(0.05);
        assertThat(c.effect()).isBetween(0.02, 0.06);
        assertThat(c.classification()).isEqualTo(Classification.PASS);
        assertThat(c.pValue()).isCloseTo(expectedP(canary, base), org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void directionDecidesWhichChangeFails() {
        Random rnd = new Random(3);
        double[] base = around(rnd, 100, 30);
        double[] higher = around(rnd, 200, 30);
        assertThat(CanaryJudge.compare(metric("m", Direction.INCREASE, false, null), higher, base).failed()).isTrue();
        assertThat(CanaryJudge.compare(metric("m", Direction.DECREASE, false, null), higher, base).failed()).isFalse();
        assertThat(CanaryJudge.compare(metric("m", Direction.EITHER, false, null), higher, base).failed()).isTrue();
    }

    @Test
    void nanStrategyAndMissingData() {
        JudgeMetric remove = new JudgeMetric("m", "c", "b", null, null, null, NanStrategy.REMOVE, null, null, null);
        MetricComparison c = CanaryJudge.compare(remove, new double[] {Double.NaN, Double.NaN, 1}, new double[] {1, 1, 1});
        assertThat(c.classification()).isEqualTo(Classification.NODATA);
        assertThat(c.failed()).isTrue();
        JudgeMetric replace = new JudgeMetric("m", "c", "b", null, null, null, NanStrategy.REPLACE, null, null, null);
        MetricComparison r = CanaryJudge.compare(replace, new double[] {Double.NaN, 0, 0, 0, 0}, new double[] {0, 0, 0, 0, 0});
        assertThat(r.classification()).isEqualTo(Classification.PASS);
        assertThat(r.canaryCount()).isEqualTo(5);
    }

    @Test
    void tooFewSamplesToReachSignificanceAreNoDataAndFail() {
        // 3 a side at 0.95: the smallest possible p is 2/C(6,3) = 0.1, so even a canary 50x worse could never be significant
        JudgeMetric m = new JudgeMetric("latency", "c", "b", Direction.INCREASE, 0.1, 0.95, null, true, null, null);
        MetricComparison c = CanaryJudge.compare(m, new double[] {5.0, 5.1, 5.2}, new double[] {0.10, 0.11, 0.09});
        assertThat(c.classification()).isEqualTo(Classification.NODATA);
        assertThat(c.failed()).isTrue();
        assertThat(c.message()).contains("too few samples to show a difference").contains("smallest possible p is 0.1");
        JudgeReport r = new CanaryJudge(new JudgeConfig(List.of(m), null, null, null)).judge(Map.of("latency",
                new CanaryJudge.Samples(new double[] {5.0, 5.1, 5.2}, new double[] {0.10, 0.11, 0.09})));
        assertThat(r.result()).isEqualTo(JudgeResult.FAIL);
        // 4 a side can (2/C(8,4) = 0.029): the exact test finds the 50x canary significantly higher
        MetricComparison four = CanaryJudge.compare(m, new double[] {5.0, 5.1, 5.2, 5.3}, new double[] {0.10, 0.11, 0.09, 0.12});
        assertThat(four.classification()).isEqualTo(Classification.HIGH);
        assertThat(four.pValue()).isCloseTo(2.0 / 70, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(four.message()).contains("exact");
        // but at confidence 0.99 four a side cannot: NODATA again
        JudgeMetric strict = new JudgeMetric("latency", "c", "b", Direction.INCREASE, 0.1, 0.99, null, true, null, null);
        assertThat(CanaryJudge.compare(strict, new double[] {5.0, 5.1, 5.2, 5.3}, new double[] {0.10, 0.11, 0.09, 0.12}).classification())
                .isEqualTo(Classification.NODATA);
    }

    @Test
    void scoresGroupsWithWeightsAndThresholds() {
        Random rnd = new Random(4);
        JudgeConfig cfg = new JudgeConfig(List.of(
                metric("errors", Direction.INCREASE, false, "errors"),
                metric("latency-p50", Direction.INCREASE, false, "latency"),
                metric("latency-p99", Direction.INCREASE, false, "latency")),
                Map.of("errors", 3.0, "latency", 1.0), 90.0, 70.0);
        double[] base = around(rnd, 100, 30);
        // p99 worse: latency group 50 %, errors 100 % → (3·100 + 1·50)/4 = 87.5 → MARGINAL
        JudgeReport r = new CanaryJudge(cfg).judge(Map.of(
                "errors", new CanaryJudge.Samples(around(rnd, 100, 30), base),
                "latency-p50", new CanaryJudge.Samples(around(rnd, 100, 30), base),
                "latency-p99", new CanaryJudge.Samples(around(rnd, 180, 30), base)));
        assertThat(r.score()).isEqualTo(87.5);
        assertThat(r.groupScores()).containsEntry("latency", 50.0).containsEntry("errors", 100.0);
        assertThat(r.result()).isEqualTo(JudgeResult.MARGINAL);
        assertThat(r.reason()).contains("latency-p99 HIGH");
        // errors worse instead: (3·0 + 1·100)/4 = 25 → FAIL
        JudgeReport f = new CanaryJudge(cfg).judge(Map.of(
                "errors", new CanaryJudge.Samples(around(rnd, 300, 30), base),
                "latency-p50", new CanaryJudge.Samples(around(rnd, 100, 30), base),
                "latency-p99", new CanaryJudge.Samples(around(rnd, 100, 30), base)));
        assertThat(f.score()).isEqualTo(25.0);
        assertThat(f.result()).isEqualTo(JudgeResult.FAIL);
    }

    @Test
    void aFailingCriticalMetricFailsTheRunAndMissingSamplesAreNoData() {
        Random rnd = new Random(6);
        JudgeConfig cfg = new JudgeConfig(List.of(metric("errors", Direction.INCREASE, true, null), metric("a", Direction.EITHER, false, null),
                metric("b", Direction.EITHER, false, null), metric("c", Direction.EITHER, false, null)), null, null, null);
        double[] base = around(rnd, 100, 30);
        JudgeReport r = new CanaryJudge(cfg).judge(Map.of(
                "errors", new CanaryJudge.Samples(around(rnd, 150, 30), base),
                "a", new CanaryJudge.Samples(around(rnd, 100, 30), base),
                "b", new CanaryJudge.Samples(around(rnd, 100, 30), base),
                "c", new CanaryJudge.Samples(around(rnd, 100, 30), base)));
        assertThat(r.result()).isEqualTo(JudgeResult.FAIL);
        assertThat(r.score()).isZero();
        assertThat(r.reason()).isEqualTo("critical metric failed: errors");
        JudgeReport none = new CanaryJudge(cfg).judge(Map.of());
        assertThat(none.result()).isEqualTo(JudgeResult.FAIL);
        assertThat(none.metrics()).allMatch(m -> m.classification() == Classification.NODATA);
    }

    private static double expectedP(double[] x, double[] y) {
        return new MannWhitneyUTest().mannWhitneyUTest(x, y);
    }
}
