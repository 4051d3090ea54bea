package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.scope.OpaServer;
import io.jenkins.plugins.aigovernance.core.scope.RefusedOverride;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOverride;
import io.jenkins.plugins.aigovernance.core.scope.ScopeViolation;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aigov scope}: was this actor allowed to make this change at all? */
@Command(name = "scope", mixinStandardHelpOptions = true,
        description = {"Check a change against the policy's scope rules and the agent's autonomy level (and, optionally, an OPA policy).",
            "Exit 0: allowed; 4: allowed only as a proposal, applying it needs a human approval; 1: denied; 2: bad input."})
final class ScopeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ChangeOptions change;

    @Mixin
    OutputOptions output;

    @Option(names = "--override", paramLabel = "RULE:BY:REASON",
            description = "An owner's override of a soft-mandatory rule (repeatable). BY must be one of the rule's owners.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--opa-url", paramLabel = "URL", description = "Also ask this OPA server (Data API) for deny messages.")
    URI opaUrl;

    @Option(names = "--opa-package", paramLabel = "PKG", defaultValue = "ai_devops.scope",
            description = "Rego package whose deny set is read (default: ${DEFAULT-VALUE}).")
    String opaPackage;

    @Option(names = "--opa-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationArgument.class,
            description = "How long to wait for OPA's answer, e.g. 500ms, 10s, PT1M (default: ${DEFAULT-VALUE}).")
    Duration opaTimeout;

    @Option(names = "--opa-connect-timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationArgument.class,
            description = "How long to wait for a connection to OPA (default: ${DEFAULT-VALUE}).")
    Duration opaConnectTimeout;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        List<ScopeOverride> given = new ArrayList<>();
        for (String o : overrides) {
            String[] parts = o.split(":", 3);
            if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new ParameterException(spec.commandLine(), "--override: expected RULE:BY:REASON, not '" + o + "'");
            }
            given.add(new ScopeOverride(parts[0].trim(), parts[1].trim(), parts[2].trim(), clock.instant()));
        }
        List<OpaServer> opa = opaUrl == null ? List.of() : List.of(new OpaServer(opaUrl.toString(), opaPackage, opaTimeout, opaConnectTimeout));
        GovernanceEngine engine = new GovernanceEngine(clock);
        AssessedChange c = change.assess(engine);
        ScopeDecision d = engine.checkScope(c.context(), c.risk(), given, opa);
        output.print(spec.commandLine().getOut(), d, ScopeCommand::print);
        if (!d.allowed()) {
            return ExitCode.GATE_FAILED;
        }
        return d.requiresApproval() ? ExitCode.NEEDS_HUMAN : ExitCode.OK;
    }

    static void print(PrintWriter out, ScopeDecision d) {
        out.printf("AI Governance scope check%n");
        out.printf("  change        fingerprint %s%n", d.fingerprint().shortForm());
        out.printf("  made by       %s%s%s%n", d.effectiveSource().json(), d.agentId() == null ? "" : " (" + d.agentId() + ")",
                d.detectedSource() == d.effectiveSource() ? "" : "  [provenance " + d.detectedSource().json() + ", treated as " + d.effectiveSource().json() + "]");
        out.printf("  environment   %s%s%n", d.environment() == null ? "(not given)" : d.environment(), d.production() ? "  [production]" : "");
        out.printf("  autonomy      %s%n", d.autonomy() == null ? "not limited (not an AI agent change)" : d.autonomy().summary());
        out.printf("  risk tier     %s%n", d.riskTier());
        out.printf("  policy        %s%n", d.policy());
        for (int i = 0; i < d.notes().size(); i++) {
            out.printf("  %-13s %s%n", i == 0 ? "notes" : "", d.notes().get(i));
        }
        for (String c : d.externalChecks()) {
            out.printf("  also checked  %s%n", c);
        }
        String outcome = d.allowed() ? (d.requiresApproval() ? "ALLOW as a proposal: applying it needs a human approval" : "ALLOW") : "DENY";
        out.printf("  outcome       %s%n", outcome);
        section(out, "Violations (the change is denied)", d.violations());
        section(out, "Approval required before applying", d.approvals());
        section(out, "Advisories (reported, pass)", d.advisories());
        section(out, "Overridden", d.overridden());
        section(out, "Exempted by allow rules", d.exemptions());
        for (ScopeOverride o : d.overrides()) {
            out.printf("  override      %s by %s: %s%n", o.rule(), o.by(), o.reason());
        }
        for (RefusedOverride r : d.refusedOverrides()) {
            out.printf("  REFUSED       override of %s by %s: %s%n", r.override().rule(), r.override().by(), r.reason());
        }
    }

    private static void section(PrintWriter out, String title, List<ScopeViolation> findings) {
        if (findings.isEmpty()) {
            return;
        }
        out.printf("%n  %s%n", title);
        for (ScopeViolation v : findings) {
            out.printf("  - [%s] %s: %s%n", v.enforcement().json(), v.rule(), v.message());
        }
    }
}
