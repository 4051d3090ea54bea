package io.jenkins.plugins.aigovernance.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.aigovernance.audit.ControllerAuditLog;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.ChangeEvents;
import io.jenkins.plugins.aigovernance.core.audit.ChangeFacts;
import io.jenkins.plugins.aigovernance.core.audit.DeploymentTrigger;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.GovernanceNoteWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Appends the build's governance events to the controller's audit log through the engine's
 * {@link ChangeEvents}: the change's fingerprint, commit, commit times, agent, recorded source, tier,
 * touched kinds, blast radius and dependents come from the build's risk assessment, exactly as
 * {@code aigov audit append --risk} fills them. Each appended record is noted in the build's trail
 * (sequence number and hash, and the event without its details). An event that cannot be appended
 * fails the step: a decision that is not on the record did not happen.
 */
@Restricted(NoExternalUse.class)
public final class AuditTrail {

    private AuditTrail() {}

    /**
     * @param type        what happened
     * @param outcome     short result ({@code allow}, {@code approved} …), or {@code null}
     * @param actor       who acted (Jenkins user id), or {@code null}
     * @param detailsJson the gate's document, or {@code null}
     */
    public static void append(
            Run<?, ?> run,
            TaskListener listener,
            AuditEventType type,
            @CheckForNull String outcome,
            @CheckForNull String actor,
            @CheckForNull String detailsJson)
            throws IOException {
        record(run, eventsOf(run).event(type, Instant.now(), outcome, actor, details(detailsJson)));
    }

    /**
     * Records that the change was deployed ({@code deployment-done}), unless this build already did:
     * the first of a completed apply and a promoted canary counts (see docs/audit.md). With a workspace,
     * the event's summary is also written as a git note on the change's commit ({@link #noteEvent}).
     *
     * @return whether an event was appended
     */
    public static boolean deploymentDone(
            Run<?, ?> run,
            TaskListener listener,
            @CheckForNull FilePath workspace,
            DeploymentTrigger trigger,
            @CheckForNull String actor,
            @CheckForNull String detailsJson)
            throws IOException, InterruptedException {
        Optional<AuditEvent> e =
                eventsOf(run).deploymentDone(trigger, Instant.now(), actor, details(detailsJson), appended(run));
        if (e.isPresent()) {
            record(run, e.get());
            noteEvent(run, workspace, listener, e.get());
        }
        return e.isPresent();
    }

    /**
     * Writes the approved change's summary as a git note in the workspace's repository (the engine's
     * {@code GovernanceNotes}: policy {@code audit.gitNotes} / {@code notesRef}). Without a workspace
     * or the build's analysis nothing is written; a note that cannot be written fails the step.
     */
    public static void noteApproval(
            Run<?, ?> run, @CheckForNull FilePath workspace, TaskListener listener, String approvalJson)
            throws IOException, InterruptedException {
        GovernanceRunAction action = GovernanceRunAction.of(run);
        if (workspace == null || action.getInputs() == null || action.getRiskJson() == null) {
            return;
        }
        report(
                listener,
                workspace.act(GovernanceNoteWriter.approved(
                        action.getInputs(),
                        AiGovernanceConfiguration.get().getDefaultPolicy(),
                        action.getRiskJson(),
                        approvalJson)));
    }

    /**
     * Writes an appended event's summary ({@code deployment-done}, {@code rollback}, {@code approval-given}
     * naming a commit) as a git note in the workspace's repository, as {@link #noteApproval} does.
     */
    public static void noteEvent(
            Run<?, ?> run, @CheckForNull FilePath workspace, TaskListener listener, AuditEvent event)
            throws IOException, InterruptedException {
        GovernanceRunAction action = GovernanceRunAction.of(run);
        if (workspace == null || action.getInputs() == null) {
            return;
        }
        report(
                listener,
                workspace.act(GovernanceNoteWriter.recorded(
                        action.getInputs(),
                        AiGovernanceConfiguration.get().getDefaultPolicy(),
                        Documents.toJson(event))));
    }

    private static void report(TaskListener listener, @CheckForNull String written) {
        if (written != null) {
            listener.getLogger().println(Messages.AuditTrail_NoteWritten(written));
        }
    }

    private static ChangeEvents eventsOf(Run<?, ?> run) throws IOException {
        GovernanceRunAction action = GovernanceRunAction.of(run);
        String riskJson = action.getRiskJson();
        ChangeFacts facts;
        try {
            facts = riskJson == null ? ChangeFacts.none() : ChangeFacts.ofDocument(Documents.tree(riskJson));
        } catch (IllegalArgumentException e) {
            throw new IOException(Messages.AuditTrail_Failed(e.getMessage()), e);
        }
        return new ChangeEvents(facts, run.getParent().getFullName(), run.getExternalizableId());
    }

    /** The events this build appended so far (as noted in its trail). */
    private static List<AuditEvent> appended(Run<?, ?> run) {
        List<AuditEvent> out = new ArrayList<>();
        for (GovernanceRecord r : GovernanceRunAction.of(run).recordsOf(RecordKind.AUDIT)) {
            if (r.getDocumentJson() != null) {
                out.add(Documents.read(r.getDocumentJson(), AuditEvent.class));
            }
        }
        return out;
    }

    @CheckForNull
    private static ObjectNode details(@CheckForNull String detailsJson) throws IOException {
        if (detailsJson == null) {
            return null;
        }
        JsonNode details;
        try {
            details = Documents.tree(detailsJson);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        return details instanceof ObjectNode o ? o : null;
    }

    private static void record(Run<?, ?> run, AuditEvent event) throws IOException {
        AuditRecord record;
        try {
            record = ControllerAuditLog.get().append(event);
        } catch (RuntimeException e) {
            throw new IOException(Messages.AuditTrail_Failed(e.getMessage()), e);
        }
        GovernanceRunAction.of(run)
                .add(GovernanceRecord.of(
                                RecordKind.AUDIT,
                                Messages.AuditTrail_Appended(
                                        event.type().json(),
                                        record.seq(),
                                        record.hash().substring(0, 12)),
                                event.type().json(),
                                Documents.toJson(event.withoutDetails()))
                        .by(event.actor()));
    }
}
