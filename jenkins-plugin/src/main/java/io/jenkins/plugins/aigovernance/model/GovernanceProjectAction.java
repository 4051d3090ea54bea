package io.jenkins.plugins.aigovernance.model;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.aigovernance.core.risk.RiskTier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "AI Governance" on a job: trends over its last builds (AI changes by tier, blocked share, approval
 * time, rollback rate) at {@code …/ai-governance/} and {@code …/ai-governance/api/json}.
 */
@ExportedBean(defaultVisibility = 2)
public class GovernanceProjectAction implements Action {

    /** How many recent builds the trends cover. */
    static final int BUILDS = 50;

    private final Job<?, ?> job;

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

    /** AI-made or AI-assisted changes per tier. */
    @Exported
    public Map<String, Integer> getAiChangesByTier() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (RiskTier t : RiskTier.values()) {
            out.put(t.name(), 0);
        }
        for (BuildRow r : getBuilds()) {
            if (r.summary.aiChange() && r.summary.tier() != null) {
                out.merge(r.summary.tier(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Share of governed builds a gate stopped, in percent (0 when none). */
    @Exported
    public int getBlockedPercent() {
        List<BuildRow> rows = getBuilds();
        if (rows.isEmpty()) {
            return 0;
        }
        long blocked = rows.stream().filter(r -> r.summary.blocked()).count();
        return (int) Math.round(100.0 * blocked / rows.size());
    }

    /** Mean time from approval request to decision, in minutes, or {@code -1} when no build asked. */
    @Exported
    public long getMeanApprovalMinutes() {
        long[] times = getBuilds().stream()
                .mapToLong(r -> r.summary.approvalMillis())
                .filter(m -> m >= 0)
                .toArray();
        if (times.length == 0) {
            return -1;
        }
        long sum = 0;
        for (long t : times) {
            sum += t;
        }
        return Math.round(sum / (double) times.length / 60_000.0);
    }

    /** Share of canary runs that rolled back, in percent, or {@code -1} when no canary ran. */
    @Exported
    public int getRollbackPercent() {
        List<BuildRow> canaries =
                getBuilds().stream().filter(r -> r.summary.canary()).toList();
        if (canaries.isEmpty()) {
            return -1;
        }
        long rolledBack = canaries.stream().filter(r -> r.summary.rolledBack()).count();
        return (int) Math.round(100.0 * rolledBack / canaries.size());
    }

    /** One build in the trends (an exported bean wrapping {@link BuildSummary}). */
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
