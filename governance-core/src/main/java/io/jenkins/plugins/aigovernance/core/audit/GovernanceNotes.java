package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus;
import io.jenkins.plugins.aigovernance.core.approval.FilledSlot;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.policy.AuditPolicy;
import io.jenkins.plugins.aigovernance.core.provenance.GovernanceBlock;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Which governance summaries go into git notes, and writing them as the policy's {@code audit:}
 * section says ({@code gitNotes}, {@code notesRef}). The CLI ({@code aigov approval check},
 * {@code aigov audit append --repo}) and the Jenkins plugin (after an approval, after a deployment)
 * call this, so what a note holds is decided once:
 *
 * <ul>
 *   <li>an <b>approved</b> approval: {@code change_source} (the effective source), {@code risk_tier},
 *       {@code blast_radius}, {@code approved_by} (every distinct approver who filled a slot),
 *       {@code approved_at} (the last of their answers), {@code scope_policy_version} (the policy
 *       label), on the change's head commit;</li>
 *   <li>an audit event of type {@code approval-given}, {@code deployment-done} or {@code rollback}
 *       naming a {@code commit}: {@code change_source} and {@code risk_tier} from the event;
 *       {@code approval-given} adds {@code approved_by} (the actor) and {@code approved_at} (the
 *       event time); {@code details} may add {@code blastRadius} (a number), {@code approvedBy},
 *       {@code scopePolicyVersion}, {@code opaEvaluation} and {@code rollbackCommit} (strings).</li>
 * </ul>
 * Other events, events without a commit, and a policy with {@code gitNotes: false} write nothing.
 */
public final class GovernanceNotes {

    /** Event types whose summary goes into a note. */
    public static final Set<AuditEventType> NOTED =
            Set.of(AuditEventType.APPROVAL_GIVEN, AuditEventType.DEPLOYMENT_DONE, AuditEventType.ROLLBACK);

    /** A note written: on which commit, under which ref, its whole new text. */
    public record NoteWritten(String commit, String notesRef, String text) {
    }

    private final Repository repository;
    private final AuditPolicy policy;
    private final GitNotesAuditStore store;

    public GovernanceNotes(Repository repository, AuditPolicy policy) {
        this.repository = repository;
        this.policy = policy == null ? new AuditPolicy() : policy;
        this.store = new GitNotesAuditStore(repository, this.policy.notesRef());
    }

    /** Whether the policy asks for notes at all. */
    public boolean enabled() {
        return policy.gitNotes();
    }

    /**
     * Writes the summary of an approved change on its head commit.
     *
     * @return the note written; empty when notes are off or the approval is not {@code approved}
     * @throws InvalidInputException when the head commit is not in the repository or its note cannot be merged
     */
    public Optional<NoteWritten> approved(RiskAssessment risk, ApprovalEvaluation approval, PersonIdent who) {
        if (!enabled() || approval.status() != ApprovalStatus.APPROVED || !approval.satisfied()) {
            return Optional.empty();
        }
        return Optional.of(write(risk.head(), summary(risk, approval), who));
    }

    /**
     * Writes the summary of an audit event on its commit.
     *
     * @return the note written; empty when notes are off, the type is not {@link #NOTED} or the event names no commit
     * @throws InvalidInputException when the commit is not in the repository or its note cannot be merged
     */
    public Optional<NoteWritten> recorded(AuditEvent event, PersonIdent who) {
        if (!enabled()) {
            return Optional.empty();
        }
        return summary(event).map(block -> write(event.commit(), block, who));
    }

    /** The block for an approved change (see the class documentation). */
    public static GovernanceBlock summary(RiskAssessment risk, ApprovalEvaluation approval) {
        Set<String> approvers = new LinkedHashSet<>();
        Instant last = null;
        for (FilledSlot f : approval.filled()) {
            approvers.add(f.approverId());
            last = last == null || (f.at() != null && f.at().isAfter(last)) ? f.at() : last;
        }
        return GovernanceBlock.of(risk.effectiveSource()).withRiskTier(approval.tier().name()).withBlastRadius(risk.blastRadius())
                .withApprovedBy(approvers.isEmpty() ? null : String.join(", ", approvers)).withApprovedAt(last)
                .withScopePolicyVersion(risk.policy());
    }

