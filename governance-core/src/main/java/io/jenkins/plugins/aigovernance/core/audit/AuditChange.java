package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.List;

/**
 * One change as the audit trail tells it: everything recorded under its fingerprint.
 *
 * @param fingerprint  the change fingerprint
 * @param repository   repository (last one recorded)
 * @param commit       head commit (last one recorded)
 * @param agent        AI agent (last one recorded)
 * @param changeSource the most-AI source any event recorded; {@code unknown} when none did ({@link RecordedSource})
 * @param tier         the highest tier any event recorded
 * @param touches      every category any event recorded, sorted
 * @param firstEvent   time of its first event
 * @param lastEvent    time of its last event
 * @param events       how many events it has
 * @param approvals    every {@code approval-given}, in time order
 * @param deployed     whether a {@code deployment-done} was recorded
 * @param rolledBack   whether a {@code rollback} was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditChange(String fingerprint, String repository, String commit, String agent, ChangeSource changeSource, RiskTier tier,
        List<String> touches, Instant firstEvent, Instant lastEvent, int events, List<Approval> approvals, boolean deployed,
        boolean rolledBack) {

    /** An approval: who, when, in which build. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Approval(String approver, Instant time, String build) {
    }

    /** The distinct approvers, in the order they approved. */
    public List<String> approvers() {
        return approvals.stream().map(Approval::approver).distinct().toList();
    }
}
