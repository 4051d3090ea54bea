package io.jenkins.plugins.aigovernance.core.canary.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares canary and baseline samples metric by metric with a Mann-Whitney U test and scores the
 * result as Kayenta does. A metric is HIGH or LOW only when the difference is both significant
 * ({@code p < 1 − confidence}) and larger than its tolerance (relative difference of medians).
 * Samples too few for any difference to be significant ({@link MannWhitney#smallestPValue} not
 * below {@code 1 − confidence}, e.g. 3 against 3 at 0.95) are NODATA, which fails: the data could not
 * show a difference, so it cannot show its absence either.
 */
public final class CanaryJudge {

    /** Canary and baseline samples of one metric. */
    public record Samples(double[] canary, double[] baseline) {
    }

    private final JudgeConfig config;

    public CanaryJudge(JudgeConfig config) {
        this.config = config;
    }

    /** Judges every metric of the configuration; a metric without samples in {@code samples} is NODATA. */
    public JudgeReport judge(Map<String, Samples> samples) {
        List<MetricComparison> findings = new ArrayList<>();
        for (JudgeMetric m : config.metrics()) {
            Samples s = samples.get(m.name());
            findings.add(compare(m, s == null ? new double[0] : s.canary(), s == null ? new double[0] : s.baseline()));
        }
        return score(findings);
    }

    /** Classifies one metric. */
    public static MetricComparison compare(JudgeMetric m, double[] canaryRaw, double[] baselineRaw) {
        double[] canary = clean(canaryRaw, m.nanStrategy());
        double[] baseline = clean(baselineRaw, m.nanStrategy());
        double cm = median(canary);
        double bm = median(baseline);
        if (canary.length < m.minSamples() || baseline.length < m.minSamples()) {
            return new MetricComparison(m.name(), m.group(), Classification.NODATA, true, m.critical(), canary.length, baseline.length, cm, bm,
                    Double.NaN, Double.NaN, Double.NaN, "too few samples to compare (canary " + canary.length + ", baseline " + baseline.length
                            + ", need " + m.minSamples() + " each)");
        }
        double alpha = 1 - m.confidence();
        double smallest = MannWhitney.smallestPValue(canary.length, baseline.length);
        if (smallest >= alpha) {
            // a difference cannot be significant with so few samples, however large: that is no data, never a pass
            return new MetricComparison(m.name(), m.group(), Classification.NODATA, true, m.critical(), canary.length, baseline.length, cm, bm,
                    Double.NaN, Double.NaN, Double.NaN, String.format(java.util.Locale.ROOT,
                            "too few samples to show a difference (canary %d, baseline %d): the smallest possible p is %.4g, not below %.4g"
                                    + " (confidence %s)", canary.length, baseline.length, smallest, alpha, m.confidence()));
        }
        MannWhitney t = MannWhitney.test(canary, baseline);
        double effect = bm == 0 ? (cm == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, cm)) : (cm - bm) / Math.abs(bm);
        boolean significant = t.pValue() < alpha;
        Classification c = !significant || Math.abs(effect) <= m.tolerance() ? Classification.PASS
                : effect > 0 ? Classification.HIGH : Classification.LOW;
        boolean failed = switch (c) {
            case HIGH -> m.direction() != Direction.DECREASE;
            case LOW -> m.direction() != Direction.INCREASE;
            default -> false;
        };
        String msg = String.format(java.util.Locale.ROOT, "canary median %s vs baseline %s (%+.1f%%), p=%.4g (%s): %s", fmt(cm), fmt(bm),
                effect * 100, t.pValue(), t.exact() ? "exact" : "normal approximation", switch (c) {
                    case PASS -> significant ? "difference within tolerance " + m.tolerance() : "no significant difference";
                    case HIGH -> "canary significantly higher" + (failed ? "" : " (allowed by direction)");
                    case LOW -> "canary significantly lower" + (failed ? "" : " (allowed by direction)");
                    default -> "";
                });
        return new MetricComparison(m.name(), m.group(), c, failed, m.critical(), canary.length, baseline.length, cm, bm, effect, t.u1(),
                t.pValue(), msg);
    }

    private JudgeReport score(List<MetricComparison> findings) {
        Map<String, int[]> byGroup = new TreeMap<>();
        for (MetricComparison f : findings) {
            int[] passTotal = byGroup.computeIfAbsent(f.group(), g -> new int[2]);
            passTotal[0] += f.failed() ? 0 : 1;
            passTotal[1]++;
        }
        Map<String, Double> groupScores = new TreeMap<>();
        double weighted = 0;
        double weights = 0;
        for (Map.Entry<String, int[]> e : byGroup.entrySet()) {
            double s = 100.0 * e.getValue()[0] / e.getValue()[1];
            groupScores.put(e.getKey(), s);
            double w = config.groupWeights().getOrDefault(e.getKey(), 1.0);
            weighted += w * s;
            weights += w;
        }
        double score = weights == 0 ? 0 : weighted / weights;
        List<String> criticalFailures = findings.stream().filter(f -> f.critical() && f.failed()).map(MetricComparison::name).toList();
        List<String> failures = findings.stream().filter(MetricComparison::failed).map(f -> f.name() + " " + f.classification()).toList();
        if (!criticalFailures.isEmpty()) {
            return new JudgeReport(JudgeResult.FAIL, 0, groupScores, findings, "critical metric failed: " + String.join(", ", criticalFailures));
        }
        if (findings.isEmpty()) {
            return new JudgeReport(JudgeResult.FAIL, 0, groupScores, findings, "no metrics to judge");
        }
        JudgeResult r = score >= config.passScore() ? JudgeResult.PASS : score >= config.marginalScore() ? JudgeResult.MARGINAL : JudgeResult.FAIL;
        String why = String.format(java.util.Locale.ROOT, "score %.1f (pass ≥ %.0f, marginal ≥ %.0f)%s", score, config.passScore(),
                config.marginalScore(), failures.isEmpty() ? "" : "; failing: " + String.join(", ", failures));
        return new JudgeReport(r, score, groupScores, findings, why);
    }

    private static double[] clean(double[] values, NanStrategy strategy) {
        return strategy == NanStrategy.REPLACE
                ? Arrays.stream(values).map(v -> Double.isNaN(v) ? 0 : v).toArray()
                : Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4g", d);
    }
}
