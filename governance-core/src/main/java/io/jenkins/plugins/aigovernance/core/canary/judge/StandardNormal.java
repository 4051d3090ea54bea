package io.jenkins.plugins.aigovernance.core.canary.judge;

/** Tail probabilities of the standard normal distribution, accurate to about 1e-14. */
final class StandardNormal {

    private StandardNormal() {
    }

    /** P(Z &gt; z). */
    static double upperTail(double z) {
        return z >= 0 ? erfc(z / Math.sqrt(2)) / 2 : 1 - erfc(-z / Math.sqrt(2)) / 2;
    }

    /** Complementary error function for x ≥ 0: a positive series below 3, a continued fraction above. */
    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 3) {
            // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))
            double term = x;
            double sum = x;
            for (int n = 1; n < 200 && term > sum * 1e-17; n++) {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
            }
            return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
        }
        if (x > 27) {
            return 0;
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated by modified Lentz
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
