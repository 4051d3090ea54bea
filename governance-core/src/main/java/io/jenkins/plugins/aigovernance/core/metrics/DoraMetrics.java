package io.jenkins.plugins.aigovernance.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The DORA four keys over a window.
 *
 * @param deployments        {@code deployment-done} events in the window
 * @param deploymentsPerDay  deployments divided by the window's length in days
 * @param leadTime           first commit ({@code commitTime}) to {@code deployment-done}, per deployment that knows its commit time
 * @param failedDeployments  deployments in the window that were later rolled back
 * @param changeFailureRate  failed / deployments (absent without deployments)
 * @param timeToRestore      per rollback in the window: deployment of the change to its {@code rollback}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoraMetrics(int deployments, double deploymentsPerDay, Distribution leadTime, int failedDeployments, Double changeFailureRate,
        Distribution timeToRestore) {
}
