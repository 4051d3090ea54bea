package io.jenkins.plugins.aigovernance.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.util.Map;

/**
 * How the guardrails are doing with AI changes over a window. A change is an AI change when the most-AI
 * source any of its events recorded is ai-agent, ai-assisted or unknown (unknown provenance is
 * treated like AI, as the default policy does); human otherwise.
 *
 * @param aiChanges          AI changes with at least one event in the window
 * @param aiChangesByTier    those by their highest recorded tier (changes without a tier are left out)
 * @param aiScopeDecided     AI changes with a {@code scope-decided} event in the window
 * @param aiBlocked          of those, the ones with a {@code deny} decision
 * @param aiBlockedRate      blocked / decided (absent when none were decided)
 * @param approvalTime       {@code approval-requested} to each {@code approval-given} in the window (latest request before it)
 * @param aiDeployments      deployments of AI changes in the window
 * @param aiRollbacks        of those, the ones later rolled back
 * @param aiRollbackRate     rollbacks / deployments for AI changes
 * @param humanDeployments   deployments of human changes in the window
 * @param humanRollbacks     of those, the ones later rolled back
 * @param humanRollbackRate  rollbacks / deployments for human changes
 * @param changesRolledOut   changes (AI and human) with a {@code canary-step} or {@code deployment-done} event in the window
 * @param changesRolledBack  of those, changes with a {@code rollback} event in the window (a canary that caught the problem too)
 * @param changeRollbackRate rolled back / rolled out (absent when nothing was rolled out)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardrailMetrics(int aiChanges, Map<RiskTier, Integer> aiChangesByTier, int aiScopeDecided, int aiBlocked, Double aiBlockedRate,
        Distribution approvalTime, int aiDeployments, int aiRollbacks, Double aiRollbackRate, int humanDeployments, int humanRollbacks,
        Double humanRollbackRate, int changesRolledOut, int changesRolledBack, Double changeRollbackRate) {
}
