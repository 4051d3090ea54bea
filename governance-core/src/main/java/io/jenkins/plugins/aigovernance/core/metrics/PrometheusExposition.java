package io.jenkins.plugins.aigovernance.core.metrics;

import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes a {@link MetricsReport} in the Prometheus text exposition format (version 0.0.4): one
 * {@code # HELP} and {@code # TYPE} line per metric family, label values escaped ({@code \\},
 * {@code \"}, newline), durations in seconds, ratios between 0 and 1.
 *
 * <p>Types follow what the numbers do over time: counts over the whole trail ({@link AuditTotals})
 * only grow and are {@code counter}s ({@code _total}); everything about the window (counts, rates,
 * median and p90 of durations) can go up and down as the window slides and is a {@code gauge}. No
 * summaries: a summary's {@code _sum} and {@code _count} must never go down, and per-window ones
 * would. Metrics without a value (a rate with nothing to divide by) are left out, their family kept.
 * Label sets are bounded: tiers, sources, {@link io.jenkins.plugins.aigovernance.core.risk.ChangeCategory}
 * kinds and at most {@link MetricsCalculator#MAX_AGENTS} agents (plus human, unknown, other).
 *
 * <p>Constant labels (e.g. {@code repository}) are added to every sample of every family; names the
 * exposition uses itself ({@link #RESERVED}) and invalid names are refused.
 */
public final class PrometheusExposition {

    /** Label names the exposition sets on some family, so a constant label must not use them. */
    public static final Set<String> RESERVED = Set.of("tier", "source", "agent", "category", "quantile", "le");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, String> constantLabels;

    public PrometheusExposition() {
        this(Map.of());
    }

    /** @throws IllegalArgumentException naming a label that is invalid, reserved ({@code __…}) or used by the exposition */
    public PrometheusExposition(Map<String, String> constantLabels) {
        for (Map.Entry<String, String> l : constantLabels.entrySet()) {
            String name = l.getKey();
            if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("invalid Prometheus label name '" + name + "' (expected [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("label '" + name + "' is set by the exposition itself (" + String.join(", ", RESERVED.stream()
                        .sorted().toList()) + "); choose another name");
            }
            if (l.getValue() == null) {
                throw new IllegalArgumentException("label '" + name + "' has no value");
            }
        }
        this.constantLabels = new LinkedHashMap<>(constantLabels);
    }

    public String format(MetricsReport r) {
        StringBuilder sb = new StringBuilder();
        DoraMetrics d = r.dora();
        GuardrailMetrics g = r.guardrails();
        AuditTotals t = r.totals();
        counter(sb, "aigov_audit_events_total", "Audit events recorded before the end of the window.", t.events());
        counter(sb, "aigov_deployments_total", "Deployments (deployment-done events) recorded before the end of the window.", t.deployments());
        counter(sb, "aigov_failed_deployments_total", "Deployments later rolled back (rollbacks before the end of the window).",
                t.failedDeployments());
        counter(sb, "aigov_rollbacks_total", "Rollback events, successful or not.", t.rollbacks());
        counter(sb, "aigov_restores_total", "Successful rollbacks (rollback-failed excluded).", t.restores());
        counter(sb, "aigov_approvals_total", "Approvals given.", t.approvals());
        counter(sb, "aigov_scope_denials_total", "Scope decisions that denied a change.", t.scopeDenials());
        counter(sb, "aigov_lead_time_clock_skew_total", "Commit times after their deployment, left out of lead time.", t.clockSkew());

        gauge(sb, "aigov_window_seconds", "Length of the window the gauges cover.", r.days() * 86400);
        gauge(sb, "aigov_window_audit_events", "Audit events in the window.", r.events());
        gauge(sb, "aigov_deployments", "Deployments (deployment-done events) in the window.", d.deployments());
        gauge(sb, "aigov_deployment_frequency_per_day", "DORA deployment frequency: deployments per day.", d.deploymentsPerDay());
        distribution(sb, "aigov_lead_time", "DORA lead time for changes: commit to deployment, per commit", d.leadTime());
        gauge(sb, "aigov_lead_time_clock_skew", "Commit times after their deployment in the window, left out of lead time.",
                d.leadTimeClockSkew());
        gauge(sb, "aigov_failed_deployments", "Deployments in the window that were later rolled back.", d.failedDeployments());
        gauge(sb, "aigov_change_failure_ratio", "DORA change failure rate: failed deployments / deployments.", d.changeFailureRate());
        distribution(sb, "aigov_time_to_restore", "DORA time to restore: deployment of a failed change to its successful rollback",
                d.timeToRestore());

        header(sb, "aigov_ai_changes", "AI changes with events in the window, by highest risk tier.", "gauge");
        for (RiskTier tier : RiskTier.values()) {
            sample(sb, "aigov_ai_changes", Map.of("tier", tier.name()), g.aiChangesByTier().getOrDefault(tier, 0));
        }
        gauge(sb, "aigov_ai_changes_in_window", "AI changes with events in the window (all tiers).", g.aiChanges());
        gauge(sb, "aigov_ai_changes_blocked_ratio", "Share of AI changes with a scope decision that were denied by policy.", g.aiBlockedRate());
        distribution(sb, "aigov_approval_time", "Approval requested to approval given", g.approvalTime());
        Distribution approval = g.approvalTime();
        gauge(sb, "aigov_approval_time_mean_seconds", "Mean time to approval: approval requested to approval given, mean in the window.",
                approval.count() == 0 ? null : approval.sumSeconds() / approval.count());

        header(sb, "aigov_deployments_by_source", "Deployments in the window by change source (ai or human).", "gauge");
        sample(sb, "aigov_deployments_by_source", Map.of("source", "ai"), g.aiDeployments());
        sample(sb, "aigov_deployments_by_source", Map.of("source", "human"), g.humanDeployments());
        header(sb, "aigov_rollback_ratio", "Deployments later rolled back / deployments, by change source.", "gauge");
        if (g.aiRollbackRate() != null) {
            sample(sb, "aigov_rollback_ratio", Map.of("source", "ai"), g.aiRollbackRate());
        }
        if (g.humanRollbackRate() != null) {
            sample(sb, "aigov_rollback_ratio", Map.of("source", "human"), g.humanRollbackRate());
        }

        List<AgentReliability> rel = r.reliability();
        agentFamily(sb, rel, "aigov_agent_changes", "Changes with events in the window, per agent and kind of change.", a -> a.changes());
        agentFamily(sb, rel, "aigov_agent_blocked_ratio", "Share of changes with a scope decision that were denied, per agent and kind.",
                AgentReliability::blockedRate);
        agentFamily(sb, rel, "aigov_agent_approval_time_median_seconds", "Median approval time, per agent and kind.",
                a -> a.approvalTime().medianSeconds());
        agentFamily(sb, rel, "aigov_agent_rollback_ratio", "Share of rolled-out changes (canary or deployment) rolled back, per agent and kind.",
                AgentReliability::rollbackRate);
        agentFamily(sb, rel, "aigov_agent_change_failure_ratio", "Deployments later rolled back / deployments, per agent and kind.",
                AgentReliability::changeFailureRate);
        return sb.toString();
    }

    private void agentFamily(StringBuilder sb, List<AgentReliability> rows, String name, String help, Function<AgentReliability, Number> value) {
        header(sb, name, help, "gauge");
        for (AgentReliability a : rows) {
            Number v = value.apply(a);
            if (v != null) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("agent", a.agent());
                labels.put("category", a.category());
                sample(sb, name, labels, v);
            }
        }
    }

    private void counter(StringBuilder sb, String name, String help, long value) {
        header(sb, name, help, "counter");
        sample(sb, name, Map.of(), value);
    }

    private void gauge(StringBuilder sb, String name, String help, Number value) {
        header(sb, name, help, "gauge");
        if (value != null) {
            sample(sb, name, Map.of(), value);
        }
    }

    /** Median, p90 and the number of values of a window's durations, as three gauges. */
    private void distribution(StringBuilder sb, String name, String help, Distribution d) {
        gauge(sb, name + "_median_seconds", help + ": median (nearest rank) in the window.", d.medianSeconds());
        gauge(sb, name + "_p90_seconds", help + ": 90th percentile (nearest rank) in the window.", d.p90Seconds());
        gauge(sb, name + "_measured", help + ": how many values the window has.", d.count());
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
