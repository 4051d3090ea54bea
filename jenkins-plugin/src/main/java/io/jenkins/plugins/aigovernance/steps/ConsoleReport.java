package io.jenkins.plugins.aigovernance.steps;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.risk.GraphDependents;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskReason;
import io.jenkins.plugins.aigovernance.core.scope.RefusedOverride;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeViolation;
import java.io.PrintStream;
import java.util.List;

/** Prints the engine's records to the build log, briefly (the build page has the rest). */
final class ConsoleReport {

    private static final int MAX_REASONS = 10;

    private ConsoleReport() {}

    static void risk(PrintStream out, RiskAssessment risk) {
        out.println(Messages.ConsoleReport_Risk(
                risk.tier(),
                risk.blastRadius(),
                shortFingerprint(risk.fingerprint()),
                risk.effectiveSource() == null ? null : risk.effectiveSource().json(),
                risk.agentId() == null ? "" : " (" + risk.agentId() + ")",
                risk.policy()));
        List<RiskReason> reasons = risk.reasons();
        for (RiskReason r : reasons.subList(0, Math.min(MAX_REASONS, reasons.size()))) {
            out.println("  - " + r.tier() + " " + r.rule() + ": " + r.message() + subjects(r.subjects()));
        }
        if (reasons.size() > MAX_REASONS) {
            out.println(Messages.ConsoleReport_More(reasons.size() - MAX_REASONS));
        }
        dependents(out, risk);
    }

    /** The engine's dependent summaries: one line per changed resource that others use (the build page lists them all). */
    private static void dependents(PrintStream out, RiskAssessment risk) {
        if (risk.dependents() == null) {
            return;
        }
        GraphDependents graph = risk.dependents().graph();
        List<GraphDependents.ChangedResourceReach> changed = graph.changed();
        for (GraphDependents.ChangedResourceReach c : changed.subList(0, Math.min(MAX_REASONS, changed.size()))) {
            out.println("  dependents: " + c.summary());
        }
        for (String n : graph.notes()) {
            out.println("  graph note: " + n);
        }
    }

    static void scope(PrintStream out, ScopeDecision d) {
        out.println(Messages.ConsoleReport_Scope(
                d.outcome() == null ? null : d.outcome().json(),
                d.requiresApproval() ? " (applying needs a human approval)" : "",
                d.effectiveSource() == null ? null : d.effectiveSource().json(),
                d.agentId() == null ? "" : " (" + d.agentId() + ")",
                d.environment(),
                d.policy()));
        if (d.autonomy() != null && d.autonomy().summary() != null) {
            out.println("  autonomy: " + d.autonomy().summary());
        }
        findings(out, "VIOLATION", d.violations());
        findings(out, "NEEDS APPROVAL", d.approvals());
        findings(out, "advisory", d.advisories());
        findings(out, "overridden", d.overridden());
        for (RefusedOverride r : d.refusedOverrides()) {
            out.println("  REFUSED override of " + r.override().rule() + " by "
                    + r.override().by() + ": " + r.reason());
        }
    }

    private static void findings(PrintStream out, String label, List<ScopeViolation> list) {
        for (ScopeViolation v : list) {
            out.println("  " + label + " ["
                    + (v.enforcement() == null ? null : v.enforcement().json()) + "] " + v.rule() + ": " + v.message());
        }
    }

    static String shortFingerprint(ChangeFingerprint fingerprint) {
        return fingerprint == null ? "null" : shortFingerprint(fingerprint.value());
    }

    static String shortFingerprint(String fingerprint) {
        String f = String.valueOf(fingerprint);
        return f.startsWith("sha256:") && f.length() >= 19 ? f.substring(7, 19) : f;
    }

    private static String subjects(List<String> l) {
        if (l == null || l.isEmpty()) {
            return "";
        }
        List<String> shown = l.subList(0, Math.min(3, l.size()));
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < shown.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(shown.get(i));
        }
        if (l.size() > shown.size()) {
            sb.append(", +").append(l.size() - shown.size());
        }
        return sb.append(')').toString();
    }
}
