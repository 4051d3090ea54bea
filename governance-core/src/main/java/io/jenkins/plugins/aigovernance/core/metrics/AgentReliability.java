package io.jenkins.plugins.aigovernance.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How one agent did with one kind of change over a window ("quantitative data on AI agent
 * reliability by change type"). A change counts once for every kind it touches, and once more under
 * {@code all}.
 *
 * @param agent             the agent id; {@code unknown} for AI changes (or changes of unknown or unrecorded source)
 *                          without one, {@code human} for human changes, {@code other} for agents beyond the
 *                          {@link MetricsCalculator#MAX_AGENTS} with the most changes
 * @param category          a {@link io.jenkins.plugins.aigovernance.core.risk.ChangeCategory} in JSON form, {@code unknown}
 *                          for changes that recorded no touches, {@code other} for touches outside that set, or {@code all}
 * @param changes           changes with at least one event in the window
 * @param scopeDecided      of those, changes with a {@code scope-decided} event in the window
 * @param blocked           of those, changes with a {@code deny} decision
 * @param blockedRate       blocked / scopeDecided (absent when none was decided)
 * @param approvalTime      approval request to each approval given in the window
 * @param rolledOut         changes with a {@code canary-step} or {@code deployment-done} event in the window
 * @param rolledBack        of those, changes with a {@code rollback} event in the window
 * @param rollbackRate      rolledBack / rolledOut (absent when nothing was rolled out)
 * @param deployments       {@code deployment-done} events in the window
 * @param failedDeployments of those, deployments later rolled back
 * @param changeFailureRate failedDeployments / deployments (absent without deployments)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentReliability(String agent, String category, int changes, int scopeDecided, int blocked, Double blockedRate,
        Distribution approvalTime, int rolledOut, int rolledBack, Double rollbackRate, int deployments, int failedDeployments,
        Double changeFailureRate) {
}
