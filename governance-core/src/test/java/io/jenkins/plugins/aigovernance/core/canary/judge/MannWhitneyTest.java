package io.jenkins.plugins.aigovernance.core.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    @Test
    void handComputedSmallExampleWithoutTies() {
        // x = {1, 3, 5}, y = {2, 4, 6, 8}: ranks of x are 1, 3, 5 → R1 = 9, U1 = 9 − 3·4/2 = 3, U2 = 12 − 3 = 9
        MannWhitney t = MannWhitney.test(new double[] {1, 3, 5}, new double[] {2, 4, 6, 8});
        assertThat(t.u1()).isEqualTo(3.0);
        assertThat(t.u2()).isEqualTo(9.0);
        // mean 6, variance 3·4·8/12 = 8; continuity-corrected z = (3 − 6 + 0.5)/√8 = −0.883883…
        assertThat(t.z()).isCloseTo(-2.5 / Math.sqrt(8), within(1e-12));
        // p = 2·Φ(−0.883883) = 0.376759 (normal table)
        assertThat(t.pValue()).isCloseTo(0.3767591178, within(1e-9));
    }

    @Test
    void handComputedExampleWithTies() {
        // x = {1, 2, 2, 3}, y = {2, 3, 4}: sorted 1 2 2 2 3 3 4 → ranks 1, 3, 3, 3, 5.5, 5.5, 7
        // R1 = 1 + 3 + 3 + 5.5 = 12.5, U1 = 12.5 − 10 = 2.5
        MannWhitney t = MannWhitney.test(new double[] {1, 2, 2, 3}, new double[] {2, 3, 4});
        assertThat(t.u1()).isEqualTo(2.5);
        assertThat(t.u2()).isEqualTo(9.5);
        // ties: a group of 3 (27 − 3 = 24) and of 2 (8 − 2 = 6) → Σ = 30; var = 4·3/12 · (8 − 30/(7·6)) = 7.285714…
        double var = 1.0 * (8 - 30.0 / 42);
        double z = (2.5 - 6 + 0.5) / Math.sqrt(var);
        assertThat(t.z()).isCloseTo(z, within(1e-12));
        assertThat(t.pValue()).isCloseTo(2 * new NormalDistribution().cumulativeProbability(z), within(1e-12));
    }

    @Test
    void identicalSamplesShowNoDifference() {
        MannWhitney t = MannWhitney.test(new double[] {1, 1, 1}, new double[] {1, 1});
        assertThat(t.pValue()).isEqualTo(1.0);
        assertThat(t.u1()).isEqualTo(3.0);
    }

    @Test
    void agreesWithCommonsMathOnRandomSamples() {
        MannWhitneyUTest commons = new MannWhitneyUTest();
        Random rnd = new Random(11);
        for (int n = 0; n < 200; n++) {
            double[] x = new double[3 + rnd.nextInt(40)];
            double[] y = new double[3 + rnd.nextInt(40)];
            double shift = rnd.nextDouble() * 2;
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian() + shift;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = rnd.nextGaussian();
            }
            MannWhitney ours = MannWhitney.test(x, y, false);
            // commons reports max(U1, U2) and a p-value from the uncorrected normal approximation (no ties here)
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

    @Test
    void normalTailMatchesCommonsMath() {
        NormalDistribution nd = new NormalDistribution();
        for (double z = -8; z <= 8; z += 0.03125) {
            double expected = 1 - nd.cumulativeProbability(z);
            assertThat(StandardNormal.upperTail(z)).as("z=" + z).isCloseTo(expected, within(1e-13 + 1e-9 * expected));
        }
    }
}
