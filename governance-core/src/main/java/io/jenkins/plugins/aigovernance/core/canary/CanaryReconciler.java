package io.jenkins.plugins.aigovernance.core.canary;

import io.jenkins.plugins.aigovernance.core.canary.expr.ExpressionException;
import io.jenkins.plugins.aigovernance.core.canary.judge.CanaryJudge;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeMetric;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canary engine as a reconcile function (as Argo Rollouts' controller reconciles a rollout):
 * given a plan and the persisted {@link CanaryProgress}, it does everything that is due now - takes
 * the measurements that are due, assesses them, finishes steps - and says what the caller does next
 * ({@link CanaryNext}): move traffic, come back at an instant, or act on the verdict. It never sleeps
 * and never holds a thread across a wait, so a front end schedules the next reconciliation (Jenkins:
 * {@code jenkins.util.Timer}) and can persist the progress and continue after a restart.
 * {@link CanaryAnalysis} is the same engine as a blocking loop.
 *
 * <p>Rules (docs/canary.md): the first failing step ends the run with ROLLBACK; an inconclusive step
 * ends it with PAUSED for a person; a metric in ERROR rolls back (or pauses, as the plan says); only a
 * plan whose every analysis passed is PROMOTE. Metrics of one analysis step are measured in rounds
 * (every metric due at one instant) and assessed after each round.
 */
public final class CanaryReconciler {

    private final MetricProvider provider;
    private final Clock clock;

    public CanaryReconciler(MetricProvider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * The progress of a run about to start at step {@code fromStep} with the canary at {@code weight}
     * ({@code 0, 0} for a new run; the paused step's next step and weight to continue a paused run).
     *
     * @throws IllegalArgumentException when {@code fromStep} is outside the plan or {@code weight} outside 0..100
     */
    public CanaryProgress start(CanaryPlan plan, int fromStep, int weight) {
        if (fromStep < 0 || fromStep > plan.steps().size()) {
            throw new IllegalArgumentException("plan " + plan.name() + " has no step " + fromStep);
        }
        return new CanaryProgress(plan.name(), fromStep, weight, clock.instant(), null, null, null, List.of(), List.of(), List.of());
    }

    /**
     * Does what is due now and says what comes next. Calling it again before the instant of a WAIT
     * measures nothing; calling it while a SET_WEIGHT is pending repeats that SET_WEIGHT.
     *
     * @throws IllegalArgumentException when the progress belongs to another plan or names a step or metric it lacks
     */
    public CanaryNext reconcile(CanaryPlan plan, CanaryProgress progress, CanaryListener listener) {
        return new Run(plan, progress, listener).reconcile();
    }

    /** The traffic action of the pending SET_WEIGHT succeeded: the canary is at that weight; reconcile next. */
    public CanaryProgress trafficMoved(CanaryPlan plan, CanaryProgress progress, CanaryListener listener) {
        Run r = new Run(plan, progress, listener);
        r.requirePendingWeight();
        r.weight = r.pendingWeight;
        r.step(new StepResult(r.step, "setWeight", r.weight, MeasurementPhase.SUCCESSFUL, null, null, "canary at " + r.weight + "%",
                r.stepStartedAt, clock.instant()));
        r.nextStep();
        return r.progress();
    }

    /** The traffic action of the pending SET_WEIGHT failed with {@code error}: the run rolls back. */
    public CanaryNext trafficFailed(CanaryPlan plan, CanaryProgress progress, String error, CanaryListener listener) {
        Run r = new Run(plan, progress, listener);
        r.requirePendingWeight();
        int asked = r.pendingWeight;
        r.step(new StepResult(r.step, "setWeight", r.weight, MeasurementPhase.ERROR, null, null, "the traffic action failed: " + error,
                r.stepStartedAt, clock.instant()));
        return r.decided(r.verdict(CanaryOutcome.ROLLBACK, "the traffic action for weight " + asked + " failed: " + error, r.step, null, null,
                null));
    }

    /** The run was interrupted (a Jenkins abort, a stopped process): it rolls back (docs/canary.md). */
    public CanaryNext interrupted(CanaryPlan plan, CanaryProgress progress) {
        Run r = new Run(plan, progress, CanaryListener.NONE);
        return r.decided(r.verdict(CanaryOutcome.ROLLBACK, "the run was interrupted at step " + r.step, r.step, null, null, null));
    }

    /** One reconciliation's working copy of the progress. */
    private final class Run {
        private final CanaryPlan plan;
        private final CanaryListener listener;
        private final Instant startedAt;
        private final List<StepResult> steps;
        private final List<Measurement> measurements;
        private int step;
        private int weight;
        private Instant stepStartedAt;
        private Integer pendingWeight;
        private Instant pauseUntil;
        private List<MetricRun> metrics;

        Run(CanaryPlan plan, CanaryProgress p, CanaryListener listener) {
            if (!plan.name().equals(p.plan())) {
                throw new IllegalArgumentException("the canary progress belongs to plan " + p.plan() + ", not " + plan.name());
            }
            if (p.step() > plan.steps().size()) {
                throw new IllegalArgumentException("the canary progress is at step " + p.step() + "; plan " + plan.name() + " has "
                        + plan.steps().size());
            }
            this.plan = plan;
            this.listener = listener;
            this.startedAt = p.startedAt();
            this.steps = new ArrayList<>(p.steps());
            this.measurements = new ArrayList<>(p.measurements());
            this.step = p.step();
            this.weight = p.weight();
            this.stepStartedAt = p.stepStartedAt();
            this.pendingWeight = p.pendingWeight();
            this.pauseUntil = p.pauseUntil();
            this.metrics = new ArrayList<>();
            for (MetricProgress m : p.metrics()) {
                metrics.add(new MetricRun(plan.metric(m.metric()), m));
            }
        }

        CanaryProgress progress() {
            List<MetricProgress> ms = new ArrayList<>();
            for (MetricRun r : metrics) {
                ms.add(r.progress());
            }
            return new CanaryProgress(plan.name(), step, weight, startedAt, stepStartedAt, pendingWeight, pauseUntil, ms, steps, measurements);
        }

        CanaryNext decided(CanaryVerdict v) {
            return CanaryNext.decided(progress(), v);
        }

        void requirePendingWeight() {
            if (pendingWeight == null) {
                throw new IllegalArgumentException("no traffic action is pending at step " + step + " of plan " + plan.name());
            }
        }

        void nextStep() {
            step++;
            stepStartedAt = null;
            pendingWeight = null;
            pauseUntil = null;
            metrics = new ArrayList<>();
        }

        CanaryNext reconcile() {
            while (step < plan.steps().size()) {
                CanaryStep s = plan.steps().get(step);
                Instant now = clock.instant();
                switch (s.kind()) {
                    case "setWeight" -> {
                        if (pendingWeight == null) {
                            listener.weight(step, s.setWeight());
                            stepStartedAt = now;
                            pendingWeight = s.setWeight();
                        }
                        return CanaryNext.setWeight(progress(), pendingWeight);
                    }
                    case "pause" -> {
                        if (pauseUntil == null) {
                            listener.pause(step, s.pause());
                            stepStartedAt = now;
                            pauseUntil = now.plus(s.pause().duration());
                        }
                        if (pauseUntil.isAfter(now)) {
                            return CanaryNext.waitUntil(progress(), pauseUntil);
                        }
                        step(new StepResult(step, "pause", weight, MeasurementPhase.SUCCESSFUL, null, null, "paused " + s.pause(), stepStartedAt,
                                clock.instant()));
                        nextStep();
                    }
                    case "analysis" -> {
                        if (stepStartedAt == null) {
                            stepStartedAt = now;
                            List<CanaryMetric> chosen = s.analysis().metrics().isEmpty() ? plan.metrics()
                                    : s.analysis().metrics().stream().map(plan::metric).toList();
                            for (CanaryMetric m : chosen) {
                                metrics.add(new MetricRun(m, now.plus(m.initialDelay() == null ? Duration.ZERO : m.initialDelay().duration())));
                            }
                        }
                        Instant due = analyse();
                        if (due != null) {
                            return CanaryNext.waitUntil(progress(), due);
                        }
                        CanaryVerdict decided = finishAnalysis();
                        if (decided != null) {
                            return decided(decided);
                        }
                        nextStep();
                    }
                    default -> {
                        stepStartedAt = now;
                        CanaryVerdict decided = judge(s.judge());
                        if (decided != null) {
                            return decided(decided);
                        }
                        nextStep();
                    }
                }
            }
            return decided(verdict(CanaryOutcome.PROMOTE, "every analysis passed; the canary reached " + weight + "%", null, null, null, null));
        }

        /**
         * Measures every round that is due now, as Argo Rollouts' analysis controller does: every metric due at the same
         * instant is measured in that round, and only then are the metrics assessed, so the outcome does not depend on the
         * order of the list. Once a decisive (non-dry-run) metric ends FAILED, ERROR or INCONCLUSIVE no new measurement is
         * taken.
         *
         * @return when the next round is due (later than now), or {@code null} when the step is finished
         */
        private Instant analyse() {
            while (terminatedBy() == null) {
                Instant due = null;
                for (MetricRun r : metrics) {
                    if (r.phase == null && (due == null || r.nextDue.isBefore(due))) {
                        due = r.nextDue;
                    }
                }
                if (due == null) {
                    return null;
                }
                if (due.isAfter(clock.instant())) {
                    return due;
                }
                List<MetricRun> round = new ArrayList<>();
                for (MetricRun r : metrics) {
                    if (r.phase == null && !r.nextDue.isAfter(due)) {
                        round.add(r);
                    }
                }
                List<Measurement> taken = new ArrayList<>();
                for (MetricRun r : round) {
                    Measurement m = measure(r.metric, step);
                    taken.add(m);
                    measurements.add(m);
                    listener.measured(m);
                }
                Instant now = clock.instant();
                for (int k = 0; k < round.size(); k++) {
                    MetricRun r = round.get(k);
                    Measurement m = taken.get(k);
                    r.record(m);
                    r.nextDue = due.plus(m.phase() == MeasurementPhase.ERROR ? r.metric.errorRetryInterval() : r.metric.interval().duration());
                    if (r.nextDue.isBefore(now)) {
                        r.nextDue = now;
                    }
                }
            }
            return null;
        }

        /** The decisive metric that ended the step early (the worst phase, the first of equals), or {@code null}. */
        private MetricRun terminatedBy() {
            MetricRun by = null;
            for (MetricRun r : metrics) {
                if (!r.metric.dryRun() && r.phase != null && r.phase != MeasurementPhase.SUCCESSFUL && (by == null || rank(r.phase) > rank(by.phase))) {
                    by = r;
                }
            }
            return by;
        }

        /** The step's phase is the worst phase of its finished decisive metrics (SUCCESSFUL &lt; INCONCLUSIVE &lt; ERROR &lt; FAILED). */
        private CanaryVerdict finishAnalysis() {
            MetricRun terminatedBy = terminatedBy();
            List<MetricResult> results = new ArrayList<>();
            MeasurementPhase stepPhase = MeasurementPhase.SUCCESSFUL;
            MetricRun deciding = null;
            for (MetricRun r : metrics) {
                if (r.phase == null) {
                    r.stopped(terminatedBy);
                    results.add(r.result());
                    continue;
                }
                results.add(r.result());
                if (!r.metric.dryRun() && rank(r.phase) > rank(stepPhase)) {
                    stepPhase = r.phase;
                    deciding = r;
                }
            }
            String message = deciding == null ? "all metrics passed" : deciding.metric.name() + " " + deciding.phase + ": " + deciding.message;
            step(new StepResult(step, "analysis", weight, stepPhase, results, null, message, stepStartedAt, clock.instant()));
            return decide(step, stepPhase, deciding == null ? null : deciding.metric.name(), deciding == null ? null : deciding.lastEvaluated,
                    message);
        }

        private CanaryVerdict decide(int index, MeasurementPhase phase, String metric, List<Double> values, String message) {
            return switch (phase) {
                case SUCCESSFUL -> null;
                case FAILED -> verdict(CanaryOutcome.ROLLBACK, "step " + index + " at " + weight + "%: " + message, index, metric, values, null);
                case ERROR -> plan.onError() == OnError.ROLLBACK
                        ? verdict(CanaryOutcome.ROLLBACK, "step " + index + " at " + weight + "%: " + message, index, metric, values, null)
                        : verdict(CanaryOutcome.PAUSED, "step " + index + " at " + weight + "%: " + message, index, metric, values, index);
                case INCONCLUSIVE -> verdict(CanaryOutcome.PAUSED, "step " + index + " at " + weight + "% is inconclusive, a person decides: "
                        + message, index, metric, values, index);
            };
        }

        private CanaryVerdict judge(CanaryStep.JudgeStep j) {
            int index = step;
            Instant started = stepStartedAt;
            Instant end = clock.instant();
            Instant start = end.minus(j.lookback().duration());
            Map<String, CanaryJudge.Samples> samples = new LinkedHashMap<>();
            List<String> errors = new ArrayList<>();
            String firstError = null;
            for (JudgeMetric m : plan.judge().metrics()) {
                try {
                    double[] canary = provider.queryRange(m.canaryQuery(), start, end, j.step().duration()).stream().mapToDouble(Double::doubleValue)
                            .toArray();
                    double[] baseline = provider.queryRange(m.baselineQuery(), start, end, j.step().duration()).stream()
                            .mapToDouble(Double::doubleValue).toArray();
                    samples.put(m.name(), new CanaryJudge.Samples(canary, baseline));
                } catch (MetricQueryException e) {
                    firstError = firstError == null ? m.name() : firstError;
                    errors.add("judge metric " + m.name() + ": " + e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                // every metric was asked before deciding, so the report names all that could not be read
                String message = String.join("; ", errors);
                step(new StepResult(index, "judge", weight, MeasurementPhase.ERROR, null, null, message, started, clock.instant()));
                return decide(index, MeasurementPhase.ERROR, firstError, null, message);
            }
            JudgeReport report = new CanaryJudge(plan.judge()).judge(samples);
            MeasurementPhase phase = switch (report.result()) {
                case PASS -> MeasurementPhase.SUCCESSFUL;
                case MARGINAL -> MeasurementPhase.INCONCLUSIVE;
                case FAIL -> MeasurementPhase.FAILED;
            };
            String failing = report.metrics().stream().filter(c -> c.failed()).map(c -> c.name()).findFirst().orElse(null);
            step(new StepResult(index, "judge", weight, phase, null, report, "judge: " + report.reason(), started, clock.instant()));
            return decide(index, phase, failing, null, "judge " + report.result() + ", " + report.reason());
        }

        void step(StepResult s) {
            steps.add(s);
            listener.stepFinished(s);
        }

        CanaryVerdict verdict(CanaryOutcome outcome, String reason, Integer failedStep, String metric, List<Double> values, Integer next) {
            return new CanaryVerdict(plan.name(), outcome, reason, failedStep, metric, values, weight, next, steps, measurements, provider.describe(),
                    false, null, startedAt, clock.instant());
        }

        private Measurement measure(CanaryMetric metric, int index) {
            Instant started = clock.instant();
            List<Double> values = null;
            List<Double> baseline = null;
            List<Double> compared = null;
            MeasurementPhase phase;
            String message;
            try {
                values = provider.query(metric.query());
                if (metric.baselineQuery() != null) {
                    baseline = provider.query(metric.baselineQuery());
                    if (baseline.size() != values.size()) {
                        throw new MetricQueryException("the canary query returned " + values.size() + " series and the baseline query "
                                + baseline.size() + "; they cannot be compared");
                    }
                    compared = new ArrayList<>();
                    for (int k = 0; k < values.size(); k++) {
                        compared.add(metric.compare().apply(values.get(k), baseline.get(k)));
                    }
                }
                List<Double> seen = compared != null ? compared : values;
                String[] outcome = judgeValues(metric, seen);
                phase = MeasurementPhase.valueOf(outcome[0]);
                message = outcome[1];
            } catch (MetricQueryException e) {
                phase = MeasurementPhase.ERROR;
                message = e.getMessage();
            }
            return new Measurement(metric.name(), index, weight, phase, values, baseline, compared, message, metric.dryRun(), started,
                    clock.instant());
        }
    }

    /** Applies the conditions; returns {phase, message}. */
    private static String[] judgeValues(CanaryMetric metric, List<Double> seen) {
        if (metric.failureCondition() != null) {
            try {
                if (metric.failure().test(seen)) {
                    return new String[] {"FAILED", "failureCondition " + metric.failureCondition() + " is true for " + seen};
                }
            } catch (ExpressionException e) {
                return new String[] {"ERROR", "failureCondition: " + e.getMessage() + " (result " + seen + ")"};
            }
        }
        boolean ok;
        try {
            ok = metric.success().test(seen);
        } catch (ExpressionException e) {
            return new String[] {"ERROR", "successCondition: " + e.getMessage() + " (result " + seen + ")"};
        }
        if (ok) {
            if (seen.isEmpty()) {
                return new String[] {"INCONCLUSIVE", "no data: the query returned no series, so success cannot be shown"};
            }
            if (seen.stream().anyMatch(d -> d == null || d.isNaN())) {
                return new String[] {"INCONCLUSIVE", "the result contains NaN, so success cannot be shown: " + seen};
            }
            return new String[] {"SUCCESSFUL", "successCondition " + metric.successCondition() + " holds for " + seen};
        }
        if (metric.failureCondition() != null) {
            return new String[] {"INCONCLUSIVE", "neither condition holds for " + seen};
        }
        return new String[] {"FAILED", "successCondition " + metric.successCondition() + " is false for " + seen};
    }

    private static int rank(MeasurementPhase p) {
        return switch (p) {
            case SUCCESSFUL -> 0;
            case INCONCLUSIVE -> 1;
            case ERROR -> 2;
            case FAILED -> 3;
        };
    }

    /** The measurements of one metric in one analysis step and its verdict so far (a working copy of its {@link MetricProgress}). */
    private static final class MetricRun {
        final CanaryMetric metric;
        Instant nextDue;
        int taken;
        int counted;
        int successful;
        int failed;
        int inconclusive;
        int errors;
        int consecutiveErrors;
        int consecutiveSuccesses;
        MeasurementPhase phase;
        String message;
        List<Double> lastEvaluated;

        MetricRun(CanaryMetric metric, Instant firstDue) {
            this.metric = metric;
            this.nextDue = firstDue;
        }

        MetricRun(CanaryMetric metric, MetricProgress p) {
            this(metric, p.nextDue());
            taken = p.taken();
            counted = p.counted();
            successful = p.successful();
            failed = p.failed();
            inconclusive = p.inconclusive();
            errors = p.errors();
            consecutiveErrors = p.consecutiveErrors();
            consecutiveSuccesses = p.consecutiveSuccesses();
            phase = p.phase();
            message = p.message();
            lastEvaluated = p.lastEvaluated();
        }

        MetricProgress progress() {
            return new MetricProgress(metric.name(), nextDue, taken, counted, successful, failed, inconclusive, errors, consecutiveErrors,
                    consecutiveSuccesses, phase, message, lastEvaluated);
        }

        /** Counts one measurement and assesses the metric as Argo's {@code assessMetricStatus} does, with the stricter choices of docs/canary.md. */
        void record(Measurement m) {
            taken++;
            lastEvaluated = m.evaluated();
            switch (m.phase()) {
                case SUCCESSFUL -> {
                    successful++;
                    counted++;
                    consecutiveSuccesses++;
                    consecutiveErrors = 0;
                }
                case FAILED -> {
                    failed++;
                    counted++;
                    consecutiveSuccesses = 0;
                    consecutiveErrors = 0;
                }
                case INCONCLUSIVE -> {
                    inconclusive++;
                    counted++;
                    consecutiveSuccesses = 0;
                    consecutiveErrors = 0;
                }
                case ERROR -> {
                    // an error is retried: it does not count toward count (Argo), only toward consecutiveErrorLimit
                    errors++;
                    consecutiveErrors++;
                    consecutiveSuccesses = 0;
                }
            }
            int failureLimit = metric.failureLimit();
            int successLimit = metric.consecutiveSuccessLimit();
            if (failureLimit >= 0 && failed > failureLimit) {
                end(MeasurementPhase.FAILED, failed + " failed measurement(s), over the failureLimit of " + failureLimit + "; last: " + m.message());
            } else if (inconclusive > metric.inconclusiveLimit()) {
                end(MeasurementPhase.INCONCLUSIVE, inconclusive + " inconclusive measurement(s), over the inconclusiveLimit of "
                        + metric.inconclusiveLimit() + "; last: " + m.message());
            } else if (consecutiveErrors > metric.consecutiveErrorLimit()) {
                end(MeasurementPhase.ERROR, consecutiveErrors + " consecutive error(s), over the consecutiveErrorLimit of "
                        + metric.consecutiveErrorLimit() + "; last: " + m.message());
            } else if (successLimit > 0 && consecutiveSuccesses >= successLimit) {
                end(MeasurementPhase.SUCCESSFUL, consecutiveSuccesses + " consecutive successes (consecutiveSuccessLimit)");
            } else if (counted >= metric.count()) {
                if (successLimit > 0) {
                    // Argo: Inconclusive while failureLimit applies, Failed when it is disabled (-1)
                    end(failureLimit >= 0 ? MeasurementPhase.INCONCLUSIVE : MeasurementPhase.FAILED, "the consecutiveSuccessLimit of " + successLimit
                            + " was not reached in " + counted + " measurement(s)" + (failureLimit >= 0 ? ", a person decides" : ""));
                } else if (successful == 0) {
                    // stricter than Argo (which calls this Successful): no successful measurement is no evidence
                    end(MeasurementPhase.INCONCLUSIVE, "no successful measurement in " + counted + "; last: " + m.message());
                } else {
                    end(MeasurementPhase.SUCCESSFUL, successful + " of " + counted + " measurement(s) successful"
                            + (errors > 0 ? " (" + errors + " error(s) retried)" : ""));
                }
            }
        }

        /** The step stopped before this metric finished, because {@code by} ended (never a pass). */
        void stopped(MetricRun by) {
            phase = MeasurementPhase.INCONCLUSIVE;
            message = "not finished: no new measurements after " + by.metric.name() + " ended " + by.phase;
        }

        private void end(MeasurementPhase p, String why) {
            phase = p;
            message = why;
        }

        MetricResult result() {
            return new MetricResult(metric.name(), phase, metric.dryRun(), taken, successful, failed, inconclusive, errors, message);
        }
    }
}
