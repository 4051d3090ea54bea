package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalNotice;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalSlot;
import io.jenkins.plugins.aigovernance.core.approval.ExcludedIdentity;
import io.jenkins.plugins.aigovernance.core.approval.ExclusionKind;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalLedger;
import io.jenkins.plugins.aigovernance.core.approval.FileApprovalLedger;
import io.jenkins.plugins.aigovernance.core.approval.LedgerEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.LedgerRead;
import io.jenkins.plugins.aigovernance.core.approval.FilledSlot;
import io.jenkins.plugins.aigovernance.core.approval.NotificationResult;
import io.jenkins.plugins.aigovernance.core.approval.OpenSlot;
import io.jenkins.plugins.aigovernance.core.approval.RefusedApproval;
import io.jenkins.plugins.aigovernance.core.approval.WebhookNotifier;
import io.jenkins.plugins.aigovernance.core.audit.GovernanceNotes;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import org.eclipse.jgit.lib.Repository;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aigov approval}: what a change needs, and whether a set of approvals satisfies it. */
@Command(name = "approval", mixinStandardHelpOptions = true,
        description = "Approval requirements (who must sign off) and checks (is this set of approvals enough).",
        subcommands = {ApprovalCommand.Requirements.class, ApprovalCommand.Check.class})
final class ApprovalCommand {

    /** The change and who started the build: what both subcommands compute the requirement from. */
    static final class RequirementOptions {
        @Mixin
        ChangeOptions change;

        @Option(names = "--initiator", paramLabel = "ID",
                description = "Who started the build (user id, email or 'Name <email>'); may not approve. Default: $BUILD_USER_ID.")
        String initiator;

        /** What the change needs, with everyone who may not approve it. */
        ApprovalRequirement requirement(GovernanceEngine engine) {
            return requirement(engine, change.assess(engine));
        }

        ApprovalRequirement requirement(GovernanceEngine engine, AssessedChange c) {
            // the initiator is read at the command line's edge; the engine decides who may not approve
            return engine.approvalRequirement(c.context(), c.risk(), initiator != null ? initiator : System.getenv("BUILD_USER_ID"), List.of());
        }
    }

    /** {@code aigov approval requirements}. */
    @Command(name = "requirements", mixinStandardHelpOptions = true, description = "Print what this change needs: slots, exclusions, timeout.")
    static final class Requirements implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        RequirementOptions requirement;
        @Mixin
        OutputOptions output;

        @Option(names = "--notify",
                description = "Open the request: call the policy's notification webhooks (URLs from the environment variables the policy names).")
        boolean notify;

        @Option(names = "--link", paramLabel = "URL", description = "Where approvers answer (e.g. the build's input page), sent with --notify.")
        String link;

