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
     * Runs the plan from step {@code fromStep} (to continue a paused run) with the canary currently at {@code weight}.
     */
    public CanaryVerdict run(CanaryPlan plan, int fromStep, int weight, TrafficAction traffic, RollbackAction rollback, CanaryListener listener) {
        Run r = new Run(plan, weight, listener);
        CanaryVerdict v = r.execute(fromStep, traffic);
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

    /** The state of one run. */
    private final class Run {
        private final CanaryPlan plan;
        private final CanaryListener listener;
        private final List<StepResult> steps = new ArrayList<>();
        private final List<Measurement> measurements = new ArrayList<>();
        private final Instant startedAt = clock.instant();
        private int weight;

        Run(CanaryPlan plan, int weight, CanaryListener listener) {
            this.plan = plan;
            this.weight = weight;
            this.listener = listener;
        }

        CanaryVerdict execute(int fromStep, TrafficAction traffic) {
            for (int i = fromStep; i < plan.steps().size(); i++) {
                CanaryStep s = plan.steps().get(i);
                Instant started = clock.instant();
                try {
                    switch (s.kind()) {
                        case "setWeight" -> {
                            listener.weight(i, s.setWeight());
                            try {
                                traffic.setWeight(s.setWeight());
                            } catch (InterruptedException e) {
                                throw e;
                            } catch (Exception e) {
                                step(new StepResult(i, "setWeight", weight, MeasurementPhase.ERROR, null, null,
                                        "the traffic action failed: " + e, started, clock.instant()));
                                return verdict(CanaryOutcome.ROLLBACK, "the traffic action for weight " + s.setWeight() + " failed: " + e, i, null,
                                        null, null);
                            }
                            weight = s.setWeight();
                            step(new StepResult(i, "setWeight", weight, MeasurementPhase.SUCCESSFUL, null, null, "canary at " + weight + "%",
                                    started, clock.instant()));
                        }
                        case "pause" -> {
                            listener.pause(i, s.pause());
                            sleeper.sleep(s.pause().duration());
                            step(new StepResult(i, "pause", weight, MeasurementPhase.SUCCESSFUL, null, null, "paused " + s.pause(), started,
                                    clock.instant()));
                        }
                        case "analysis" -> {
                            CanaryVerdict decided = analyse(i, s.analysis(), started);
                            if (decided != null) {
                                return decided;
                            }
                        }
                        default -> {
                            CanaryVerdict decided = judge(i, s.judge(), started);
                            if (decided != null) {
                                return decided;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return verdict(CanaryOutcome.ROLLBACK, "the run was interrupted at step " + i, i, null, null, null);
                }
            }
            return verdict(CanaryOutcome.PROMOTE, "every analysis passed; the canary reached " + weight + "%", null, null, null, null);
        }

        /**
         * Measures the step's metrics in rounds, as Argo Rollouts' analysis controller does: every metric due at the
         * same instant is measured in that round, and only then are the metrics assessed, so the outcome does not
         * depend on the order of the list. Once a decisive (non-dry-run) metric ends FAILED, ERROR or INCONCLUSIVE no
         * new measurement is taken; the step's phase is the worst phase of its finished decisive metrics
         * (SUCCESSFUL &lt; INCONCLUSIVE &lt; ERROR &lt; FAILED).
         */
        private CanaryVerdict analyse(int index, CanaryStep.Analysis a, Instant started) throws InterruptedException {
            List<CanaryMetric> chosen = a.metrics().isEmpty() ? plan.metrics() : a.metrics().stream().map(plan::metric).toList();
            List<MetricRun> runs = new ArrayList<>();
            for (CanaryMetric m : chosen) {
                runs.add(new MetricRun(m, started.plus(m.initialDelay() == null ? Duration.ZERO : m.initialDelay().duration())));
            }
            MetricRun terminatedBy = null;
            while (terminatedBy == null) {
                Instant due = null;
                for (MetricRun r : runs) {
                    if (r.phase == null && (due == null || r.nextDue.isBefore(due))) {
                        due = r.nextDue;
                    }
                }
                if (due == null) {
                    break;
                }
                Duration wait = Duration.between(clock.instant(), due);
                if (!wait.isNegative() && !wait.isZero()) {
                    sleeper.sleep(wait);
                }
                List<MetricRun> round = new ArrayList<>();
                for (MetricRun r : runs) {
                    if (r.phase == null && !r.nextDue.isAfter(due)) {
                        round.add(r);
                    }
                }
                List<Measurement> taken = new ArrayList<>();
                for (MetricRun r : round) {
                    Measurement m = measure(r.metric, index);
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
                for (MetricRun r : round) {
                    if (!r.metric.dryRun() && r.phase != null && r.phase != MeasurementPhase.SUCCESSFUL
                            && (terminatedBy == null || rank(r.phase) > rank(terminatedBy.phase))) {
                        terminatedBy = r;
                    }
                }
            }
            List<MetricResult> results = new ArrayList<>();
            MeasurementPhase stepPhase = MeasurementPhase.SUCCESSFUL;
            MetricRun deciding = null;
            for (MetricRun r : runs) {
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
            step(new StepResult(index, "analysis", weight, stepPhase, results, null, message, started, clock.instant()));
            return decide(index, stepPhase, deciding == null ? null : deciding.metric.name(),
                    deciding == null || deciding.last == null ? null : deciding.last.evaluated(), message);
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

        private CanaryVerdict judge(int index, CanaryStep.JudgeStep j, Instant started) {
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

        private void step(StepResult s) {
            steps.add(s);
            listener.stepFinished(s);
        }

        private CanaryVerdict verdict(CanaryOutcome outcome, String reason, Integer failedStep, String metric, List<Double> values, Integer next) {
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

    /** The measurements of one metric in one analysis step and its verdict so far. */
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
        Measurement last;

        MetricRun(CanaryMetric metric, Instant firstDue) {
            this.metric = metric;
            this.nextDue = firstDue;
        }

        /** Counts one measurement and assesses the metric as Argo's {@code assessMetricStatus} does, with the stricter choices of docs/canary.md. */
        void record(Measurement m) {
            taken++;
            last = m;
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
