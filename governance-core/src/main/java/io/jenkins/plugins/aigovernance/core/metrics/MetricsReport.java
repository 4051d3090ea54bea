package io.jenkins.plugins.aigovernance.core.metrics;

import java.time.Instant;

/**
 * DORA and guardrail metrics computed from the audit trail over the window {@code [from, to)}.
 *
 * @param from    start of the window (inclusive)
 * @param to      end of the window (exclusive)
 * @param days    length of the window in days
 * @param events  events in the window
 */
public record MetricsReport(Instant from, Instant to, double days, int events, DoraMetrics dora, GuardrailMetrics guardrails) {
}
