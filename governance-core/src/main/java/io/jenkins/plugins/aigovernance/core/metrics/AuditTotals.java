package io.jenkins.plugins.aigovernance.core.metrics;

/**
 * Counts over the whole trail up to the end of the window (the start is ignored): they only grow as
 * the trail grows and time passes, so the Prometheus exposition writes them as counters.
 *
 * @param events            events before the end
 * @param deployments       {@code deployment-done} events
 * @param failedDeployments deployments followed by a {@code rollback} of the change (before its next deployment)
 * @param rollbacks         {@code rollback} events (successful or not)
 * @param restores          successful rollbacks (not {@code rollback-failed})
 * @param approvals         {@code approval-given} events
 * @param scopeDenials      {@code scope-decided} events with outcome {@code deny}
 * @param clockSkew         commit times after the deployment that first shipped them
 */
public record AuditTotals(long events, long deployments, long failedDeployments, long rollbacks, long restores, long approvals,
        long scopeDenials, long clockSkew) {
}
