package io.jenkins.plugins.aigovernance.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.aigovernance.audit.ControllerAuditLog;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.provenance.ChangeSource;
import io.jenkins.plugins.aigovernance.core.risk.RiskTier;
import io.jenkins.plugins.aigovernance.facade.GovernanceNoteWriter;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Appends the build's governance events to the controller's audit log, filling the change's
 * fingerprint, commit, agent, source and tier from the build's risk assessment, and notes each
 * appended record (sequence number and hash) in the build's trail. An event that cannot be appended
 * fails the step: a decision that is not on the record did not happen.
 */
@Restricted(NoExternalUse.class)
public final class AuditTrail {

    private static final ObjectMapper MAPPER = JsonDocuments.newMapper();

    private AuditTrail() {}

    /**
     * @param type        what happened
     * @param outcome     short result ({@code allow}, {@code approved} …), or {@code null}
     * @param actor       who acted (Jenkins user id), or {@code null}
     * @param detailsJson the gate's document, or {@code null}
     */
    public static AuditEvent append(
            Run<?, ?> run,
            TaskListener listener,
            AuditEventType type,
            @CheckForNull String outcome,
            @CheckForNull String actor,
            @CheckForNull String detailsJson)
            throws IOException {
        GovernanceRunAction action = GovernanceRunAction.of(run);
        Map<String, Object> risk = action.getRisk();
        AuditEvent.Builder b = AuditEvent.builder(type, Instant.now())
                .build(run.getExternalizableId())
                .repository(run.getParent().getFullName())
                .outcome(outcome)
                .actor(actor);
        if (risk != null) {
            b.fingerprint(string(risk.get("fingerprint")))
                    .commit(string(risk.get("head")))
                    .agent(string(risk.get("agentId")));
            if (risk.get("effectiveSource") != null) {
                b.changeSource(ChangeSource.of(string(risk.get("effectiveSource"))));
            }
            if (risk.get("tier") != null) {
                b.tier(RiskTier.of(string(risk.get("tier"))));
            }
        }
        if (detailsJson != null) {
            JsonNode details = MAPPER.readTree(detailsJson);
            if (details instanceof ObjectNode o) {
                b.details(o);
            }
        }
        AuditRecord record;
        AuditEvent event = b.build();
        try {
            record = ControllerAuditLog.get().append(event);
        } catch (RuntimeException e) {
            throw new IOException(Messages.AuditTrail_Failed(e.getMessage()), e);
        }
        action.add(GovernanceRecord.of(
                        RecordKind.AUDIT,
                        Messages.AuditTrail_Appended(
                                type.json(), record.seq(), record.hash().substring(0, 12)),
                        type.json(),
                        null)
                .by(actor));
        return event;
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
        report(listener, workspace.act(GovernanceNoteWriter.approved(
                action.getInputs(), AiGovernanceConfiguration.get().getDefaultPolicy(), action.getRiskJson(), approvalJson)));
    }

    /**
     * Writes an appended event's summary ({@code deployment-done}, {@code rollback}, {@code approval-given}
     * naming a commit) as a git note in the workspace's repository, as {@link #noteApproval} does.
     */
    public static void noteEvent(Run<?, ?> run, @CheckForNull FilePath workspace, TaskListener listener, AuditEvent event)
            throws IOException, InterruptedException {
        GovernanceRunAction action = GovernanceRunAction.of(run);
        if (workspace == null || action.getInputs() == null) {
            return;
        }
        report(listener, workspace.act(GovernanceNoteWriter.recorded(
                action.getInputs(), AiGovernanceConfiguration.get().getDefaultPolicy(), MAPPER.writeValueAsString(event))));
    }

    private static void report(TaskListener listener, @CheckForNull String written) {
        if (written != null) {
            listener.getLogger().println(Messages.AuditTrail_NoteWritten(written));
        }
    }

    @CheckForNull
    private static String string(@CheckForNull Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
