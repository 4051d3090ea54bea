package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.aigovernance.audit.ControllerAuditLog;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.audit.IncidentChange;
import io.jenkins.plugins.aigovernance.core.audit.IncidentQuery;
import io.jenkins.plugins.aigovernance.core.audit.IncidentReport;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityCriterion;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityScorecard;
import io.jenkins.plugins.aigovernance.core.metrics.MetricsCalculator;
import io.jenkins.plugins.aigovernance.core.metrics.MetricsReport;
import io.jenkins.plugins.aigovernance.engine.ControllerGates;
import io.jenkins.plugins.aigovernance.engine.Documents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "AI Governance" on a job at {@code …/ai-governance/} and {@code …/ai-governance/api/json}: the
 * engine's DORA, guardrail and agent reliability metrics ({@link MetricsCalculator}, the same numbers
 * as {@code aigov metrics}) over the job's events in the controller's audit log for the last
 * {@value #WINDOW_DAYS} days, the changes deployed or rolled back in the last {@value #INCIDENT_DAYS} days
 * (what changed, which agent, who approved, blast radius), the job's maturity scorecard against the
 * framework's levels 1 to 4 (governance-core {@code MaturityAssessor}, the same grading as {@code aigov maturity}, over the
 * same {@value #WINDOW_DAYS} days and graded against the global default policy, else the built-in one),
 * and the job's recent governed builds.
 */
@ExportedBean(defaultVisibility = 2)
public class GovernanceProjectAction implements Action {

    /** How many recent builds the build table lists. */
    static final int BUILDS = 50;
    /** The window of the metrics, in days. */
    static final int WINDOW_DAYS = 30;
    /** The window of the incident view, in days. */
    static final int INCIDENT_DAYS = 7;

    private final Job<?, ?> job;
    private transient MetricsReport report;
    private transient IncidentReport incidents;
    private transient MaturityScorecard maturity;
    private transient String maturityProblem;

    public GovernanceProjectAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return Messages.GovernanceProjectAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return GovernanceRunAction.URL_NAME;
    }

    public hudson.model.Api getApi() {
        return new hudson.model.Api(this);
    }

    /** The engine's metrics of this job's events (repository = the job's full name) over the window. */
    public synchronized MetricsReport metrics() {
        if (report == null) {
            Instant to = Instant.now();
            Instant from = to.minus(Duration.ofDays(WINDOW_DAYS));
            AuditIndex index = ControllerAuditLog.get().index();
            List<AuditEvent> events = index == null ? List.of() : index.repositoryHistory(job.getFullName(), from);
            report = new MetricsCalculator().compute(events, from, to);
        }
        return report;
    }

    /**
     * The incident view: the job's changes deployed or rolled back in the last {@value #INCIDENT_DAYS}
     * days (engine: {@link IncidentQuery}, the same answer as {@code aigov audit incident}), newest first.
     */
    public synchronized IncidentReport incidents() {
        if (incidents == null) {
            Instant until = Instant.now();
            Instant from = until.minus(Duration.ofDays(INCIDENT_DAYS));
            AuditIndex index = ControllerAuditLog.get().index();
            incidents = index == null
                    ? new IncidentReport(from, until, List.of())
                    : new IncidentQuery(index).run(AuditQuery.all(), from, until, job.getFullName());
        }
        return incidents;
    }

    /**
     * The job's maturity scorecard (engine: governance-core {@code MaturityAssessor} over this job's events in the controller's
     * audit log), or {@code null} when there is none: no log yet, or a global default policy the engine refuses
     * ({@link #getMaturityProblem()} then says why).
     */
    @CheckForNull
    public synchronized MaturityScorecard maturity() {
        if (maturity == null && maturityProblem == null) {
            AuditIndex index = ControllerAuditLog.get().index();
            if (index == null) {
                return null; // nothing appended yet: the page says so
            }
            Instant to = Instant.now();
            Instant from = to.minus(Duration.ofDays(WINDOW_DAYS));
            try {
                maturity = ControllerGates.maturity(
                        index,
                        ControllerAuditLog.get().path().toString(),
                        job.getFullName(),
                        AiGovernanceConfiguration.get().getDefaultPolicy(),
                        from,
                        to);
            } catch (RuntimeException e) {
                // fail closed: a policy the engine refuses grades nothing
                maturityProblem = e.getMessage();
            }
        }
        return maturity;
    }

    /** Why the scorecard could not be computed (the engine's message), or {@code null} (also while there is no log). */
    @CheckForNull
    public String getMaturityProblem() {
        maturity();
        return maturityProblem;
    }

    /** {@link #maturity()} as the engine's JSON document ({@code aigov maturity --json}), or {@code null}. */
    @Exported(name = "maturity")
    @CheckForNull
    public Map<String, Object> getMaturity() {
        MaturityScorecard m = maturity();
        return m == null ? null : Documents.toMap(m);
    }

    /** The scorecard's lines as maps ({@code id}, {@code level}, {@code status}, {@code measured}, {@code target}, {@code next} …), for the page. */
    public List<Map<String, Object>> getMaturityCriteria() {
        MaturityScorecard m = maturity();
        List<Map<String, Object>> rows = new ArrayList<>();
        if (m != null) {
            for (MaturityCriterion c : m.criteria()) {
                Map<String, Object> row = Documents.toMap(c);
                row.put("status", c.status().json());
                row.put("levelName", MaturityScorecard.LEVELS.get(c.level() - 1));
                row.put("examples", String.join(", ", c.subjects()));
                rows.add(row);
            }
        }
        return rows;
    }

    /** {@link #incidents()} as the engine's JSON document. */
    @Exported(name = "recentDeployments")
    public Map<String, Object> getRecentDeployments() {
        return Documents.toMap(incidents());
    }

    /** The rows of {@link #incidents()} as maps, for the page. */
    public List<Map<String, Object>> getRecentChanges() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (IncidentChange c : incidents().changes()) {
            Map<String, Object> row = Documents.toMap(c);
            row.put(
                    "approvers",
                    String.join(
                            ", ",
                            c.approvals().stream()
                                    .map(a -> a.approver() + " (" + a.time() + ")")
                                    .toList()));
            row.put(
                    "deployed",
                    String.join(
                            ", ",
                            c.deployments().stream()
                                    .map(d -> d.time() + " " + d.outcome())
                                    .toList()));
            row.put(
                    "rolledBack",
                    String.join(
                            ", ",
                            c.rollbacks().stream()
                                    .map(b -> b.time() + (b.restored() ? "" : " (rollback failed)"))
                                    .toList()));
            row.put("canaryResult", c.canary() == null ? "" : c.canary().outcome());
            row.put("dependentServices", String.join(", ", c.dependents()));
            rows.add(row);
        }
        return rows;
    }

    /** The whole report as the engine writes it ({@code aigov metrics --format json}). */
    @Exported(name = "metrics")
    public Map<String, Object> getMetrics() {
        return Documents.toMap(metrics());
    }

    /** AI changes (ai-agent, ai-assisted, unknown provenance) per highest tier in the window. */
    @Exported
    public Map<String, Integer> getAiChangesByTier() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (RiskTier t : RiskTier.values()) {
            out.put(t.name(), metrics().guardrails().aiChangesByTier().getOrDefault(t, 0));
        }
        return out;
    }

    /** Share of AI changes with a scope decision that policy denied, in percent, or {@code null} when none was decided. */
    @Exported
    @CheckForNull
    public Long getBlockedPercent() {
        return percent(metrics().guardrails().aiBlockedRate());
    }

    /** Median time from approval request to approval, in minutes, or {@code null} when nothing was approved. */
    @Exported
    @CheckForNull
    public Long getMedianApprovalMinutes() {
        Double s = metrics().guardrails().approvalTime().medianSeconds();
        return s == null ? null : Math.round(s / 60);
    }

    /** Share of rolled-out changes (canary or deployment) that were rolled back, in percent, or {@code null}. */
    @Exported
    @CheckForNull
    public Long getRollbackPercent() {
        return percent(metrics().guardrails().changeRollbackRate());
    }

    /** DORA change failure rate in percent, or {@code null} without deployments. */
    @Exported
    @CheckForNull
    public Long getChangeFailurePercent() {
        return percent(metrics().dora().changeFailureRate());
    }

    /** Agent reliability by change type, one map per row ({@code agent}, {@code category}, {@code changes} … as in the JSON report). */
    public List<Map<String, Object>> getReliability() {
        List<Map<String, Object>> rows = new ArrayList<>();
        metrics().reliability().forEach(r -> rows.add(Documents.toMap(r)));
        return rows;
    }

    @CheckForNull
    private static Long percent(@CheckForNull Double ratio) {
        return ratio == null ? null : Math.round(ratio * 100);
    }

    /** The governed builds among the last {@value #BUILDS}, newest first. */
    @Exported
    public List<BuildRow> getBuilds() {
        List<BuildRow> rows = new ArrayList<>();
        for (Run<?, ?> r : job.getBuilds().limit(BUILDS)) {
            GovernanceRunAction a = r.getAction(GovernanceRunAction.class);
            if (a != null) {
                rows.add(new BuildRow(a.summary()));
            }
        }
        return rows;
    }

    /** One build in the table (an exported bean wrapping {@link BuildSummary}). */
    @ExportedBean(defaultVisibility = 3)
    public static final class BuildRow {
        private final BuildSummary summary;

        BuildRow(BuildSummary summary) {
            this.summary = summary;
        }

        @Exported
        public int getNumber() {
            return summary.build();
        }

        @Exported
        public String getTier() {
            return summary.tier();
        }

        @Exported
        public boolean isAiChange() {
            return summary.aiChange();
        }

        @Exported
        public boolean isBlocked() {
            return summary.blocked();
        }

        @Exported
        public long getApprovalMillis() {
            return summary.approvalMillis();
        }

        @Exported
        public boolean isRolledBack() {
            return summary.rolledBack();
        }
    }
}
