package io.jenkins.plugins.aigovernance.steps;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints the engine's documents to the build log, briefly (the build page has the rest). */
final class ConsoleReport {

    private static final int MAX_REASONS = 10;

    private ConsoleReport() {}

    static void risk(PrintStream out, Map<String, Object> risk) {
        out.println(Messages.ConsoleReport_Risk(
                risk.get("tier"),
                risk.get("blastRadius"),
                shortFingerprint(risk.get("fingerprint")),
                risk.get("effectiveSource"),
                risk.get("agentId") == null ? "" : " (" + risk.get("agentId") + ")",
                risk.get("policy")));
        if (risk.get("reasons") instanceof List<?> reasons) {
            int shown = 0;
            for (Object o : reasons) {
                if (o instanceof Map<?, ?> r && shown++ < MAX_REASONS) {
                    out.println("  - " + r.get("tier") + " " + r.get("rule") + ": " + r.get("message")
                            + subjects(r.get("subjects")));
                }
            }
            if (reasons.size() > MAX_REASONS) {
                out.println(Messages.ConsoleReport_More(reasons.size() - MAX_REASONS));
            }
        }
        dependents(out, risk);
    }

    /** The engine's dependent summaries: one line per changed resource that others use (the build page lists them all). */
    private static void dependents(PrintStream out, Map<String, Object> risk) {
        if (!(risk.get("dependents") instanceof Map<?, ?> d) || !(d.get("graph") instanceof Map<?, ?> graph)) {
            return;
        }
        if (graph.get("changed") instanceof List<?> changed) {
            int shown = 0;
            for (Object o : changed) {
                if (o instanceof Map<?, ?> c && shown++ < MAX_REASONS) {
                    out.println("  dependents: " + c.get("summary"));
                }
            }
        }
        if (graph.get("notes") instanceof List<?> notes) {
            for (Object n : notes) {
                out.println("  graph note: " + n);
            }
        }
    }

    static void scope(PrintStream out, Map<String, Object> d) {
        out.println(Messages.ConsoleReport_Scope(
                d.get("outcome"),
                Boolean.TRUE.equals(d.get("requiresApproval")) ? " (applying needs a human approval)" : "",
                d.get("effectiveSource"),
                d.get("agentId") == null ? "" : " (" + d.get("agentId") + ")",
                d.get("environment"),
                d.get("policy")));
        if (d.get("autonomy") instanceof Map<?, ?> a && a.get("summary") != null) {
            out.println("  autonomy: " + a.get("summary"));
        }
        findings(out, "VIOLATION", d.get("violations"));
        findings(out, "NEEDS APPROVAL", d.get("approvals"));
        findings(out, "advisory", d.get("advisories"));
        findings(out, "overridden", d.get("overridden"));
        if (d.get("refusedOverrides") instanceof List<?> refused) {
            for (Object o : refused) {
                if (o instanceof Map<?, ?> r && r.get("override") instanceof Map<?, ?> ov) {
                    out.println(
                            "  REFUSED override of " + ov.get("rule") + " by " + ov.get("by") + ": " + r.get("reason"));
                }
            }
        }
    }

    private static void findings(PrintStream out, String label, Object list) {
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> v) {
                    out.println("  " + label + " [" + v.get("enforcement") + "] " + v.get("rule") + ": "
                            + v.get("message"));
                }
            }
        }
    }

    static String shortFingerprint(Object fingerprint) {
        String f = String.valueOf(fingerprint);
        return f.startsWith("sha256:") && f.length() >= 19 ? f.substring(7, 19) : f;
    }

    private static String subjects(Object subjects) {
        if (!(subjects instanceof List<?> l) || l.isEmpty()) {
            return "";
        }
        List<?> shown = l.subList(0, Math.min(3, l.size()));
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
