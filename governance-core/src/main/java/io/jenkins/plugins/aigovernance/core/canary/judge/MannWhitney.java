package io.jenkins.plugins.aigovernance.core.canary.judge;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, computed by
 * Apache Commons Statistics ({@code commons-statistics-inference}, {@link MannWhitneyUTest}).
 *
 * <p>The p-value is <b>exact</b> (the permutation distribution of U) when neither sample is larger
 * than {@value #EXACT_MAX_SIZE} and no value is tied; otherwise it is the normal approximation
 * with tie correction and continuity correction — the statistic of
 * {@code scipy.stats.mannwhitneyu(x, y, method="exact" | "asymptotic")}.
 *
 * @param u1     U of the first sample: pairs (x, y) with x &gt; y, ties counted ½
 * @param u2     U of the second sample, {@code n1·n2 − u1}
 * @param pValue two-sided p-value
 * @param exact  whether {@code pValue} comes from the exact distribution
 */
public record MannWhitney(double u1, double u2, double pValue, boolean exact) {

    /** Largest sample (either side) for which the exact p-value is computed. */
    public static final int EXACT_MAX_SIZE = 50;

    /** Tests x against y: exact for small samples without ties, else asymptotic with continuity correction. */
    public static MannWhitney test(double[] x, double[] y) {
        return test(x, y, true);
    }

    /** Tests x against y; {@code continuityCorrection} applies to the asymptotic p-value only. */
    public static MannWhitney test(double[] x, double[] y, boolean continuityCorrection) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        for (double[] s : new double[][] {x, y}) {
            for (double v : s) {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("samples must not contain NaN (apply a NaN strategy first)");
                }
            }
        }
        MannWhitneyUTest base = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED)
                .with(continuityCorrection ? ContinuityCorrection.ENABLED : ContinuityCorrection.DISABLED);
        boolean small = x.length <= EXACT_MAX_SIZE && y.length <= EXACT_MAX_SIZE;
        MannWhitneyUTest.Result r = base.with(small ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC).test(x, y);
        boolean exact = small && !r.hasTiedValues();
        if (small && r.hasTiedValues()) {
            // the exact distribution assumes distinct values; with ties the tie-corrected normal approximation is used
            r = base.with(PValueMethod.ASYMPTOTIC).test(x, y);
        }
        double u1 = r.getStatistic();
        double p = r.getPValue();
        if (Double.isNaN(p)) {
            // every value is the same (zero variance): no evidence of any difference
            p = 1;
        }
        return new MannWhitney(u1, (double) x.length * y.length - u1, p, exact);
    }

    /**
     * The smallest two-sided p-value any data can give with these sample sizes and no ties:
     * {@code 2 / C(n1 + n2, n1)} (complete separation), capped at 1. When it is not below the
     * significance level, no difference can be shown, however large.
     */
    public static double smallestPValue(int n1, int n2) {
        // C(n1 + n2, n1) as a double, multiplicatively; saturates to +Inf for large samples (p → 0)
        double c = 1;
        int k = Math.min(n1, n2);
        int n = n1 + n2;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return Math.min(1, 2 / c);
    }
}
