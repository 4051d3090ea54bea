package io.jenkins.plugins.aigovernance.core.canary.judge;

import java.util.Arrays;

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, with the normal
 * approximation corrected for ties and (by default) for continuity — the same statistic as
 * {@code scipy.stats.mannwhitneyu(x, y, method="asymptotic")}.
 *
 * @param u1     U of the first sample: pairs (x, y) with x &gt; y, ties counted ½
 * @param u2     U of the second sample, {@code n1·n2 − u1}
 * @param z      standardised statistic of {@code u1} (positive when the first sample tends to be larger)
 * @param pValue two-sided p-value
 */
public record MannWhitney(double u1, double u2, double z, double pValue) {

    /** Tests x against y with continuity correction. Samples must be non-empty and free of NaN. */
    public static MannWhitney test(double[] x, double[] y) {
        return test(x, y, true);
    }

    /** Tests x against y, with or without the continuity correction. */
    public static MannWhitney test(double[] x, double[] y, boolean continuityCorrection) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        int n = n1 + n2;
        double[] all = new double[n];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(all[i])) {
                throw new IllegalArgumentException("samples must not contain NaN (apply a NaN strategy first)");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double[] rank = new double[n];
        double tieTerm = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = mid;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double r1 = 0;
        for (int i = 0; i < n1; i++) {
            r1 += rank[i];
        }
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        double u2 = (double) n1 * n2 - u1;
        double mean = n1 * (double) n2 / 2.0;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            // every value is the same: no evidence of any difference
            return new MannWhitney(u1, u2, 0, 1);
        }
        double diff = u1 - mean;
        double corrected = continuityCorrection ? Math.signum(diff) * Math.max(0, Math.abs(diff) - 0.5) : diff;
        double z = corrected / Math.sqrt(variance);
        double p = Math.min(1, 2 * StandardNormal.upperTail(Math.abs(z)));
        return new MannWhitney(u1, u2, z, p);
    }
}