        @Override
        public Integer call() throws Exception {
            GovernanceEngine engine = new GovernanceEngine(Clock.systemUTC());
            AssessedChange change = requirement.change.assess(engine);
            ApprovalRequirement req = requirement.requirement(engine, change);
            output.print(spec.commandLine().getOut(), req, ApprovalCommand::printRequirement);
            if (notify && req.needsPeople()) {
                ApprovalRequest request = engine.openApproval(req, null);
                ApprovalNotice notice = ApprovalNotice.of(request, change.risk(), change.context(), link);
                report(spec.commandLine().getErr(), WebhookNotifier.standard().requestOpened(notice, change.context().policy().notifications()));
            }
            return ExitCode.OK;
        }
    }

    /** Reports each notification on stderr; failures are reported and never change the outcome: a notification approves nothing. */
    static void report(PrintWriter err, List<NotificationResult> results) {
        for (NotificationResult r : results) {
            err.printf("notification %s (%s): %s after %d attempt%s%s%n", r.endpoint(), r.target(),
                    r.delivered() ? "delivered" : "NOT delivered", r.attempts(), r.attempts() == 1 ? "" : "s",
                    r.error() == null ? "" : ": " + r.error());
        }
        err.flush();
    }

    /** {@code aigov approval check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a set of approvals against what this change needs. Exit 0 approved, 1 denied or expired, 4 pending, 2 bad input.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        RequirementOptions requirement;
        @Mixin
        OutputOptions output;

        @Option(names = "--approvals", required = true, paramLabel = "FILE",
                description = "Approvals: a JSON array of approvals, or an approval ledger (JSON lines).")
        Path approvals;

        @Option(names = "--no-git-notes", negatable = false,
                description = "Do not write the approved change's summary as a git note (default: as the policy's audit.gitNotes says).")
        boolean noGitNotes;

        @Option(names = "--notify",
                description = "When the request is decided (approved, denied, expired), resolve its alert on the policy's pagerduty endpoints.")
        boolean notify;

        @Option(names = "--opened-at", paramLabel = "INSTANT",
                description = "When the request opened (ISO-8601). Default: from the ledger, else the earliest decision on this change, else now.")
        String openedAt;

        @Option(names = "--apply", negatable = false,
                description = "Check as an apply step does, right before applying: an approved change also needs the approval not to have gone"
                        + " stale (one request timeout after the last approval that counted); exit 1 with the reason otherwise.")
        boolean apply;

        @Override
        public Integer call() throws Exception {
            Clock clock = Clock.systemUTC();
            GovernanceEngine engine = new GovernanceEngine(clock);
            AssessedChange change = requirement.change.assess(engine);
            ApprovalRequirement req = requirement.requirement(engine, change);
            Decisions d = read(approvals, clock, req);
            Instant opened = openedAt != null ? instant(openedAt) : d.openedAt != null ? d.openedAt : clock.instant();
            ApprovalEvaluation e = engine.evaluateApproval(ApprovalRequest.open(req, opened), d.decisions);
            if (d.ledger != null) {
                LedgerEvaluation l = LedgerEvaluation.of(e, approvals.toString(), d.ledger);
                e = l.evaluation();
                output.print(spec.commandLine().getOut(), l, ApprovalCommand::printLedgerEvaluation);
            } else {
                output.print(spec.commandLine().getOut(), e, ApprovalCommand::printEvaluation);
            }
            if (notify) {
                report(spec.commandLine().getErr(), WebhookNotifier.standard().requestDecided(e, change.context().policy().notifications()));
            }
            if (!noGitNotes) {
                // an approved change's summary goes on its head commit (policy audit.gitNotes / notesRef)
                try (Repository repo = NotesRepository.open(requirement.change.repo)) {
                    new GovernanceNotes(repo, change.context().policy().audit()).approved(change.risk(), e, NotesRepository.writer(repo))
                            .ifPresent(n -> spec.commandLine().getErr().printf("git note written on %s under %s%n", n.commit(), n.notesRef()));
                }
            }
            if (apply && e.status() == io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus.APPROVED) {
                // the engine's apply check: the change read now is the approved one, not stale, for this environment
                var check = engine.mayApply(e, change.context().fingerprint(), e.environment());
                if (!check.allowed()) {
                    spec.commandLine().getErr().println("aigov: apply refused: " + check.whyNot());
                    spec.commandLine().getErr().flush();
                    return ExitCode.GATE_FAILED;
                }
            }
            return switch (e.status()) {
                case APPROVED -> ExitCode.OK;
                case PENDING -> ExitCode.NEEDS_HUMAN;
                case DENIED, EXPIRED -> ExitCode.GATE_FAILED;
            };
        }
    }

    private record Decisions(List<Approval> decisions, Instant openedAt, LedgerRead ledger) {
    }

    private static Decisions read(Path file, Clock clock, ApprovalRequirement req) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "approvals file not found");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read approvals: " + e.getMessage(), e);
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
        List<Approval> decisions;
        Instant opened = null;
        LedgerRead ledgerRead = null;
        if (text.startsWith("[")) {
            decisions = Approval.readList(file.toString(), bytes);
        } else {
            ledgerRead = new FileApprovalLedger(file, clock).read();
            decisions = ApprovalLedger.decisionsFor(ledgerRead, req.fingerprint());
            ApprovalRequest r = ApprovalLedger.latestRequestFor(ledgerRead, req.fingerprint(), req.environment());
            opened = r == null ? null : r.openedAt();
        }
        if (opened == null) {
            // the earliest decision on this change, for any environment: an earlier opening only makes the expiry earlier, and
            // the approvals of another environment are then reported as wrong-environment, not as before-request
            opened = decisions.stream().filter(a -> a.fingerprint().equals(req.fingerprint())).map(Approval::at).min(Instant::compareTo)
                    .orElse(null);
        }
        return new Decisions(decisions, opened, ledgerRead);
    }

    private static Instant instant(String s) {
        Instant t;
        try {
            t = Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("--opened-at", "not an ISO-8601 instant: " + s);
        }
        if (!JsonDocuments.inRange(t)) {
            throw new InvalidInputException("--opened-at", s + " lies outside the years 0000 to 9999");
        }
        return t;
    }

    static void printRequirement(PrintWriter out, ApprovalRequirement r) {
        out.printf("AI Governance approval requirement%n");
        out.printf("  change        fingerprint %s%n", r.fingerprint().shortForm());
        out.printf("  tier          %s%n", r.tier());
        out.printf("  environment   %s%n", Approval.describe(r.environment()));
        if (!r.needsPeople()) {
            out.printf("  needs         no people%s%n", r.automatedChecks() ? " (automated checks must pass)" : "");
        } else {
            out.printf("  needs         %d distinct people:%n", r.peopleRequired());
            for (ApprovalSlot s : r.slots()) {
                out.printf("                - %d from %s%n", s.count(), s.group());
            }
        }
        out.printf("  timeout       %d minutes%n", r.timeout().toMinutes());
        out.printf("  break-glass   %s%n", r.breakGlass().enabled() ? "enabled for " + String.join(", ", r.breakGlass().allowed()) : "disabled");
        out.printf("  may not approve:%n");
        for (ExcludedIdentity e : r.excluded()) {
            if (!e.pattern() || e.kind() != ExclusionKind.AI_IDENTITY) {
                out.printf("                - %s (%s)%n", e.identity(), e.reason());
            }
        }
        out.printf("                - every AI identity (the agent catalogue and the policy's), in any spelling%n");
        out.printf("  policy        %s%n", r.policy());
    }

    static void printLedgerEvaluation(PrintWriter out, LedgerEvaluation l) {
        printEvaluation(out, l.evaluation());
        for (LedgerRead.TornWrite t : l.ledgerSkipped()) {
            out.printf("  ledger        skipped %s%n", t.describe());
        }
    }

    static void printEvaluation(PrintWriter out, ApprovalEvaluation e) {
        out.printf("AI Governance approval check%n");
        out.printf("  change        fingerprint %s, tier %s%n", e.fingerprint().shortForm(), e.tier());
        out.printf("  environment   %s%n", Approval.describe(e.environment()));
        out.printf("  status        %s%s%n", e.status().json().toUpperCase(java.util.Locale.ROOT), e.breakGlass() ? " (BREAK-GLASS)" : "");
        out.printf("  opened        %s, expires %s%n", e.openedAt(), e.expiresAt());
        if (e.denial() != null) {
            out.printf("  denied by     %s%s: %s%n", e.denial().approverId(),
                    java.util.Objects.equals(e.denial().environment(), e.environment()) ? ""
                            : " (for environment " + Approval.describe(e.denial().environment()) + "; a denial stops the change everywhere)",
                    e.denial().comment());
        }
        for (FilledSlot f : e.filled()) {
            out.printf("  filled        %-24s by %s at %s%n", f.group(), f.approverId(), f.at());
        }
        for (OpenSlot o : e.open()) {
            out.printf("  open          %-24s %d more from group %s (not: %s)%n", o.group(), o.missing(), o.group(), String.join(", ", o.notFrom()));
        }
        for (RefusedApproval r : e.refused()) {
            out.printf("  not counted   %-24s %s: %s%n", r.approval().approverId(), r.reason().json(), r.detail());
        }
    }
}
