package io.jenkins.plugins.aigovernance.core.canary;

import java.time.Instant;
import java.util.Objects;

/**
 * What one reconciliation of a canary run decided the caller does next, and the progress to persist
 * before doing it.
 *
 * @param kind     {@link Kind#SET_WEIGHT}: run the traffic action for {@code weight}, then report it with
 *                 {@link CanaryReconciler#trafficMoved} or {@link CanaryReconciler#trafficFailed};
 *                 {@link Kind#WAIT}: reconcile again at {@code until} (nothing is measured before);
 *                 {@link Kind#DECIDED}: the run ended with {@code verdict} (for a ROLLBACK the caller runs its
 *                 rollback action and records it with {@link CanaryVerdict#withRollback})
 * @param progress the progress to persist
 * @param weight   for SET_WEIGHT, the weight to move the canary to
 * @param until    for WAIT, when to reconcile again
 * @param verdict  for DECIDED, the verdict
 */
public record CanaryNext(Kind kind, CanaryProgress progress, Integer weight, Instant until, CanaryVerdict verdict) {

    /** What the caller does next. */
    public enum Kind {
        SET_WEIGHT,
        WAIT,
        DECIDED
    }

    public CanaryNext {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(progress, "progress");
        if ((kind == Kind.SET_WEIGHT) != (weight != null) || (kind == Kind.WAIT) != (until != null)
                || (kind == Kind.DECIDED) != (verdict != null)) {
            throw new IllegalArgumentException("a " + kind + " names exactly its own value");
        }
    }

    static CanaryNext setWeight(CanaryProgress p, int weight) {
        return new CanaryNext(Kind.SET_WEIGHT, p, weight, null, null);
    }

    static CanaryNext waitUntil(CanaryProgress p, Instant until) {
        return new CanaryNext(Kind.WAIT, p, null, until, null);
    }

    static CanaryNext decided(CanaryProgress p, CanaryVerdict v) {
        return new CanaryNext(Kind.DECIDED, p, null, null, v);
    }
}
