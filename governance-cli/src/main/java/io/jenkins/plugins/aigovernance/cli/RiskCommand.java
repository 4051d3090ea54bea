package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskReason;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aigov risk}: classify a change and compute its blast radius. */
@Command(name = "risk", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Classify a change (LOW, MEDIUM, HIGH, CRITICAL) with a 0-100 blast radius and the reasons.")
final class RiskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ChangeOptions change;

    @Mixin
    OutputOptions output;

    @Option(names = "--fail-on", paramLabel = "TIER", description = "Exit 1 when the tier is at least TIER (LOW, MEDIUM, HIGH, CRITICAL).")
    String failOn;

    @Override
    public Integer call() throws Exception {
        RiskTier threshold = null;
        if (failOn != null) {
            threshold = RiskTier.parse(failOn);
            if (threshold == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fail-on: unknown tier '" + failOn + "'");
            }
        }
        RiskAssessment a = change.assess(new GovernanceEngine(Clock.systemUTC())).risk();
        output.print(spec.commandLine().getOut(), a, RiskCommand::print);
        return threshold != null && a.tier().atLeast(threshold) ? ExitCode.GATE_FAILED : ExitCode.OK;
    }

    static void print(PrintWriter out, RiskAssessment a) {
        out.printf("AI Governance risk assessment%n");
        out.printf("  change        %s..%s  fingerprint %s%n", shortId(a.base()), shortId(a.head()), a.fingerprint().shortForm());
        out.printf("  made by       %s%s%n", a.provenance().source().json(),
                a.agentId() == null ? "" : " (" + a.agentId() + ")");
        for (String e : a.provenance().evidence().stream().limit(5).toList()) {
            out.printf("                - %s%n", e);
        }
        out.printf("  tier          %s%n", a.tier());
        var f = a.blastRadiusFactors();
        out.printf("  blast radius  %d/100  (tier %.2f, size %.2f, destructive %.2f, dependents %.2f)%n", a.blastRadius(), f.tier(), f.size(),
                f.destructive(), f.dependents());
        out.printf("  size          %d files, +%d -%d lines, %d resources, %d destroyed (%d stateful or network), %d commits%n",
                a.summary().files(), a.summary().linesAdded(), a.summary().linesDeleted(), a.summary().resources(), a.summary().destroyed(),
                a.summary().destroyedStatefulOrNetwork(), a.summary().commits());
        if (!a.dependents().dependents().isEmpty()) {
            out.printf("  dependents    %d services depend on %s%n", a.dependents().dependents().size(), String.join(", ", a.dependents().touched()));
        }
        var graph = a.dependents().graph();
        if (graph.resources() > 0) {
            out.printf("  reaches       %d resources in %d units (%d dependent units in all)%n", graph.resources(), graph.units(),
                    a.dependents().units());
            for (var c : graph.changed().stream().limit(10).toList()) {
                out.printf("                - %s%n", c.summary());
            }
            if (graph.changed().size() > 10) {
                out.printf("                (+%d more changed resources reach others; --json lists all)%n", graph.changed().size() - 10);
            }
            var top = graph.unitList().stream().limit(5).map(u -> u.unit() + " (" + u.resources() + ")").toList();
            out.printf("  top units     %s%s%n", String.join(", ", top), graph.units() > top.size() ? ", ..." : "");
        }
        for (String note : graph.notes()) {
            out.printf("  graph note    %s%n", note);
        }
        out.printf("  environment   %s%n", a.environment() == null ? "(not given: treated as production)" : a.environment());
        out.printf("  policy        %s%n", a.policy());
        for (int i = 0; i < a.notes().size(); i++) {
            out.printf("  %-13s %s%n", i == 0 ? "notes" : "", a.notes().get(i));
        }
        out.printf("%n");
        out.printf("  %-9s %-26s %-44s %s%n", "TIER", "RULE", "WHY", "WHERE");
        for (RiskReason r : a.reasons()) {
            java.util.List<String> shown = r.subjects().stream().limit(3).toList();
            String where = String.join(", ", shown) + (r.count() > shown.size() ? " (+" + (r.count() - shown.size()) + " more)" : "");
            out.printf("  %-9s %-26s %-44s %s%n", r.tier(), r.rule(), truncate(r.message(), 44), where);
        }
    }

    private static String shortId(String id) {
        return id == null ? "-" : id.substring(0, Math.min(12, id.length()));
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
