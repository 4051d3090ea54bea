package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.List;

/**
 * One change deployed or rolled back in an incident window, with what the trail knows about it.
 *
 * @param fingerprint       the change fingerprint
 * @param repository        repository (last recorded)
 * @param commit            head commit (last recorded)
 * @param builds            the pipeline runs that recorded its events, in order of first appearance
 * @param agent             AI agent (last recorded); {@code null} when none was recorded
 * @param changeSource      the most-AI source recorded; {@code unknown} when none was ({@link RecordedSource})
 * @param tier              the highest tier recorded
 * @param blastRadius       0–100 blast radius (last recorded)
 * @param dependents        services depending on what it touches (last recorded list), when recorded
 * @param touches           kinds of things it touches, sorted
 * @param firstCommitTime   the earliest commit time recorded
 * @param approvalRequested the latest {@code approval-requested}
 * @param approvals         every approval: who, when, in which build
 * @param deployments       every {@code deployment-done}: when, how ({@code applied}, {@code promoted} …), by which build
 * @param canary            the last {@code canary-step} verdict, when a canary ran
 * @param rollbacks         every {@code rollback}: when, its outcome, whether it restored service, who decided
 * @param deployedInWindow  whether a deployment of it is inside the window
 * @param rolledBackInWindow whether a rollback of it is inside the window
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentChange(String fingerprint, String repository, String commit, List<String> builds, String agent,
        ChangeSource changeSource, RiskTier tier, Integer blastRadius, List<String> dependents, List<String> touches, Instant firstCommitTime,
        Instant approvalRequested, List<AuditChange.Approval> approvals, List<Step> deployments, Step canary, List<Rollback> rollbacks,
        boolean deployedInWindow, boolean rolledBackInWindow) {

    public IncidentChange {
        builds = List.copyOf(builds);
        dependents = List.copyOf(dependents);
        touches = List.copyOf(touches);
        approvals = List.copyOf(approvals);
        deployments = List.copyOf(deployments);
        rollbacks = List.copyOf(rollbacks);
    }

    /** A deployment or canary verdict: when, its outcome, the build. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(Instant time, String outcome, String build) {
    }

    /** A rollback: when, its outcome, whether it restored service ({@code rollback-failed} did not), who decided. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollback(Instant time, String outcome, boolean restored, String actor, String build) {
    }

    /** The distinct approvers, in the order they approved. */
    public List<String> approvers() {
        return approvals.stream().map(AuditChange.Approval::approver).distinct().toList();
    }
}
