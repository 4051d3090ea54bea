package io.jenkins.plugins.aigovernance.core.canary;

import static io.jenkins.plugins.aigovernance.core.canary.ScriptedMetrics.down;
import static io.jenkins.plugins.aigovernance.core.canary.ScriptedMetrics.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.canary.judge.Direction;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeConfig;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeMetric;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {

    private static final String ERRORS = "error_rate";
    private final ManualClock clock = new ManualClock();
    private final ScriptedMetrics metrics = new ScriptedMetrics();
    private final List<Integer> weights = new ArrayList<>();
    private final List<CanaryVerdict> rollbacks = new ArrayList<>();
    private final List<Measurement> streamed = new ArrayList<>();

    private static CanaryMetric errorRate(int count) {
        return CanaryMetric.of("error-rate", ERRORS, "result[0] < 0.05", TimeSpan.of("10s"), count);
    }

    private static CanaryPlan plan(List<CanaryMetric> m, CanaryStep... steps) {
        return new CanaryPlan("test", null, m, null, List.of(steps), null);
    }

    private static CanaryPlan threeSteps(CanaryMetric... m) {
        return plan(List.of(m), CanaryStep.weight(5), CanaryStep.analyse(), CanaryStep.weight(20), CanaryStep.analyse(), CanaryStep.weight(100),
                CanaryStep.analyse());
    }

    private CanaryVerdict run(CanaryPlan p) {
        return new CanaryAnalysis(metrics, clock, clock).run(p.requireValid("test"), weights::add, rollbacks::add, new CanaryListener() {
            @Override
            public void measured(Measurement m) {
                streamed.add(m);
            }
        });
    }

    @Test
    void healthyCanaryIsPromotedThroughEveryStep() {
        metrics.always(ERRORS, 0.01);
        CanaryVerdict v = run(threeSteps(errorRate(3)));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(weights).containsExactly(5, 20, 100);
        assertThat(v.weight()).isEqualTo(100);
        assertThat(v.measurements()).hasSize(9).allMatch(m -> m.phase() == MeasurementPhase.SUCCESSFUL);
        assertThat(streamed).isEqualTo(v.measurements());
        assertThat(rollbacks).isEmpty();
        // three measurements 10 s apart per step, taken at once, +10 s, +20 s: the clock only moved through the sleeper
        assertThat(Duration.between(v.startedAt(), v.finishedAt())).isEqualTo(Duration.ofSeconds(60));
        assertThat(v.measurements().get(1).startedAt()).isEqualTo(v.measurements().get(0).startedAt().plusSeconds(10));
    }

    @Test
    void aFailingMetricRollsBackAtItsStepNamingMetricAndValues() {
        metrics.always(ERRORS, 0.01);
        CanaryVerdict v = new CanaryAnalysis(metrics, clock, clock).run(threeSteps(errorRate(3)), w -> {
            weights.add(w);
            if (w == 20) {
                metrics.always(ERRORS, 0.30);
            }
        }, rollbacks::add, CanaryListener.NONE);
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(weights).containsExactly(5, 20);
        assertThat(v.failedStep()).isEqualTo(3);
        assertThat(v.failedMetric()).isEqualTo("error-rate");
        assertThat(v.failedValues()).containsExactly(0.30);
        assertThat(v.weight()).isEqualTo(20);
        assertThat(v.reason()).contains("step 3 at 20%").contains("error-rate FAILED").contains("[0.3]");
        assertThat(v.rolledBack()).isTrue();
        assertThat(rollbacks).singleElement().satisfies(r -> assertThat(r.failedMetric()).isEqualTo("error-rate"));
        // the failure ends the step at once: 3 measurements in step 1, one in step 3
        assertThat(v.measurements()).hasSize(4);
    }

    @Test
    void failureLimitToleratesFailures() {
        CanaryMetric m = new CanaryMetric("error-rate", ERRORS, "result[0] < 0.05", null, TimeSpan.of("1s"), null, 4, 1, null, null, null, null,
                null, null);
        metrics.then(ERRORS, values(0.5)).always(ERRORS, 0.01);
        assertThat(run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse())).outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        metrics.then(ERRORS, values(0.5), values(0.01), values(0.5));
        CanaryVerdict v = run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.steps().get(1).metrics().get(0).failed()).isEqualTo(2);
    }

    @Test
    void emptyResultIndexedIsAnErrorNeverASuccess() {
        metrics.always(ERRORS);
        CanaryMetric m = new CanaryMetric("error-rate", ERRORS, "result[0] < 0.05", null, TimeSpan.of("1s"), null, 5, null, null, 2, null, null,
                null, null);
        CanaryVerdict v = run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.measurements()).hasSize(3).allMatch(x -> x.phase() == MeasurementPhase.ERROR);
        assertThat(v.measurements().get(0).message()).contains("the result is empty");
        assertThat(v.reason()).contains("3 consecutive error(s), over the consecutiveErrorLimit of 2");
    }

    @Test
    void unreachableServerErrorsPauseWhenThePlanSaysSo() {
        metrics.then(ERRORS, down(), down());
        CanaryMetric m = new CanaryMetric("error-rate", ERRORS, "result[0] < 0.05", null, TimeSpan.of("1s"), null, 5, null, null, 1, null, null,
                null, null);
        CanaryPlan p = new CanaryPlan("p", null, List.of(m), null, List.of(CanaryStep.weight(10), CanaryStep.analyse()), OnError.PAUSE);
        CanaryVerdict v = run(p);
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        assertThat(v.nextStep()).isEqualTo(1);
        assertThat(v.measurements()).extracting(Measurement::message).allMatch(s -> s.contains("unreachable"));
        assertThat(rollbacks).isEmpty();
    }

    @Test
    void vacuousSuccessOnNoDataOrNaNIsInconclusiveAndPauses() {
        CanaryMetric all = CanaryMetric.of("latency", "p99", "all(result, {# < 1.5})", TimeSpan.of("1s"), 1);
        metrics.always("p99");
        CanaryVerdict empty = run(plan(List.of(all), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(empty.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        assertThat(empty.measurements().get(0).phase()).isEqualTo(MeasurementPhase.INCONCLUSIVE);
        assertThat(empty.measurements().get(0).message()).contains("no data");
        CanaryMetric notFailing = CanaryMetric.of("errors", ERRORS, "!(result[0] > 0.05)", TimeSpan.of("1s"), 1);
        metrics.always(ERRORS, Double.NaN);
        CanaryVerdict nan = run(plan(List.of(notFailing), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(nan.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        assertThat(nan.measurements().get(0).message()).contains("NaN");
    }

    @Test
    void neitherConditionIsInconclusiveWithinLimitsThenPaused() {
        CanaryMetric m = new CanaryMetric("errors", ERRORS, "result[0] < 0.01", "result[0] > 0.1", TimeSpan.of("1s"), null, 3, null, 1, null,
                null, null, null, null);
        metrics.then(ERRORS, values(0.05)).always(ERRORS, 0.001);
        assertThat(run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse())).outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        metrics.then(ERRORS, values(0.05), values(0.05));
        CanaryVerdict v = run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        assertThat(v.reason()).contains("inconclusive").contains("inconclusiveLimit of 1");
        metrics.then(ERRORS, values(0.5));
        assertThat(run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse())).failedValues()).containsExactly(0.5);
    }

    @Test
    void dryRunMetricsAreReportedButNeverDecide() {
        CanaryMetric dry = new CanaryMetric("new-metric", "q2", "result[0] < 1", null, TimeSpan.of("1s"), null, 2, null, null, null, null, true,
                null, null);
        metrics.always(ERRORS, 0.01).always("q2", 5.0);
        CanaryVerdict v = run(plan(List.of(errorRate(2), dry), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        MetricResult dryResult = v.steps().get(1).metrics().get(1);
        assertThat(dryResult.dryRun()).isTrue();
        assertThat(dryResult.phase()).isEqualTo(MeasurementPhase.FAILED);
        assertThat(v.measurements()).filteredOn(Measurement::dryRun).allMatch(x -> x.phase() == MeasurementPhase.FAILED);
    }

    @Test
    void consecutiveSuccessLimitEndsEarly() {
        CanaryMetric m = new CanaryMetric("errors", ERRORS, "result[0] < 0.05", null, TimeSpan.of("30s"), null, 20, null, null, null, 3, null,
                null, null);
        metrics.always(ERRORS, 0.0);
        CanaryVerdict v = run(plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(v.measurements()).hasSize(3);
        assertThat(v.steps().get(1).metrics().get(0).message()).contains("3 consecutive successes");
    }

    @Test
    void baselineComparisonFeedsTheComparedValueToTheCondition() {
        CanaryMetric ratio = new CanaryMetric("latency-vs-baseline", "canary_p99", "result[0] <= 1.2", null, TimeSpan.of("1s"), null, 1, null,
                null, null, null, null, "baseline_p99", null);
        metrics.always("canary_p99", 0.30).always("baseline_p99", 0.20);
        CanaryVerdict v = run(plan(List.of(ratio), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        Measurement m = v.measurements().get(0);
        assertThat(m.values()).containsExactly(0.30);
        assertThat(m.baselineValues()).containsExactly(0.20);
        assertThat(m.compared().get(0)).isCloseTo(1.5, org.assertj.core.api.Assertions.within(1e-12));
        CanaryMetric diff = new CanaryMetric("d", "canary_p99", "result[0] < 0.2", null, TimeSpan.of("1s"), null, 1, null, null, null, null,
                null, "baseline_p99", Comparison.DIFFERENCE);
        assertThat(run(plan(List.of(diff), CanaryStep.weight(10), CanaryStep.analyse())).outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        metrics.always("baseline_p99", 0.1, 0.2);
        assertThat(run(plan(List.of(diff), CanaryStep.weight(10), CanaryStep.analyse())).measurements().get(0).message())
                .contains("cannot be compared");
    }

    @Test
    void failingTrafficActionRollsBackAndRollbackFailuresAreRecorded() {
        metrics.always(ERRORS, 0.0);
        CanaryVerdict v = new CanaryAnalysis(metrics, clock, clock).run(threeSteps(errorRate(1)), w -> {
            if (w == 20) {
                throw new IllegalStateException("kubectl failed");
            }
        }, r -> {
            throw new IllegalStateException("rollback failed too");
        }, CanaryListener.NONE);
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.reason()).contains("traffic action for weight 20 failed").contains("kubectl failed");
        assertThat(v.weight()).isEqualTo(5);
        assertThat(v.rolledBack()).isFalse();
        assertThat(v.rollbackError()).contains("rollback failed too");
    }

    @Test
    void metricsOfOneStepInterleaveByDueTimeAndPausesUseTheSleeper() {
        CanaryMetric fast = CanaryMetric.of("fast", "a", "result[0] < 1", TimeSpan.of("10s"), 3);
        CanaryMetric slow = new CanaryMetric("slow", "b", "result[0] < 1", null, TimeSpan.of("25s"), TimeSpan.of("5s"), 2, null, null, null,
                null, null, null, null);
        metrics.always("a", 0.0).always("b", 0.0);
        CanaryVerdict v = run(plan(List.of(fast, slow), CanaryStep.weight(10), CanaryStep.pauseFor(TimeSpan.of("1m")), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(metrics.asked).containsExactly("a", "b", "a", "a", "b");
        assertThat(Duration.between(v.startedAt(), v.finishedAt())).isEqualTo(Duration.ofSeconds(60 + 30));
    }

    @Test
    void aPausedRunContinuesFromItsNextStep() {
        CanaryMetric m = new CanaryMetric("errors", ERRORS, "result[0] < 0.01", "result[0] > 0.1", TimeSpan.of("1s"), null, 1, null, null, null,
                null, null, null, null);
        metrics.then(ERRORS, values(0.05)).always(ERRORS, 0.001);
        CanaryPlan p = plan(List.of(m), CanaryStep.weight(10), CanaryStep.analyse(), CanaryStep.weight(100), CanaryStep.analyse());
        CanaryVerdict paused = run(p);
        assertThat(paused.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        CanaryVerdict resumed = new CanaryAnalysis(metrics, clock, clock).run(p, paused.nextStep() + 1, paused.weight(), weights::add,
                rollbacks::add, CanaryListener.NONE);
        assertThat(resumed.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(weights).containsExactly(10, 100);
    }

    @Test
    void judgeStepUsesTheStatisticalJudge() {
        JudgeConfig judge = new JudgeConfig(List.of(new JudgeMetric("latency", "canary_lat", "base_lat", Direction.INCREASE, 0.1, 0.95, null,
                true, null, null)), null, null, null);
        CanaryPlan p = new CanaryPlan("j", null, List.of(), judge, List.of(CanaryStep.weight(10),
                new CanaryStep(null, null, null, new CanaryStep.JudgeStep(TimeSpan.of("1m"), TimeSpan.of("5s")))), null);
        metrics.always("base_lat", 0.10, 0.11, 0.10, 0.12, 0.11, 0.10, 0.11, 0.12);
        metrics.always("canary_lat", 0.10, 0.12, 0.11, 0.10, 0.11, 0.12, 0.10, 0.11);
        CanaryVerdict ok = run(p);
        assertThat(ok.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(ok.steps().get(1).judge().score()).isEqualTo(100.0);
        metrics.always("canary_lat", 0.30, 0.32, 0.31, 0.35, 0.33, 0.30, 0.31, 0.34);
        CanaryVerdict bad = run(p);
        assertThat(bad.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(bad.failedMetric()).isEqualTo("latency");
        assertThat(bad.reason()).contains("critical metric failed: latency");
    }

    private static CanaryMetric metric(String name, String query, int count, Integer errorLimit, Integer successLimit, Integer failureLimit) {
        return new CanaryMetric(name, query, "result[0] < 0.05", null, TimeSpan.of("10s"), null, count, failureLimit, null, errorLimit,
                successLimit, null, null, null);
    }

    @Test
    void errorsAreRetriedAndDoNotUseUpTheCount() {
        // issue 17, item 1: one success, then Prometheus unreachable: never PROMOTE
        metrics.then(ERRORS, values(0.01)).then(ERRORS, down(), down(), down(), down(), down());
        CanaryVerdict v = run(plan(List.of(metric("e", ERRORS, 5, null, null, null)), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.measurements()).hasSize(6);
        assertThat(v.reason()).contains("5 consecutive error(s), over the consecutiveErrorLimit of 4");
        // errors are retried after min(interval, 10 s)
        assertThat(Duration.between(v.measurements().get(1).startedAt(), v.measurements().get(2).startedAt())).isEqualTo(Duration.ofSeconds(10));
        // issue 17, item 2: count 1 and one transient error: retried, then promoted
        metrics.then(ERRORS, down()).always(ERRORS, 0.01);
        CanaryVerdict ok = run(plan(List.of(metric("e", ERRORS, 1, null, null, null)), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(ok.outcome()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(ok.steps().get(1).metrics().get(0).errors()).isEqualTo(1);
        assertThat(ok.steps().get(1).metrics().get(0).message()).contains("1 error(s) retried");
    }

    @Test
    void consecutiveSuccessLimitNotReachedIsInconclusive() {
        metrics.then(ERRORS, values(0.01), values(0.5), values(0.01)).always(ERRORS, 0.01);
        CanaryVerdict v = run(plan(List.of(metric("e", ERRORS, 4, null, 3, 1)), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        assertThat(v.reason()).contains("consecutiveSuccessLimit of 3 was not reached in 4");
    }

    @Test
    void theWorstPhaseOfARoundWinsWhateverTheOrder() {
        // issue 17, item 4: an error in one metric and a failure in the other in the same round
        CanaryMetric broken = metric("broken", "b", 3, 0, null, null);
        CanaryMetric failing = metric("failing", "f", 3, null, null, null);
        metrics.always("f", 0.5);
        for (List<CanaryMetric> order : List.of(List.of(broken, failing), List.of(failing, broken))) {
            metrics.asked.clear();
            CanaryVerdict v = run(plan(order, CanaryStep.weight(10), CanaryStep.analyse()));
            assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
            assertThat(v.steps().get(1).phase()).isEqualTo(MeasurementPhase.FAILED);
            assertThat(v.failedMetric()).isEqualTo("failing");
            assertThat(metrics.asked).containsExactlyInAnyOrder("b", "f");
        }
    }

    @Test
    void anInconclusiveMetricStopsNewMeasurementsOfEveryMetric() {
        CanaryMetric unsure = new CanaryMetric("unsure", "u", "result[0] < 0.01", "result[0] > 0.1", TimeSpan.of("10s"), null, 3, null, null,
                null, null, null, null, null);
        CanaryMetric slow = new CanaryMetric("slow", "s", "result[0] < 1", null, TimeSpan.of("10s"), TimeSpan.of("20s"), 3, null, null, null,
                null, null, null, null);
        metrics.always("u", 0.05).always("s", 0.0);
        CanaryVerdict v = run(plan(List.of(unsure, slow), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        assertThat(metrics.asked).containsExactly("u");
        assertThat(v.steps().get(1).metrics().get(1).message()).contains("not finished: no new measurements after unsure ended INCONCLUSIVE");
    }

    @Test
    void aPlanWhoseEveryMetricIsDryRunIsRefused() {
        CanaryMetric dry = new CanaryMetric("d", "q", "result[0] < 1", null, TimeSpan.of("1s"), null, 1, null, null, null, null, true, null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan(List.of(dry), CanaryStep.weight(10), CanaryStep.analyse())
                .requireValid("p")).hasMessageContaining("not dryRun");
    }

    @Test
    void errorsRetryAfterTenSecondsOrTheShorterInterval() {
        CanaryMetric slow = new CanaryMetric("e", ERRORS, "result[0] < 0.05", null, TimeSpan.of("1m"), null, 1, null, null, 1, null, null, null,
                null);
        metrics.always(ERRORS, 0.01).then(ERRORS, down(), down());
        CanaryVerdict v = run(plan(List.of(slow), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(Duration.between(v.measurements().get(0).startedAt(), v.measurements().get(1).startedAt())).isEqualTo(Duration.ofSeconds(10));
        CanaryMetric fast = new CanaryMetric("e", ERRORS, "result[0] < 0.05", null, TimeSpan.of("2s"), null, 1, null, null, 1, null, null, null,
                null);
        metrics.then(ERRORS, down(), down());
        CanaryVerdict f = run(plan(List.of(fast), CanaryStep.weight(10), CanaryStep.analyse()));
        assertThat(Duration.between(f.measurements().get(0).startedAt(), f.measurements().get(1).startedAt())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void everyJudgeMetricIsQueriedBeforeAnErrorDecides() {
        JudgeConfig judge = new JudgeConfig(List.of(
                new JudgeMetric("broken", "canary_broken", "base_broken", Direction.INCREASE, 0.1, 0.95, null, false, null, null),
                new JudgeMetric("latency", "canary_lat", "base_lat", Direction.INCREASE, 0.1, 0.95, null, false, null, null)), null, null, null);
        CanaryPlan p = new CanaryPlan("j", null, List.of(), judge, List.of(CanaryStep.weight(10),
                new CanaryStep(null, null, null, new CanaryStep.JudgeStep(TimeSpan.of("1m"), TimeSpan.of("5s")))), null);
        metrics.then("canary_broken", down()).always("base_broken", 1.0).always("canary_lat", 1.0).always("base_lat", 1.0);
        CanaryVerdict v = run(p);
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.steps().get(1).phase()).isEqualTo(MeasurementPhase.ERROR);
        assertThat(v.failedMetric()).isEqualTo("broken");
        assertThat(metrics.asked).contains("canary_broken", "canary_lat", "base_lat");
    }

    @Test
    void theVerdictHasAStableJsonForm() throws Exception {
        metrics.always(ERRORS, Double.NaN);
        CanaryVerdict v = run(threeSteps(errorRate(1)));
        JsonNode json = JsonDocuments.newMapper().valueToTree(v);
        // NaN < 0.05 is false: a failed measurement, never a pass
        assertThat(json.path("outcome").asText()).isEqualTo("ROLLBACK");
        assertThat(json.path("measurements").get(0).path("values").get(0).asText()).isEqualTo("NaN");
        assertThat(json.path("steps").get(1).path("metrics").get(0).path("phase").asText()).isEqualTo("FAILED");
        assertThat(json.path("startedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }
}
