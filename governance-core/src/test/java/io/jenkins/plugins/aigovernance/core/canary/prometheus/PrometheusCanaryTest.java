package io.jenkins.plugins.aigovernance.core.canary.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jenkins.plugins.aigovernance.core.canary.CanaryAnalysis;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryMetric;
import io.jenkins.plugins.aigovernance.core.canary.CanaryOutcome;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryStep;
import io.jenkins.plugins.aigovernance.core.canary.CanaryVerdict;
import io.jenkins.plugins.aigovernance.core.canary.MeasurementPhase;
import io.jenkins.plugins.aigovernance.core.canary.Measurement;
import io.jenkins.plugins.aigovernance.core.canary.MetricQueryException;
import io.jenkins.plugins.aigovernance.core.canary.Sleeper;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.canary.TrafficAction;
import io.jenkins.plugins.aigovernance.core.canary.judge.Direction;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeConfig;
import io.jenkins.plugins.aigovernance.core.canary.judge.JudgeMetric;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary engine against a real Prometheus scraping a service the test controls. Each test starts
 * its own Prometheus (scrape interval 1 s) and exporter, and stops both.
 */
class PrometheusCanaryTest {

    static final String ERROR_RATE = "sum(rate(http_requests_total{track=\"canary\",status=\"500\"}[5s]))"
            + " / sum(rate(http_requests_total{track=\"canary\"}[5s]))";
    static final String P99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track=\"%s\"}[5s])))";

