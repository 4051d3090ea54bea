package io.jenkins.plugins.aigovernance.core.canary;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs a {@link CanaryPlan}: moves traffic through the caller's {@link TrafficAction}, waits,
 * measures metrics and decides. The first failing step ends the run with ROLLBACK (and the
 * {@link RollbackAction} runs); an inconclusive step ends it with PAUSED for a person; a metric in
 * ERROR rolls back (or pauses, as the plan says). Only a plan whose every analysis passed is PROMOTE.
 *
 * <p>Time comes from the injected {@link Clock} and waits go through the injected {@link Sleeper},
 * so the loop is tested without sleeping. Metrics of one analysis step are measured in rounds (all
 * metrics due at one instant, on the calling thread) and assessed after each round.
 */
public final class CanaryAnalysis {

    private final MetricProvider provider;
    private final Clock clock;
    private final Sleeper sleeper;

    public CanaryAnalysis(MetricProvider provider, Clock clock, Sleeper sleeper) {
        this.provider = provider;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Runs the whole plan. */
    public CanaryVerdict run(CanaryPlan plan, TrafficAction traffic, RollbackAction rollback, CanaryListener listener) {
        return run(plan, 0, 0, traffic, rollback, listener);
    }

    /**
     * Runs the plan from step {@code fromStep} (to continue a paused run) with the canary currently at {@code weight}:
     * {@link CanaryReconciler} in a loop, waiting through the {@link Sleeper} and moving traffic on this thread.
     */
    public CanaryVerdict run(CanaryPlan plan, int fromStep, int weight, TrafficAction traffic, RollbackAction rollback, CanaryListener listener) {
        CanaryReconciler engine = new CanaryReconciler(provider, clock);
        CanaryProgress progress = engine.start(plan, fromStep, weight);
        CanaryVerdict v = null;
        while (v == null) {
            CanaryNext next = engine.reconcile(plan, progress, listener);
            progress = next.progress();
            try {
                switch (next.kind()) {
                    case SET_WEIGHT -> {
                        try {
                            traffic.setWeight(next.weight());
                            progress = engine.trafficMoved(plan, progress, listener);
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            v = engine.trafficFailed(plan, progress, e.toString(), listener).verdict();
                        }
                    }
                    case WAIT -> {
                        Duration wait = Duration.between(clock.instant(), next.until());
                        if (!wait.isNegative() && !wait.isZero()) {
                            sleeper.sleep(wait);
                        }
                    }
                    case DECIDED -> v = next.verdict();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                v = engine.interrupted(plan, progress).verdict();
            }
        }
        if (v.outcome() == CanaryOutcome.ROLLBACK) {
            try {
                rollback.rollback(v);
                v = v.withRollback(true, null);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                v = v.withRollback(false, e.toString());
            }
        }
        return v;
    }
}
