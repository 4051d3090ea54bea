package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.metrics.AgentReliability;
import io.jenkins.plugins.aigovernance.core.metrics.Distribution;
import io.jenkins.plugins.aigovernance.core.metrics.MetricsCalculator;
import io.jenkins.plugins.aigovernance.core.metrics.MetricsReport;
import io.jenkins.plugins.aigovernance.core.metrics.PrometheusExposition;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aigov metrics}: DORA four keys and AI guardrail metrics from the audit trail. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "DORA four keys and AI guardrail metrics from the audit log, as text, JSON or Prometheus exposition format.")
final class MetricsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AuditLogOption log;

    @Option(names = "--since", paramLabel = "TIME", description = "Window start: instant, date, or age like 30d (default: the first event).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Window end, exclusive (default: now).")
    String until;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|prometheus", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--label", paramLabel = "NAME=VALUE",
            description = "Constant label added to every Prometheus sample (repeatable); tier, source, agent, category, quantile and le are taken.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        if (!List.of("text", "json", "prometheus").contains(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: expected text, json or prometheus, not '" + format + "'");
        }
        Clock clock = Clock.systemUTC();
        Instant from;
        Instant to;
        PrometheusExposition prometheus;
        try {
            from = TimeArgument.parse("--since", since, clock);
            to = until == null ? clock.instant() : TimeArgument.parse("--until", until, clock);
            prometheus = new PrometheusExposition(labels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), (e.getMessage().startsWith("--") ? "" : "--label: ") + e.getMessage());
        }
        if (from != null && from.isAfter(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since (" + from + ") is after --until (" + to + ")");
        }
        List<AuditEvent> events = new ArrayList<>();
        try (AuditStore store = log.open(spec)) {
            store.forEachEvent(events::add);
            log.reportTornTail(spec, store.tornTail());
        }
        MetricsReport r = new MetricsCalculator().compute(events, from, to);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "json" -> OutputOptions.writeJson(out, r);
            case "prometheus" -> out.print(prometheus.format(r));
            default -> print(out, r);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, MetricsReport r) {
        var d = r.dora();
        var g = r.guardrails();
        out.printf("AI Governance metrics  %s .. %s  (%.1f days, %d events)%n%n", r.from(), r.to(), r.days(), r.events());
        out.printf("DORA%n");
        out.printf("  deployment frequency   %.2f per day (%d deployments)%n", d.deploymentsPerDay(), d.deployments());
        out.printf("  lead time for changes  %s%n", dist(d.leadTime()));
        out.printf("  change failure rate    %s (%d of %d)%n", pct(d.changeFailureRate()), d.failedDeployments(), d.deployments());
        out.printf("  time to restore        %s%n%n", dist(d.timeToRestore()));
        out.printf("Guardrails%n");
        out.printf("  AI changes             %d  %s%n", g.aiChanges(), g.aiChangesByTier());
        out.printf("  blocked by policy      %s (%d of %d with a scope decision)%n", pct(g.aiBlockedRate()), g.aiBlocked(), g.aiScopeDecided());
        out.printf("  approval time          %s%n", dist(g.approvalTime()));
        out.printf("  rollback rate          AI %s (%d of %d), human %s (%d of %d)%n", pct(g.aiRollbackRate()), g.aiRollbacks(), g.aiDeployments(),
                pct(g.humanRollbackRate()), g.humanRollbacks(), g.humanDeployments());
        if (d.leadTimeClockSkew() > 0) {
            out.printf("  clock skew             %d commit times after their deployment, left out of lead time%n", d.leadTimeClockSkew());
        }
        out.printf("%nAgent reliability by change type%n");
        out.printf("  %-16s %-18s %7s %9s %14s %10s %9s%n", "AGENT", "CHANGE TYPE", "CHANGES", "BLOCKED", "APPROVAL (MED)", "ROLLBACK", "CFR");
        for (AgentReliability a : r.reliability()) {
            out.printf("  %-16s %-18s %7d %9s %14s %10s %9s%n", a.agent(), a.category(), a.changes(), pct(a.blockedRate()),
                    a.approvalTime().medianSeconds() == null ? "-" : human(a.approvalTime().medianSeconds()), pct(a.rollbackRate()),
                    pct(a.changeFailureRate()));
        }
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format("%.1f%%", v * 100);
    }

    private static String dist(Distribution d) {
        if (d.count() == 0) {
            return "- (no data)";
        }
        return "median " + human(d.medianSeconds()) + ", p90 " + human(d.p90Seconds()) + " (" + d.count() + ")";
    }

    private static String human(double seconds) {
        if (seconds >= 86400) {
            return String.format("%.1fd", seconds / 86400);
        }
        if (seconds >= 3600) {
            return String.format("%.1fh", seconds / 3600);
        }
        if (seconds >= 60) {
            return String.format("%.0fm", seconds / 60);
        }
        return String.format("%.0fs", seconds);
    }
}
