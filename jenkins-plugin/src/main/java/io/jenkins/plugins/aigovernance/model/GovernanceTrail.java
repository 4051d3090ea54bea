package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.engine.AnalysisResult;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The large part of a build's governance data, kept in the build's {@code ai-governance.xml} beside
 * {@code build.xml} (as junit keeps {@code junitResult.xml}): the trail's records, the change the risk step
 * looked at, and the engine's documents later steps read (risk, approval requirement, notifications,
 * approving evaluation). Immutable: every change makes a new trail, written whole and atomically by
 * {@link TrailFile}. A final class, not a record, because XStream cannot read records.
 */
@Restricted(NoExternalUse.class)
final class GovernanceTrail {

    private final ArrayList<GovernanceRecord> records;
    private final ChangeInputs inputs;
    private final String riskJson;
    private final String requirementJson;
    private final String requirementError;
    private final ArrayList<String> noticeResources;
    private final int moreNoticeResources;
    private final String notificationsJson;
    private final String approvalJson;

    GovernanceTrail(
            @CheckForNull Collection<GovernanceRecord> records,
            @CheckForNull ChangeInputs inputs,
            @CheckForNull String riskJson,
            @CheckForNull String requirementJson,
            @CheckForNull String requirementError,
            @CheckForNull Collection<String> noticeResources,
            int moreNoticeResources,
            @CheckForNull String notificationsJson,
            @CheckForNull String approvalJson) {
        this.records = records == null ? new ArrayList<>() : new ArrayList<>(records);
        this.inputs = inputs;
        this.riskJson = riskJson;
        this.requirementJson = requirementJson;
        this.requirementError = requirementError;
        this.noticeResources = noticeResources == null ? null : new ArrayList<>(noticeResources);
        this.moreNoticeResources = moreNoticeResources;
        this.notificationsJson = notificationsJson;
        this.approvalJson = approvalJson;
    }

    /** A trail with nothing in it (a build whose steps have not recorded yet). */
    static GovernanceTrail empty() {
        return new GovernanceTrail(null, null, null, null, null, null, 0, null, null);
    }

    /** This trail with {@code record} appended. */
    GovernanceTrail plus(@NonNull GovernanceRecord record) {
        List<GovernanceRecord> more = new ArrayList<>(records());
        more.add(record);
        return new GovernanceTrail(
                more,
                inputs,
                riskJson,
                requirementJson,
                requirementError,
                noticeResources,
                moreNoticeResources,
                notificationsJson,
                approvalJson);
    }

    /** This trail with what a risk step scored (an earlier approval no longer holds: it approved another change). */
    GovernanceTrail withRisk(@NonNull ChangeInputs changeInputs, @NonNull AnalysisResult result) {
        return new GovernanceTrail(
                records(),
                changeInputs,
                result.riskJson(),
                result.requirementJson(),
                result.requirementError(),
                result.changedResources(),
                result.moreResources(),
                result.notificationsJson(),
                null);
    }

    /** This trail with the approving evaluation's JSON. */
    GovernanceTrail withApproval(@NonNull String evaluationJson) {
        return new GovernanceTrail(
                records(),
                inputs,
                riskJson,
                requirementJson,
                requirementError,
                noticeResources,
                moreNoticeResources,
                notificationsJson,
                evaluationJson);
    }

    /** The records, oldest first (never {@code null}, also for a trail XStream read without the element). */
    @NonNull
    List<GovernanceRecord> records() {
        return records == null ? List.of() : List.copyOf(records);
    }

    @CheckForNull
    ChangeInputs inputs() {
        return inputs;
    }

    @CheckForNull
    String riskJson() {
        return riskJson;
    }

    @CheckForNull
    String requirementJson() {
        return requirementJson;
    }

    @CheckForNull
    String requirementError() {
        return requirementError;
    }

    @NonNull
    List<String> noticeResources() {
        return noticeResources == null ? List.of() : List.copyOf(noticeResources);
    }

    int moreNoticeResources() {
        return moreNoticeResources;
    }

    @CheckForNull
    String notificationsJson() {
        return notificationsJson;
    }

    @CheckForNull
    String approvalJson() {
        return approvalJson;
    }
}
