package io.jenkins.plugins.aigovernance.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The DORA four keys over a window.
 *
 * @param deployments        {@code deployment-done} events in the window
 * @param deploymentsPerDay  deployments divided by the window's length in days
 * @param leadTime           per commit of a change first deployed in the window: its commit time to that {@code deployment-done}
 * @param leadTimeClockSkew  commit times after their deployment (clock skew): left out of {@code leadTime}, counted here
 * @param failedDeployments  deployments in the window that were later rolled back
 * @param changeFailureRate  failed / deployments (absent without deployments)
 * @param timeToRestore      per successful rollback in the window: deployment of the change to its {@code rollback}
 *                           ({@code rollback-failed} restores nothing and is left out)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoraMetrics(int deployments, double deploymentsPerDay, Distribution leadTime, int leadTimeClockSkew, int failedDeployments, Double changeFailureRate,
        Distribution timeToRestore) {
}
