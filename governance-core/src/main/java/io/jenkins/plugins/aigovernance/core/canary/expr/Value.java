package io.jenkins.plugins.aigovernance.core.canary.expr;

/** Formatting of values in messages. */
final class Value {

    private Value() {
    }

    static String format(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
