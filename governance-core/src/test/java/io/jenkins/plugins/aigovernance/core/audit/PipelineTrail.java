package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an audit log the way the Jenkins steps do: {@code aiRiskScore} scores the change in a real
 * repository and keeps the assessment's JSON on the build; every later step reads it back with
 * {@link ChangeFacts#ofDocument} and appends through {@link ChangeEvents} (the plugin's
 * {@code AuditTrail}); {@code withAiCredentials} and {@code aiCanaryVerify} record the deployment with
 * {@link ChangeEvents#deploymentDone}, passing the events the build appended so far. Only the clock
 * is the test's: each call names the time the step would have seen.
 */
final class PipelineTrail implements AutoCloseable {

    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private final GitFixture git;
    private final AuditLog log;
    private String base;

    PipelineTrail(GitFixture git, Path logFile, String base) {
        this.git = git;
        this.log = AuditLog.open(logFile);
        this.base = base;
    }

    /** One pipeline run over the change from the last scored head to HEAD. */
    Build build(String job, int number, Instant scoredAt) {
        GovernanceEngine engine = new GovernanceEngine(Clock.fixed(scoredAt, ZoneOffset.UTC));
        ChangeContext ctx = engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", null, null, null, "production", null));
        RiskAssessment risk = engine.assessRisk(ctx);
        base = risk.head();
        String riskJson;
        try {
            riskJson = mapper.writeValueAsString(risk); // what aiRiskScore stores on the build
            return new Build(new ChangeEvents(ChangeFacts.ofDocument(mapper.readTree(riskJson)), job, job + "#" + number), risk, scoredAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        log.close();
    }

    /** The steps of one run. */
    final class Build {
        final ChangeEvents events;
        final RiskAssessment risk;
        private final List<AuditEvent> appended = new ArrayList<>();

        private Build(ChangeEvents events, RiskAssessment risk, Instant scoredAt) {
            this.events = events;
            this.risk = risk;
            append(events.event(AuditEventType.RISK_ASSESSED, scoredAt, risk.tier().name(), "jenkins", mapper.valueToTree(risk)));
        }

        private Build append(AuditEvent e) {
            log.append(e);
            appended.add(e.withoutDetails());
            return this;
        }

        Build scope(Instant t, String outcome) {
            return append(events.event(AuditEventType.SCOPE_DECIDED, t, outcome, null, null));
        }

        Build approvalRequested(Instant t) {
            return append(events.event(AuditEventType.APPROVAL_REQUESTED, t, "requested", null, null));
        }

        Build approved(Instant t, String approver) {
            return append(events.event(AuditEventType.APPROVAL_GIVEN, t, "approved", approver, null));
        }

        Build credentials(Instant t) {
            return append(events.event(AuditEventType.CREDENTIALS_BOUND, t, "plan-and-apply", null, null));
        }

        /** {@code withAiCredentials} with the apply side bound: the block ended successfully. */
        Build applied(Instant t) {
            events.deploymentDone(DeploymentTrigger.APPLY, t, null, null, appended).ifPresent(this::append);
            return this;
        }

        /** {@code aiCanaryVerify} promoted. */
        Build promoted(Instant t) {
            append(events.event(AuditEventType.CANARY_STEP, t, "promoted", null, null));
            events.deploymentDone(DeploymentTrigger.CANARY_PROMOTED, t, null, null, appended).ifPresent(this::append);
            return this;
        }

        Build rollback(Instant t, String outcome, String actor) {
            return append(events.event(AuditEventType.ROLLBACK, t, outcome, actor, null));
        }
    }
}
