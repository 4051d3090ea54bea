package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityAssessor;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityCriterion;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityScorecard;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigov maturity}: the team graded against the framework's levels 1 to 4 (docs/maturity.md). */
@Command(name = "maturity", mixinStandardHelpOptions = true,
        description = "Grade the team against the governance framework's levels 1 to 4 from the policy and the audit log; each line says "
                + "what to do next. Unknown (no data) never counts as passed.")
final class MaturityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AuditLogOption log;

    @Mixin
    OutputOptions output;

    @Option(names = "--policy", paramLabel = "FILE", description = "The policy in force (default: the built-in policy).")
    Path policy;

    @Option(names = "--since", defaultValue = "30d", paramLabel = "TIME",
            description = "Window start: instant, date, or age like 30d (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Window end, exclusive (default: now).")
    String until;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Instant from;
        Instant to;
        try {
            from = TimeArgument.parse("--since", since, clock);
            to = until == null ? clock.instant() : TimeArgument.parse("--until", until, clock);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (from.isAfter(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since (" + from + ") is after --until (" + to + ")");
        }
        PolicyLoader loader = new PolicyLoader();
        GovernancePolicy p = policy == null ? loader.defaults() : loader.load(policy);
        MaturityScorecard card;
        try (AuditStore store = log.open(spec)) {
            card = new MaturityAssessor().assess(store, p, from, to);
            log.reportTornTail(spec, store.tornTail());
        }
        output.print(spec.commandLine().getOut(), card, MaturityCommand::print);
        return ExitCode.OK;
    }

    static void print(PrintWriter out, MaturityScorecard c) {
        out.printf("AI Governance maturity  %s .. %s  (%d events, %s, policy %s)%n", c.from(), c.to(), c.events(), c.auditStore(), c.policy());
        out.printf("  level       %d of %d%s%n%n", c.level(), MaturityScorecard.LEVELS.size(), c.level() == 0 ? " (level 1 not reached yet)"
                : " (" + c.levelName() + ")");
        int level = 0;
        for (MaturityCriterion k : c.criteria()) {
            if (k.level() != level) {
                level = k.level();
                out.printf("Level %d  %s%n", level, MaturityScorecard.LEVELS.get(level - 1));
            }
            out.printf("  %-9s %-27s %s%n", "[" + k.status().json() + "]", k.id(), k.measured());
            out.printf("  %-9s %-27s target %s%n", "", "", k.target());
            out.printf("  %-9s %-27s next: %s%n", "", "", k.next());
            for (String s : k.subjects()) {
                out.printf("  %-9s %-27s - %s%n", "", "", s);
            }
        }
    }
}
