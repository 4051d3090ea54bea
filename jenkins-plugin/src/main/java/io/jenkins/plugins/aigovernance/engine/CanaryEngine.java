package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryNext;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryProgress;
import io.jenkins.plugins.aigovernance.core.canary.CanaryReconciler;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusConnection;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusProvider;
import java.time.Clock;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The engine's canary reconciler (governance-core {@code CanaryReconciler}) over a Prometheus connection, for the
 * scheduled {@code aiCanaryVerify}: every call takes the persisted {@link CanaryProgress} and returns the next one
 * (or what to do next); nothing here decides, and nothing is held between calls.
 */
@Restricted(NoExternalUse.class)
public final class CanaryEngine {

    private final CanaryReconciler reconciler;

    /** A reconciler measuring through {@code connection}, on the system clock (UTC). */
    public CanaryEngine(@NonNull PrometheusConnection connection) {
        this.reconciler = new CanaryReconciler(new PrometheusProvider(connection), Clock.systemUTC());
    }

    /** The progress of a run starting at step {@code fromStep} with the canary at {@code weight} (0-100). */
    @NonNull
    public CanaryProgress start(@NonNull CanaryPlan plan, int fromStep, int weight) {
        return reconciler.start(plan, fromStep, weight);
    }

    /** Takes the measurements that are due and says what to do next (move traffic, wait until, verdict). */
    @NonNull
    public CanaryNext reconcile(
            @NonNull CanaryPlan plan, @NonNull CanaryProgress progress, @NonNull CanaryListener listener) {
        return reconciler.reconcile(plan, progress, listener);
    }

    /** The traffic move the last answer asked for succeeded. */
    @NonNull
    public CanaryProgress trafficMoved(
            @NonNull CanaryPlan plan, @NonNull CanaryProgress progress, @NonNull CanaryListener listener) {
        return reconciler.trafficMoved(plan, progress, listener);
    }

    /** The traffic move failed with {@code error}: the run rolls back. */
    @NonNull
    public CanaryNext trafficFailed(
            @NonNull CanaryPlan plan,
            @NonNull CanaryProgress progress,
            @NonNull String error,
            @NonNull CanaryListener listener) {
        return reconciler.trafficFailed(plan, progress, error, listener);
    }

    /** The run was interrupted (abort, lost state): it rolls back. */
    @NonNull
    public CanaryNext interrupted(@NonNull CanaryPlan plan, @NonNull CanaryProgress progress) {
        return reconciler.interrupted(plan, progress);
    }
}