    /** The block for an audit event, when its type is {@link #NOTED} and it names a commit. */
    public static Optional<GovernanceBlock> summary(AuditEvent event) {
        if (!NOTED.contains(event.type()) || event.commit() == null || event.commit().isBlank()) {
            return Optional.empty();
        }
        GovernanceBlock b = GovernanceBlock.of(event.changeSource()).withRiskTier(event.tier() == null ? null : event.tier().name());
        if (event.type() == AuditEventType.APPROVAL_GIVEN) {
            b = b.withApprovedBy(line(event.actor())).withApprovedAt(event.time());
        }
        if (event.blastRadius() != null) { // the change's blast radius, as ChangeEvents records it on every event
            b = b.withBlastRadius(event.blastRadius());
        }
        JsonNode d = event.details();
        if (d != null) {
            if (d.path("blastRadius").canConvertToInt() && d.path("blastRadius").isIntegralNumber()) {
                b = b.withBlastRadius(d.path("blastRadius").intValue());
            }
            if (text(d, "approvedBy") != null) {
                b = b.withApprovedBy(text(d, "approvedBy"));
            }
            b = b.withScopePolicyVersion(or(text(d, "scopePolicyVersion"), b.scopePolicyVersion()))
                    .withOpaEvaluation(or(text(d, "opaEvaluation"), b.opaEvaluation()))
                    .withRollbackCommit(or(text(d, "rollbackCommit"), b.rollbackCommit()));
        }
        return Optional.of(b);
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    /** A string detail as one line (a note field is one line; breaks become spaces); {@code null} when absent. */
    private static String text(JsonNode details, String field) {
        JsonNode n = details.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(i -> items.add(i.asText()));
            return line(String.join(", ", items));
        }
        return n.isValueNode() ? line(n.asText()) : null;
    }

    private static String line(String s) {
        return s == null ? null : s.replaceAll("[\\r\\n]+", " ");
    }

    /**
     * The {@code audit:} section that governs notes in a repository: {@code policyFile} when given,
     * else {@code .ai-governance.yml} at {@code revision}, else the built-in policy.
     *
     * @throws InvalidInputException when the policy cannot be read or is invalid
     */
    public static AuditPolicy policyAt(Repository repository, String revision, java.nio.file.Path policyFile) {
        io.jenkins.plugins.aigovernance.core.policy.PolicyLoader loader = new io.jenkins.plugins.aigovernance.core.policy.PolicyLoader();
        if (policyFile != null) {
            return loader.load(policyFile).audit();
        }
        try {
            ObjectId at = repository.resolve(revision + "^{commit}");
            if (at == null) {
                return loader.defaults().audit();
            }
            byte[] bytes = io.jenkins.plugins.aigovernance.core.change.GitChangeReader.readAt(repository, at.name(),
                    io.jenkins.plugins.aigovernance.core.policy.PolicyLoader.DEFAULT_FILE,
                    io.jenkins.plugins.aigovernance.core.policy.PolicyLoader.MAX_BYTES);
            return bytes == null ? loader.defaults().audit()
                    : loader.parse(io.jenkins.plugins.aigovernance.core.policy.PolicyLoader.DEFAULT_FILE + "@" + at.name().substring(0, 12), bytes,
                            "revision").audit();
        } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new InvalidInputException(revision, "cannot read the policy at this revision: " + e.getMessage(), e);
        }
    }

    private NoteWritten write(String commit, GovernanceBlock block, PersonIdent who) {
        ObjectId id;
        try (RevWalk rw = new RevWalk(repository)) {
            ObjectId resolved = commit == null ? null : repository.resolve(commit + "^{commit}");
            if (resolved == null) {
                throw new InvalidInputException(String.valueOf(commit), "not a commit of " + repository.getDirectory()
                        + "; no git note written");
            }
            id = rw.parseCommit(resolved).getId();
        } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw new InvalidInputException(String.valueOf(commit), "not a commit of " + repository.getDirectory() + ": " + e.getMessage(), e);
        }
        return new NoteWritten(id.name(), store.notesRef(), store.write(id, block, who));
    }
}
