package io.jenkins.plugins.aigovernance.core.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

/** U and p of the judge's test, against hand computation, a brute-force permutation count and commons-math3. */
class MannWhitneyTest {

    @Test
    void handComputedSmallExampleWithoutTiesIsExact() {
        // x = {1, 3, 5}, y = {2, 4, 6, 8}: ranks of x are 1, 3, 5 → R1 = 9, U1 = 9 − 3·4/2 = 3, U2 = 12 − 3 = 9
        MannWhitney t = MannWhitney.test(new double[] {1, 3, 5}, new double[] {2, 4, 6, 8});
        assertThat(t.u1()).isEqualTo(3.0);
        assertThat(t.u2()).isEqualTo(9.0);
        assertThat(t.exact()).isTrue();
        // of the C(7,3) = 35 equally likely rank sets, U ≤ 3 happens 1 + 1 + 2 + 3 = 7 times: p = 2·7/35 = 0.4
        assertThat(t.pValue()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void exactPValuesMatchABruteForcePermutationCount() {
        Random rnd = new Random(7);
        for (int n = 0; n < 60; n++) {
            int n1 = 2 + rnd.nextInt(7);
            int n2 = 2 + rnd.nextInt(7);
            double[] x = rnd.doubles(n1).map(v -> v + rnd.nextDouble()).toArray();
            double[] y = rnd.doubles(n2).toArray();
            MannWhitney t = MannWhitney.test(x, y);
            assertThat(t.exact()).isTrue();
            assertThat(t.pValue()).as("n1=%d n2=%d", n1, n2).isCloseTo(permutationP(t.u1(), n1, n2), within(1e-12));
        }
    }

    @Test
    void handComputedExampleWithTiesUsesTheCorrectedNormalApproximation() {
        // x = {1, 2, 2, 3}, y = {2, 3, 4}: sorted 1 2 2 2 3 3 4 → ranks 1, 3, 3, 3, 5.5, 5.5, 7
        // R1 = 1 + 3 + 3 + 5.5 = 12.5, U1 = 12.5 − 10 = 2.5
        MannWhitney t = MannWhitney.test(new double[] {1, 2, 2, 3}, new double[] {2, 3, 4});
        assertThat(t.u1()).isEqualTo(2.5);
        assertThat(t.u2()).isEqualTo(9.5);
        assertThat(t.exact()).isFalse();
        // ties: a group of 3 (27 − 3 = 24) and of 2 (8 − 2 = 6) → Σ = 30; var = 4·3/12 · (8 − 30/(7·6)) = 7.285714…
        double var = 1.0 * (8 - 30.0 / 42);
        double z = (2.5 - 6 + 0.5) / Math.sqrt(var);
        assertThat(t.pValue()).isCloseTo(2 * new NormalDistribution().cumulativeProbability(z), within(1e-12));
    }

    @Test
    void identicalSamplesShowNoDifference() {
        MannWhitney t = MannWhitney.test(new double[] {1, 1, 1}, new double[] {1, 1});
        assertThat(t.pValue()).isEqualTo(1.0);
        assertThat(t.u1()).isEqualTo(3.0);
    }

    @Test
    void smallestPossiblePValueIsCompleteSeparation() {
        // 3 against 3: the best any data can do is 2/C(6,3) = 0.1 — never significant at 0.95
        assertThat(MannWhitney.smallestPValue(3, 3)).isCloseTo(0.1, within(1e-15));
        assertThat(MannWhitney.test(new double[] {50, 51, 52}, new double[] {1, 2, 3}).pValue()).isCloseTo(0.1, within(1e-12));
        assertThat(MannWhitney.smallestPValue(4, 4)).isCloseTo(2.0 / 70, within(1e-15));
        assertThat(MannWhitney.smallestPValue(1, 1)).isEqualTo(1.0);
        assertThat(MannWhitney.smallestPValue(400, 400)).isLessThan(1e-200);
    }

    @Test
    void largeSamplesAgreeWithCommonsMath() {
        MannWhitneyUTest commons = new MannWhitneyUTest();
        Random rnd = new Random(11);
        for (int n = 0; n < 100; n++) {
            double[] x = new double[51 + rnd.nextInt(60)];
            double[] y = new double[51 + rnd.nextInt(60)];
            double shift = rnd.nextDouble();
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian() + shift;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = rnd.nextGaussian();
            }
            MannWhitney ours = MannWhitney.test(x, y, false);
            assertThat(ours.exact()).isFalse();
            // commons-math3 reports max(U1, U2) and the uncorrected normal approximation (no ties here)
            assertThat(Math.max(ours.u1(), ours.u2())).isEqualTo(commons.mannWhitneyU(x, y));
            assertThat(ours.pValue()).isCloseTo(commons.mannWhitneyUTest(x, y), within(1e-9));
            assertThat(MannWhitney.test(x, y).pValue()).as("continuity correction makes p larger").isGreaterThanOrEqualTo(ours.pValue() - 1e-15);
        }
    }

    @Test
    void tiedIntegerSamplesMatchCommonsOnU() {
        MannWhitneyUTest commons = new MannWhitneyUTest();
        Random rnd = new Random(5);
        for (int n = 0; n < 100; n++) {
            double[] x = rnd.ints(5 + rnd.nextInt(20), 0, 6).asDoubleStream().toArray();
            double[] y = rnd.ints(5 + rnd.nextInt(20), 0, 6).asDoubleStream().toArray();
            MannWhitney ours = MannWhitney.test(x, y);
            assertThat(Math.max(ours.u1(), ours.u2())).isEqualTo(commons.mannWhitneyU(x, y));
            assertThat(ours.u1() + ours.u2()).isEqualTo((double) x.length * y.length);
        }
    }

    /** Two-sided exact p by counting, over all C(n1+n2, n1) rank sets of x, those whose U is as far from the mean. */
    private static double permutationP(double u, int n1, int n2) {
        int n = n1 + n2;
        double mean = n1 * (double) n2 / 2;
        long extreme = 0;
        long total = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != n1) {
                continue;
            }
            int rankSum = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & 1 << i) != 0) {
                    rankSum += i + 1;
                }
            }
            double ui = rankSum - n1 * (n1 + 1) / 2.0;
            total++;
            if (Math.abs(ui - mean) >= Math.abs(u - mean) - 1e-9) {
                extreme++;
            }
        }
        return Math.min(1, (double) extreme / total);
    }
}
