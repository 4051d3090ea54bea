package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.GovernanceNotes;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.policy.AuditPolicy;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import jenkins.MasterToSlaveFileCallable;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Writes the governance git note in the workspace's repository, where the workspace is, through the
 * engine's {@link GovernanceNotes} (which decides what goes in and honours the policy's
 * {@code audit.gitNotes} / {@code notesRef}; the engine resolves the policy through the same chain as the build's
 * analysis, without analysing the change again).
 * Returns what was written ({@code commit under ref}), or {@code null} when nothing was.
 */
public final class GovernanceNoteWriter extends MasterToSlaveFileCallable<String> {

    private static final long serialVersionUID = 1L;

    private final ChangeInputs inputs;
    private final String globalPolicy;
    private final String riskJson;
    private final String approvalJson;
    private final String eventJson;

    private GovernanceNoteWriter(
            ChangeInputs inputs,
            @CheckForNull String globalPolicy,
            @CheckForNull String riskJson,
            @CheckForNull String approvalJson,
            @CheckForNull String eventJson) {
        this.inputs = inputs;
        this.globalPolicy = globalPolicy;
        this.riskJson = riskJson;
        this.approvalJson = approvalJson;
        this.eventJson = eventJson;
    }

    /** The note for an approved change (its risk assessment and the approval engine's evaluation, as JSON). */
    public static GovernanceNoteWriter approved(
            ChangeInputs inputs, @CheckForNull String globalPolicy, String riskJson, String approvalJson) {
        return new GovernanceNoteWriter(inputs, globalPolicy, riskJson, approvalJson, null);
    }

    /** The note for an audit event ({@code deployment-done}, {@code rollback} …, as JSON). */
    public static GovernanceNoteWriter recorded(
            ChangeInputs inputs, @CheckForNull String globalPolicy, String eventJson) {
        return new GovernanceNoteWriter(inputs, globalPolicy, null, null, eventJson);
    }

    @Override
    public String invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        // only the policy's audit settings are needed: the engine resolves the policy without reading the change again
        AuditPolicy audit = new GovernanceEngine(Clock.systemUTC())
                .policy(
                        inputs.toRequest(dir.toPath()),
                        inputs.policyChain(dir.toPath(), JenkinsInputs.globalPolicy(globalPolicy)))
                .audit();
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(dir);
        if (b.getGitDir() == null) {
            throw new InvalidInputException(dir.toString(), "not a git repository; no git note written");
        }
        try (Repository repo = b.setMustExist(true).build()) {
            GovernanceNotes notes = new GovernanceNotes(repo, audit);
            PersonIdent who = new PersonIdent("ai-governance", "ai-governance@jenkins");
            Optional<GovernanceNotes.NoteWritten> written = eventJson != null
                    ? notes.recorded(Documents.read(eventJson, AuditEvent.class), who)
                    : notes.approved(
                            Documents.read(riskJson, RiskAssessment.class),
                            Documents.read(approvalJson, ApprovalEvaluation.class),
                            who);
            return written.map(n -> n.commit() + " under " + n.notesRef()).orElse(null);
        }
    }
}
