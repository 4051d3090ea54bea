package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.backtest.BacktestReport;
import io.jenkins.plugins.aigovernance.core.backtest.PolicyBacktest;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigov backtest}: what a policy would have done over the repository's history. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay a policy over history (first-parent commits and merges): tiers, approvals per week by group, rules, AI share,"
                + " and the difference to another policy.")
final class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    OutputOptions output;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Git repository (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--head", defaultValue = "HEAD", paramLabel = "REV", description = "Where the first-parent walk starts (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--since", defaultValue = "90d", paramLabel = "TIME",
            description = "How far back: an age like 90d, an instant or a date (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy to replay (default: .ai-governance.yml in the work tree, else the built-in policy).")
    Path policy;

    @Option(names = "--compare", paramLabel = "FILE", description = "A second policy (e.g. the one in force) to replay beside it and compare.")
    Path compare;

    @Option(names = {"-e", "--environment"}, paramLabel = "NAME", converter = EnvironmentArgument.class,
            description = "Target environment of every change (default: read from each change, else production).")
    String environment;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Instant from;
        try {
            from = TimeArgument.parse("--since", since, clock);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (from.isAfter(clock.instant())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since: '" + since + "' lies in the future");
        }
        PolicyLoader loader = new PolicyLoader();
        GovernanceEngine engine = new GovernanceEngine(loader, clock);
        BacktestReport report;
        try (Repository r = GitChangeReader.open(repo)) {
            GovernancePolicy p;
            if (policy != null) {
                p = loader.load(policy);
            } else {
                Path inTree = r.isBare() ? null : r.getWorkTree().toPath().resolve(PolicyLoader.DEFAULT_FILE);
                p = inTree != null && Files.isRegularFile(inTree) ? loader.load(inTree) : loader.defaults();
            }
            GovernancePolicy old = compare == null ? null : loader.load(compare);
            report = new PolicyBacktest(engine).run(r, head, from, p, old, environment);
        }
        output.print(spec.commandLine().getOut(), report, BacktestCommand::print);
        return ExitCode.OK;
    }

    static void print(PrintWriter out, BacktestReport r) {
        out.printf("AI Governance policy backtest%n");
        out.printf("  history       %d changes since %s (first parent)%n", r.changes(), r.since());
        for (String s : r.skipped()) {
            out.printf("  skipped       %s%n", s);
        }
        print(out, "policy", r.policy(), r.changes());
        if (r.compared() != null) {
            print(out, "compared with", r.compared(), r.changes());
            out.printf("  tier moves    %s%n", r.moved().isEmpty() ? "none" : "");
            r.moved().forEach((k, v) -> out.printf("                %-20s %d%n", k, v));
            for (BacktestReport.Moved m : r.examples()) {
                out.printf("                %s %s→%s  %s%n", m.commit(), m.from(), m.to(), m.subject());
            }
        }
        out.flush();
    }

    private static void print(PrintWriter out, String title, BacktestReport.Outcome o, int total) {
        out.printf("  %-13s %s%n", title, o.label());
        out.printf("    tiers       %s%n", String.join("  ", o.tiers().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        out.printf("    AI share    %d of %d (%s)%s%n", o.aiChanges(), total, percent(o.aiChanges(), total),
                o.unknownChanges() == 0 ? "" : "; " + o.unknownChanges() + " of unknown provenance");
        out.printf("    approvals   %d changes would have needed people%n", o.needingApproval());
        for (Map.Entry<String, Map<String, Integer>> w : o.approvalsByWeek().entrySet()) {
            out.printf("      %s  %s%n", w.getKey(), String.join(", ", w.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " × " + e.getKey()).toList()));
        }
        out.printf("    rules that fire most%n");
        o.rules().entrySet().stream().limit(10).forEach(e -> out.printf("      %-32s %d%n", e.getKey(), e.getValue()));
    }

    private static String percent(int n, int total) {
        return total == 0 ? "-" : String.format("%.1f%%", 100.0 * n / total);
    }
}