    @TempDir
    Path dir;
    TestExporter exporter;
    PrometheusProcess prometheus;
    final List<Integer> weights = new CopyOnWriteArrayList<>();
    final List<CanaryVerdict> rollbacks = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        exporter = new TestExporter();
        prometheus = PrometheusProcess.start(dir, exporter.port());
        awaitData();
    }

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        exporter.close();
        log.forEach(System.out::println);
    }

    /** Waits until the error-rate query has a value (rate() needs two scrapes). */
    private void awaitData() throws InterruptedException {
        PrometheusProvider p = provider(prometheus.url());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!p.query(ERROR_RATE).isEmpty() && !p.query(P99.formatted("canary")).isEmpty()) {
                    return;
                }
            } catch (MetricQueryException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        fail("prometheus has no data after 30 s (scrapes: " + exporter.scrapes() + ")");
    }

    private static PrometheusProvider provider(String url) {
        return new PrometheusProvider(PrometheusConnection.of(url).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    private static CanaryMetric errorRate(int count, int consecutiveErrorLimit) {
        return new CanaryMetric("error-rate", ERROR_RATE, "result[0] < 0.05", null, TimeSpan.of("1s"), null, count, null, null,
                consecutiveErrorLimit, null, null, null, null);
    }

    private static CanaryMetric latency() {
        return CanaryMetric.of("latency-p99", P99.formatted("canary"), "all(result, {# < 0.5})", TimeSpan.of("1s"), 2);
    }

    private static CanaryMetric latencyVsBaseline() {
        return new CanaryMetric("latency-vs-baseline", P99.formatted("canary"), "result[0] <= 1.5", null, TimeSpan.of("1s"), null, 2, null, null,
                null, null, true, P99.formatted("baseline"), null);
    }

    private static CanaryPlan plan(List<CanaryMetric> metrics, CanaryStep... steps) {
        return new CanaryPlan("checkout", null, metrics, null, List.of(steps), null).requireValid("test plan");
    }

    private static CanaryPlan fiveTwentyHundred(CanaryMetric... metrics) {
        return plan(List.of(metrics), CanaryStep.weight(5), CanaryStep.analyse(), CanaryStep.weight(20), CanaryStep.analyse(),
                CanaryStep.weight(100), CanaryStep.analyse());
    }

    /** 5 % checked quickly (two error-rate measurements), then 20 % and 100 % watched by {@code watch}. */
    private static CanaryPlan quickStartThen(CanaryMetric... watch) {
        List<CanaryMetric> all = new ArrayList<>(List.of(watch));
        CanaryMetric quick = new CanaryMetric("error-rate-5", ERROR_RATE, "result[0] < 0.05", null, TimeSpan.of("1s"), null, 2, null, null, 4,
                null, null, null, null);
        all.add(quick);
        String[] names = java.util.Arrays.stream(watch).map(CanaryMetric::name).toArray(String[]::new);
        return plan(all, CanaryStep.weight(5), CanaryStep.analyse(quick.name()), CanaryStep.weight(20), CanaryStep.analyse(names),
                CanaryStep.weight(100), CanaryStep.analyse(names));
    }

    private CanaryVerdict run(String url, CanaryPlan plan, TrafficAction traffic) {
        return new CanaryAnalysis(provider(url), Clock.systemUTC(), Sleeper.SYSTEM).run(plan, w -> {
            weights.add(w);
            traffic.setWeight(w);
        }, rollbacks::add, new CanaryListener() {
            @Override
            public void measured(Measurement m) {
                log.add("  measured step " + m.step() + " " + m.metric() + " " + m.phase() + " " + m.evaluated());
            }
        });
    }

    @Test
    void healthyCanaryIsPromotedThroughAllSteps() {
        CanaryVerdict v = run(prometheus.url(), fiveTwentyHundred(errorRate(2, 4), latency(), latencyVsBaseline()), w -> { });
        assertThat(v.outcome()).as(v.reason()).isEqualTo(CanaryOutcome.PROMOTE);
        assertThat(weights).containsExactly(5, 20, 100);
        assertThat(v.weight()).isEqualTo(100);
        assertThat(v.measurements()).filteredOn(m -> !m.dryRun()).hasSize(12).allMatch(m -> m.phase() == MeasurementPhase.SUCCESSFUL);
        assertThat(v.measurements()).filteredOn(m -> m.metric().equals("error-rate"))
                .allSatisfy(m -> assertThat(m.values().get(0)).isBetween(0.0, 0.01));
        assertThat(v.measurements()).filteredOn(Measurement::dryRun).allSatisfy(m -> assertThat(m.compared().get(0)).isBetween(0.9, 1.1));
        assertThat(rollbacks).isEmpty();
        log.add("healthy canary: PROMOTE in " + Duration.between(v.startedAt(), v.finishedAt()).toMillis() + " ms");
    }

    @Test
    void errorsInjectedAtTwentyPercentRollBackAtThatStepNamingTheMetric() {
        CanaryVerdict v = run(prometheus.url(), quickStartThen(errorRate(6, 4), latency()), w -> {
            if (w == 20) {
                exporter.canaryErrors(0.5);
            }
        });
        Instant verdictAt = Instant.now();
        assertThat(v.outcome()).as(v.reason()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(weights).containsExactly(5, 20);
        assertThat(v.weight()).isEqualTo(20);
        assertThat(v.failedStep()).isEqualTo(3);
        assertThat(v.failedMetric()).isEqualTo("error-rate");
        assertThat(v.failedValues()).singleElement().satisfies(x -> assertThat(x).isGreaterThan(0.05));
        assertThat(v.reason()).contains("at 20%").contains("error-rate FAILED");
        assertThat(rollbacks).singleElement().satisfies(r -> assertThat(r.failedMetric()).isEqualTo("error-rate"));
        assertThat(v.rolledBack()).isTrue();
        Instant breach = exporter.firstBreachScrape();
        assertThat(breach).isNotNull();
        System.out.printf("canary time-to-rollback: %d ms from the first scrape showing the breach to the rollback verdict"
                + " (%d ms from injecting it; scrape interval 1 s, analysis interval 1 s, rate window 5 s)%n",
                Duration.between(breach, verdictAt).toMillis(), Duration.between(exporter.breachInjectedAt(), verdictAt).toMillis());
    }

    @Test
    void slowP99RollsBackOnLatency() {
        CanaryVerdict v = run(prometheus.url(), quickStartThen(errorRate(2, 4), CanaryMetric.of("latency-p99", P99.formatted("canary"),
                "all(result, {# < 0.5})", TimeSpan.of("1s"), 6)), w -> {
                    if (w == 20) {
                        exporter.canaryLatency(2.0);
                    }
                });
        assertThat(v.outcome()).as(v.reason()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.failedMetric()).isEqualTo("latency-p99");
        assertThat(v.weight()).isEqualTo(20);
        assertThat(v.failedValues().get(0)).isGreaterThan(0.5);
    }

    @Test
    void exporterStoppedIsErrorOrInconclusiveNeverPromote() {
        CanaryMetric steady = new CanaryMetric("error-rate", ERROR_RATE, "result[0] < 0.05", null, TimeSpan.of("1s"), null, 15, null, null, 2,
                null, null, null, null);
        CanaryVerdict v = run(prometheus.url(), quickStartThen(steady), w -> {
            if (w == 20) {
                exporter.close();
            }
        });
        assertThat(v.outcome()).as(v.reason()).isNotEqualTo(CanaryOutcome.PROMOTE);
        assertThat(v.steps().get(v.failedStep()).phase()).isIn(MeasurementPhase.ERROR, MeasurementPhase.INCONCLUSIVE);
        assertThat(v.weight()).isEqualTo(20);
        assertThat(v.measurements().get(v.measurements().size() - 1).message()).contains("the result is empty");
        log.add("exporter stopped: " + v.outcome() + " — " + v.reason());
    }

    @Test
    void prometheusStoppedMidRunFailsClosedWithinTheConfiguredTimeout() throws Exception {
        CanaryMetric m = errorRate(10, 1);
        long[] stoppedAt = new long[1];
        CanaryVerdict v = run(prometheus.url(), quickStartThen(m), w -> {
            if (w == 20) {
                prometheus.close();
                stoppedAt[0] = System.nanoTime();
            }
        });
        long afterStop = (System.nanoTime() - stoppedAt[0]) / 1_000_000;
        assertThat(v.outcome()).as(v.reason()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.weight()).isEqualTo(20);
        assertThat(v.steps().get(3).phase()).isEqualTo(MeasurementPhase.ERROR);
        assertThat(v.reason()).contains("consecutiveErrorLimit of 1").contains("unreachable");
        // (limit + 1) measurements, each at most one interval plus the request timeout apart
        long bound = (m.consecutiveErrorLimit() + 1) * (m.interval().duration().toMillis() + 2000) + 1000;
        assertThat(afterStop).isLessThan(bound);
        log.add("prometheus stopped: ROLLBACK " + afterStop + " ms after the stop (bound " + bound + " ms)");
    }

    /**
     * Issue 17, item 1, against a real Prometheus: count 5 with the default consecutiveErrorLimit 4, one good
     * measurement, then Prometheus is stopped in the middle of the step. Errors do not use up the count, so the run
     * cannot promote on that one success: five errors in a row end the metric in ERROR and the run rolls back.
     */
    @Test
    void prometheusStoppedAfterOneGoodMeasurementRollsBackNeverPromotes() {
        CanaryMetric m = new CanaryMetric("error-rate", ERROR_RATE, "result[0] < 0.05", null, TimeSpan.of("1s"), null, 5, null, null, null,
                null, null, null, null);
        CanaryPlan plan = plan(List.of(m), CanaryStep.weight(20), CanaryStep.analyse());
        List<Measurement> seen = new CopyOnWriteArrayList<>();
        CanaryVerdict v = new CanaryAnalysis(provider(prometheus.url()), Clock.systemUTC(), Sleeper.SYSTEM).run(plan, weights::add,
                rollbacks::add, new CanaryListener() {
                    @Override
                    public void measured(Measurement x) {
                        seen.add(x);
                        log.add("  measured " + x.phase() + " " + x.evaluated() + " " + x.message());
                        if (seen.size() == 1) {
                            try {
                                prometheus.close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                });
        assertThat(v.outcome()).as(v.reason()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(v.rolledBack()).isTrue();
        assertThat(v.steps().get(1).phase()).isEqualTo(MeasurementPhase.ERROR);
        assertThat(seen.get(0).phase()).isEqualTo(MeasurementPhase.SUCCESSFUL);
        assertThat(seen.subList(1, seen.size())).hasSize(5).allSatisfy(x -> {
            assertThat(x.phase()).isEqualTo(MeasurementPhase.ERROR);
            assertThat(x.message()).contains("unreachable");
        });
        assertThat(v.reason()).contains("5 consecutive error(s), over the consecutiveErrorLimit of 4");
        assertThat(v.steps().get(1).metrics().get(0).successful()).isEqualTo(1);
        log.add("prometheus stopped after one good measurement: " + v.outcome() + " — " + v.reason());
    }

    @Test
    void judgeComparesCanaryAndBaselineSamplesFromRangeQueries() throws Exception {
        JudgeConfig judge = new JudgeConfig(List.of(
                new JudgeMetric("latency-p99", P99.formatted("canary"), P99.formatted("baseline"), Direction.INCREASE, 0.2, 0.95, null, true,
                        "latency", 3)), null, null, null);
        CanaryPlan plan = new CanaryPlan("judged", null, List.of(), judge, List.of(CanaryStep.weight(20),
                new CanaryStep(null, TimeSpan.of("4s"), null, null),
                new CanaryStep(null, null, null, new CanaryStep.JudgeStep(TimeSpan.of("6s"), TimeSpan.of("1s")))), null).requireValid("plan");
        CanaryVerdict healthy = run(prometheus.url(), plan, w -> { });
        assertThat(healthy.outcome()).as(healthy.reason()).isEqualTo(CanaryOutcome.PROMOTE);
        List<String> seen = new ArrayList<>();
        CanaryVerdict slow = run(prometheus.url(), plan, w -> exporter.canaryLatency(2.0));
        seen.add(slow.reason());
        assertThat(slow.outcome()).as(slow.reason()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(slow.failedMetric()).isEqualTo("latency-p99");
        assertThat(slow.steps().get(2).judge().metrics().get(0).pValue()).isLessThan(0.05);
        log.add("judge: " + seen);
    }
}
