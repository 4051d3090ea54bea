package io.jenkins.plugins.aigovernance.core.canary;

import static io.jenkins.plugins.aigovernance.core.canary.ScriptedMetrics.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.canary.judge.Direction;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeConfig;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canary engine as a reconcile function: persisted between calls, it decides as the blocking loop does. */
class CanaryReconcilerTest {

    private static final String ERRORS = "error_rate";
    private static final ObjectMapper JSON = JsonDocuments.newMapper();

    private final ManualClock clock = new ManualClock();
    private final ScriptedMetrics metrics = new ScriptedMetrics();
    private final CanaryReconciler engine = new CanaryReconciler(metrics, clock);

    private static CanaryMetric errors(int count, String failure) {
        return new CanaryMetric("errors", ERRORS, "result[0] < 0.01", failure, TimeSpan.of("10s"), null, count, null, null, null, null, null, null,
                null);
    }

    private static CanaryPlan plan(CanaryMetric m, CanaryStep... steps) {
        return new CanaryPlan("checkout", null, List.of(m), null, List.of(steps), null).requireValid("test");
    }

    /** Persists the progress as a front end does (JSON text) and reads it back, as after a controller restart. */
    private static CanaryProgress restart(CanaryProgress p) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(p), CanaryProgress.class);
    }

    /** Drives a run to its verdict, persisting and re-reading the progress after every reconciliation. */
    private CanaryVerdict reconcileThroughRestarts(CanaryPlan plan, List<Integer> weights, List<CanaryNext.Kind> kinds) throws Exception {
        CanaryProgress p = engine.start(plan, 0, 0);
        while (true) {
            CanaryNext next = engine.reconcile(plan, restart(p), CanaryListener.NONE);
            kinds.add(next.kind());
            p = restart(next.progress());
            switch (next.kind()) {
                case SET_WEIGHT -> {
                    weights.add(next.weight());
                    p = engine.trafficMoved(plan, p, CanaryListener.NONE);
                }
                case WAIT -> clock.sleep(Duration.between(clock.instant(), next.until()));
                case DECIDED -> {
                    return next.verdict();
                }
            }
        }
    }

    @Test
    void aRunPersistedAfterEveryReconciliationDecidesAsTheBlockingLoop() throws Exception {
        CanaryPlan p = plan(errors(3, "result[0] > 0.1"), CanaryStep.weight(20), CanaryStep.pauseFor(TimeSpan.of("30s")), CanaryStep.analyse(),
                CanaryStep.weight(100), CanaryStep.analyse());
        metrics.always(ERRORS, 0.001);
        List<Integer> weights = new ArrayList<>();
        List<CanaryNext.Kind> kinds = new ArrayList<>();
        CanaryVerdict scheduled = reconcileThroughRestarts(p, weights, kinds);

        ManualClock other = new ManualClock();
        List<Integer> blockingWeights = new ArrayList<>();
        CanaryVerdict blocking = new CanaryAnalysis(metrics, other, other).run(p, blockingWeights::add, v -> { }, CanaryListener.NONE);

        assertThat(scheduled.outcome()).isEqualTo(CanaryOutcome.PROMOTE).isEqualTo(blocking.outcome());
        assertThat(weights).containsExactly(20, 100).isEqualTo(blockingWeights);
        assertThat(scheduled.measurements()).hasSize(6).isEqualTo(blocking.measurements());
        assertThat(scheduled.steps()).isEqualTo(blocking.steps());
        // the pause and the two waits between the three measurements of each analysis were scheduled, not slept through
        assertThat(kinds.stream().filter(k -> k == CanaryNext.Kind.WAIT).count()).isEqualTo(5);
        assertThat(Duration.between(scheduled.startedAt(), scheduled.finishedAt())).isEqualTo(Duration.ofSeconds(30 + 20 + 20));
    }

    @Test
    void aRestartInTheMiddleOfAnAnalysisKeepsItsCountedMeasurements() throws Exception {
        CanaryPlan p = plan(errors(3, "result[0] > 0.1"), CanaryStep.weight(20), CanaryStep.analyse());
        metrics.then(ERRORS, values(0.001), values(0.5));
        CanaryProgress started = engine.trafficMoved(p, engine.reconcile(p, engine.start(p, 0, 0), CanaryListener.NONE).progress(),
                CanaryListener.NONE);
        CanaryNext first = engine.reconcile(p, started, CanaryListener.NONE);
        assertThat(first.kind()).isEqualTo(CanaryNext.Kind.WAIT);
        CanaryProgress persisted = restart(first.progress());
        assertThat(persisted.metrics()).singleElement().satisfies(m -> {
            assertThat(m.taken()).isEqualTo(1);
            assertThat(m.successful()).isEqualTo(1);
            assertThat(m.nextDue()).isEqualTo(first.until());
        });

        // reconciling before the next measurement is due measures nothing
        CanaryNext early = engine.reconcile(p, persisted, CanaryListener.NONE);
        assertThat(early.kind()).isEqualTo(CanaryNext.Kind.WAIT);
        assertThat(metrics.asked).hasSize(1);

        clock.sleep(Duration.ofSeconds(10));
        CanaryNext decided = engine.reconcile(p, restart(early.progress()), CanaryListener.NONE);
        assertThat(decided.kind()).isEqualTo(CanaryNext.Kind.DECIDED);
        assertThat(decided.verdict().outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(decided.verdict().failedValues()).containsExactly(0.5);
        assertThat(decided.verdict().measurements()).hasSize(2);
    }

    @Test
    void aPendingTrafficActionIsAskedAgainAndHeardOnce() {
        CanaryPlan p = plan(errors(1, null), CanaryStep.weight(20), CanaryStep.analyse());
        List<Integer> heard = new ArrayList<>();
        CanaryListener listener = new CanaryListener() {
            @Override
            public void weight(int step, int weight) {
                heard.add(weight);
            }
        };
        CanaryNext first = engine.reconcile(p, engine.start(p, 0, 0), listener);
        CanaryNext again = engine.reconcile(p, first.progress(), listener);
        assertThat(again.kind()).isEqualTo(CanaryNext.Kind.SET_WEIGHT);
        assertThat(again.weight()).isEqualTo(20);
        assertThat(heard).containsExactly(20);
        assertThatThrownBy(() -> engine.trafficMoved(p, engine.start(p, 0, 0), listener))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no traffic action is pending");
    }

    @Test
    void aFailedTrafficActionAndAnInterruptionRollBack() {
        CanaryPlan p = plan(errors(1, null), CanaryStep.weight(20), CanaryStep.analyse());
        CanaryNext pending = engine.reconcile(p, engine.start(p, 0, 0), CanaryListener.NONE);
        CanaryVerdict failed = engine.trafficFailed(p, pending.progress(), "exit code 1", CanaryListener.NONE).verdict();
        assertThat(failed.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(failed.reason()).isEqualTo("the traffic action for weight 20 failed: exit code 1");
        assertThat(failed.steps()).singleElement().satisfies(s -> assertThat(s.phase()).isEqualTo(MeasurementPhase.ERROR));

        metrics.always(ERRORS, 0.001);
        CanaryProgress moved = engine.trafficMoved(p, pending.progress(), CanaryListener.NONE);
        CanaryVerdict interrupted = engine.interrupted(p, moved).verdict();
        assertThat(interrupted.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(interrupted.reason()).isEqualTo("the run was interrupted at step 1");
        assertThat(interrupted.weight()).isEqualTo(20);
        assertThat(interrupted.rolledBack()).isFalse();
        assertThat(interrupted.withRollback(true, null).rolledBack()).isTrue();
    }

    @Test
    void aProgressIsContinuedWithItsOwnPlanOnly() {
        CanaryPlan p = plan(errors(1, null), CanaryStep.weight(20), CanaryStep.analyse());
        CanaryPlan other = new CanaryPlan("payments", null, p.metrics(), null, p.steps(), null).requireValid("test");
        CanaryProgress progress = engine.start(p, 0, 0);
        assertThatThrownBy(() -> engine.reconcile(other, progress, CanaryListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to plan checkout, not payments");
        assertThatThrownBy(() -> engine.start(p, 3, 0)).hasMessageContaining("has no step 3");
    }

    @Test
    void aPausedRunContinuesFromThePersistedNextStep() throws Exception {
        CanaryPlan p = plan(errors(1, "result[0] > 0.1"), CanaryStep.weight(10), CanaryStep.analyse(), CanaryStep.weight(100), CanaryStep.analyse());
        metrics.then(ERRORS, values(0.05)).always(ERRORS, 0.001);
        List<Integer> weights = new ArrayList<>();
        CanaryVerdict paused = reconcileThroughRestarts(p, weights, new ArrayList<>());
        assertThat(paused.outcome()).isEqualTo(CanaryOutcome.PAUSED);
        CanaryProgress resumed = restart(engine.start(p, paused.nextStep() + 1, paused.weight()));
        CanaryNext next = engine.reconcile(p, resumed, CanaryListener.NONE);
        assertThat(next.kind()).isEqualTo(CanaryNext.Kind.SET_WEIGHT);
        assertThat(next.weight()).isEqualTo(100);
        assertThat(next.progress().weight()).isEqualTo(10);
    }

    @Test
    void judgeStepsAndNaNMeasurementsSurviveThePersistedForm() throws Exception {
        JudgeConfig judge = new JudgeConfig(List.of(new JudgeMetric("latency", "canary_lat", "base_lat", Direction.INCREASE, 0.1, 0.95, null,
                true, null, null)), null, null, null);
        CanaryMetric errors = errors(2, null);
        CanaryPlan p = new CanaryPlan("checkout", null, List.of(errors), judge, List.of(CanaryStep.weight(10),
                new CanaryStep(null, null, null, new CanaryStep.JudgeStep(TimeSpan.of("1m"), TimeSpan.of("5s"))), CanaryStep.analyse()), null)
                .requireValid("test");
        metrics.always("base_lat", 0.10, 0.11, 0.10, 0.12, 0.11, 0.10, 0.11, 0.12);
        metrics.always("canary_lat", 0.10, 0.12, 0.11, 0.10, 0.11, 0.12, 0.10, 0.11);
        metrics.then(ERRORS, values(Double.NaN)).always(ERRORS, 0.001);
        CanaryVerdict v = reconcileThroughRestarts(p, new ArrayList<>(), new ArrayList<>());
        assertThat(v.steps().get(1).judge().score()).isEqualTo(100.0);
        assertThat(v.measurements().get(0).values().get(0)).isNaN();
        // NaN < 0.01 is false: the first measurement failed, the metric (failureLimit 0) rolls back
        assertThat(v.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
    }
}
