package io.jenkins.plugins.aigovernance.core.metrics;

import java.time.Instant;
import java.util.List;

/**
 * DORA and guardrail metrics computed from the audit trail over the window {@code [from, to)}.
 *
 * @param from    start of the window (inclusive)
 * @param to      end of the window (exclusive)
 * @param days    length of the window in days
 * @param events  events in the window
 * @param reliability per agent and kind of change, sorted by agent then kind ({@code all} first)
 * @param totals  counts over the whole trail up to {@code to}
 */
public record MetricsReport(Instant from, Instant to, double days, int events, DoraMetrics dora, GuardrailMetrics guardrails,
        List<AgentReliability> reliability, AuditTotals totals) {

    public MetricsReport {
        reliability = List.copyOf(reliability);
    }
}
