package io.jenkins.plugins.aigovernance.core.metrics;

import io.jenkins.plugins.aigovernance.core.risk.RiskTier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link MetricsReport} in the Prometheus text exposition format (version 0.0.4): one
 * {@code # HELP} and {@code # TYPE} line per metric family, label values escaped ({@code \\},
 * {@code \"}, newline), durations in seconds, ratios between 0 and 1. Metrics without a value
 * (a rate with nothing to divide by) are left out. Constant labels (e.g. {@code repository}) are
 * added to every sample.
 */
public final class PrometheusExposition {

    private final Map<String, String> constantLabels;

    public PrometheusExposition() {
        this(Map.of());
    }

    public PrometheusExposition(Map<String, String> constantLabels) {
        for (String name : constantLabels.keySet()) {
            if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*") || name.startsWith("__")) {
                throw new IllegalArgumentException("invalid Prometheus label name '" + name + "'");
            }
        }
        this.constantLabels = new LinkedHashMap<>(constantLabels);
    }

    public String format(MetricsReport r) {
        StringBuilder sb = new StringBuilder();
        DoraMetrics d = r.dora();
        GuardrailMetrics g = r.guardrails();
        gauge(sb, "aigov_window_seconds", "Length of the window the metrics cover.", r.days() * 86400);
        gauge(sb, "aigov_audit_events", "Audit events in the window.", r.events());
        gauge(sb, "aigov_deployments", "Deployments (deployment-done events) in the window.", d.deployments());
        gauge(sb, "aigov_deployment_frequency_per_day", "DORA deployment frequency: deployments per day.", d.deploymentsPerDay());
        summary(sb, "aigov_lead_time_seconds", "DORA lead time for changes: first commit to deployment.", d.leadTime());
        gauge(sb, "aigov_failed_deployments", "Deployments in the window that were later rolled back.", d.failedDeployments());
        gauge(sb, "aigov_change_failure_ratio", "DORA change failure rate: failed deployments / deployments.", d.changeFailureRate());
        summary(sb, "aigov_time_to_restore_seconds", "DORA time to restore: deployment of a failed change to its rollback.", d.timeToRestore());

        header(sb, "aigov_ai_changes", "AI changes with events in the window, by highest risk tier.", "gauge");
        for (RiskTier t : RiskTier.values()) {
            sample(sb, "aigov_ai_changes", Map.of("tier", t.name()), g.aiChangesByTier().getOrDefault(t, 0));
        }
        gauge(sb, "aigov_ai_changes_total_in_window", "AI changes with events in the window (all tiers).", g.aiChanges());
        gauge(sb, "aigov_ai_changes_blocked_ratio", "Share of AI changes with a scope decision that were denied by policy.", g.aiBlockedRate());
        summary(sb, "aigov_approval_time_seconds", "Approval requested to approval given.", g.approvalTime());

        header(sb, "aigov_deployments_by_source", "Deployments in the window by change source (ai or human).", "gauge");
        sample(sb, "aigov_deployments_by_source", Map.of("source", "ai"), g.aiDeployments());
        sample(sb, "aigov_deployments_by_source", Map.of("source", "human"), g.humanDeployments());
        if (g.aiRollbackRate() != null || g.humanRollbackRate() != null) {
            header(sb, "aigov_rollback_ratio", "Deployments later rolled back / deployments, by change source.", "gauge");
            if (g.aiRollbackRate() != null) {
                sample(sb, "aigov_rollback_ratio", Map.of("source", "ai"), g.aiRollbackRate());
            }
            if (g.humanRollbackRate() != null) {
                sample(sb, "aigov_rollback_ratio", Map.of("source", "human"), g.humanRollbackRate());
            }
        }
        return sb.toString();
    }

    private void gauge(StringBuilder sb, String name, String help, Number value) {
        if (value == null) {
            return;
        }
        header(sb, name, help, "gauge");
        sample(sb, name, Map.of(), value);
    }

    private void summary(StringBuilder sb, String name, String help, Distribution d) {
        header(sb, name, help, "summary");
        if (d.medianSeconds() != null) {
            sample(sb, name, Map.of("quantile", "0.5"), d.medianSeconds());
            sample(sb, name, Map.of("quantile", "0.9"), d.p90Seconds());
        }
        sample(sb, name + "_sum", Map.of(), d.sumSeconds());
        sample(sb, name + "_count", Map.of(), d.count());
    }

    private static void header(StringBuilder sb, String name, String help, String type) {
        sb.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(StringBuilder sb, String name, Map<String, String> labels, Number value) {
        sb.append(name);
        Map<String, String> all = new LinkedHashMap<>(constantLabels);
        all.putAll(labels);
        if (!all.isEmpty()) {
            sb.append('{');
            boolean firstLabel = true;
            for (Map.Entry<String, String> l : all.entrySet()) {
                sb.append(firstLabel ? "" : ",").append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                firstLabel = false;
            }
            sb.append('}');
        }
        sb.append(' ').append(number(value)).append('\n');
    }

    /** Escapes a label value: backslash, double quote and newline. */
    static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(Number n) {
        if (n instanceof Integer || n instanceof Long) {
            return n.toString();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
