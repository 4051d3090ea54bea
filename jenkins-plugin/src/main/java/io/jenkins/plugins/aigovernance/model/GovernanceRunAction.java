package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.aigovernance.engine.AnalysisResult;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.engine.Documents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "AI Governance" on a build: the whole trail (risk, scope, every approval answer, canary steps,
 * credential bindings, audit events) as a page at {@code …/ai-governance/} and as JSON at
 * {@code …/ai-governance/api/json}. Also remembers what later steps of the build need: the change
 * the risk step looked at, the approval requirement it computed, and the fingerprint an approval
 * gate approved.
 */
@ExportedBean(defaultVisibility = 2)
public class GovernanceRunAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(GovernanceRunAction.class.getName());
    /** URL below the build. */
    public static final String URL_NAME = "ai-governance";

    private final List<GovernanceRecord> records = new CopyOnWriteArrayList<>();
    private ChangeInputs inputs;
    private String riskJson;
    private String requirementJson;
    private String requirementError;
    private List<String> noticeResources;
    private int moreNoticeResources;
    private String notificationsJson;
    private String approvedFingerprint;
    private String approvalJson;
    private transient Run<?, ?> run;

    /** The build's action, added when missing. */
    @NonNull
    public static GovernanceRunAction of(@NonNull Run<?, ?> run) {
        GovernanceRunAction a = run.getAction(GovernanceRunAction.class);
        if (a != null) {
            return a;
        }
        synchronized (GovernanceRunAction.class) {
            a = run.getAction(GovernanceRunAction.class);
            if (a == null) {
                a = new GovernanceRunAction();
                run.addAction(a);
            }
            return a;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-fingerprint";
    }

    @Override
    public String getDisplayName() {
        return Messages.GovernanceRunAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** REST API: {@code …/ai-governance/api/json}. */
    public Api getApi() {
        return new Api(this);
    }

    /** Appends a line to the trail and saves the build. */
    public void add(@NonNull GovernanceRecord record) {
        records.add(record);
        save();
    }

    /** Records what the risk step scored; later steps of the build use it. */
    public void recordRisk(
            @NonNull ChangeInputs changeInputs, @NonNull AnalysisResult result, @NonNull GovernanceRecord record) {
        synchronized (this) {
            this.inputs = changeInputs;
            this.riskJson = result.riskJson();
            this.requirementJson = result.requirementJson();
            this.requirementError = result.requirementError();
            this.noticeResources = new ArrayList<>(result.changedResources());
            this.moreNoticeResources = result.moreResources();
            this.notificationsJson = result.notificationsJson();
            this.approvedFingerprint = null;
            this.approvalJson = null;
        }
        add(record);
    }

    /** Records that an approval gate approved a fingerprint (credentials for apply may then be bound). */
    public void recordApproval(
            @NonNull String fingerprint, @NonNull String evaluationJson, @NonNull GovernanceRecord record) {
        synchronized (this) {
            this.approvedFingerprint = fingerprint;
            this.approvalJson = evaluationJson;
        }
        add(record);
    }

    private void save() {
        if (run == null) {
            return;
        }
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot save the governance trail of " + run, e);
        }
    }

    @Exported
    public List<GovernanceRecord> getRecords() {
        return new ArrayList<>(records);
    }

    /** Records of one kind, oldest first. */
    public List<GovernanceRecord> recordsOf(RecordKind kind) {
        return records.stream().filter(r -> r.getKindValue() == kind).toList();
    }

    /** The change the last risk step looked at, or {@code null}. */
    @CheckForNull
    public synchronized ChangeInputs getInputs() {
        return inputs;
    }

    /** The last risk assessment as JSON text, or {@code null}. */
    @CheckForNull
    public synchronized String getRiskJson() {
        return riskJson;
    }

    /** The approval requirement the last risk step computed, as JSON text, or {@code null}. */
    @CheckForNull
    public synchronized String getRequirementJson() {
        return requirementJson;
    }

    /** Why there is no approval requirement, or {@code null}. */
    @CheckForNull
    public synchronized String getRequirementError() {
        return requirementError;
    }

    /** What an approval notice lists about the change (the engine's wording). */
    @NonNull
    public synchronized List<String> getNoticeResources() {
        return noticeResources == null ? List.of() : List.copyOf(noticeResources);
    }

    /** How many changed resources the notice leaves out. */
    public synchronized int getMoreNoticeResources() {
        return moreNoticeResources;
    }

    /** The policy's {@code notifications:} section as JSON text, or {@code null}. */
    @CheckForNull
    public synchronized String getNotificationsJson() {
        return notificationsJson;
    }

    /** The fingerprint an approval gate of this build approved, or {@code null}. */
    @Exported
    @CheckForNull
    public synchronized String getApprovedFingerprint() {
        return approvedFingerprint;
    }

    /** The approving evaluation as JSON text, or {@code null}. */
    @CheckForNull
    public synchronized String getApprovalJson() {
        return approvalJson;
    }

    /** The last risk assessment as the engine's record, or {@code null}. */
    @CheckForNull
    public RiskAssessment getRiskAssessment() {
        String json = getRiskJson();
        return json == null ? null : Documents.read(json, RiskAssessment.class);
    }

    /** The last risk assessment, or {@code null} (a map for the REST API and Jelly). */
    @Exported(name = "risk")
    @CheckForNull
    public Map<String, Object> getRisk() {
        String json = getRiskJson();
        return json == null ? null : Documents.parse(json);
    }

    /** The last approving evaluation, or {@code null}. */
    @Exported(name = "approval")
    @CheckForNull
    public Map<String, Object> getApproval() {
        String json = getApprovalJson();
        return json == null ? null : Documents.parse(json);
    }

    @Exported
    @CheckForNull
    public String getTier() {
        RiskAssessment risk = getRiskAssessment();
        return risk == null ? null : risk.tier().name();
    }

    @Exported
    @CheckForNull
    public Integer getBlastRadius() {
        RiskAssessment risk = getRiskAssessment();
        return risk == null ? null : risk.blastRadius();
    }

    @Exported
    @CheckForNull
    public String getFingerprint() {
        RiskAssessment risk = getRiskAssessment();
        return risk == null || risk.fingerprint() == null ? null : risk.fingerprint().value();
    }

    /** Whether any gate of this build stopped the change. */
    @Exported
    public boolean isBlocked() {
        return records.stream().anyMatch(GovernanceRecord::isBlocked);
    }

    /** Figures for the project's trends. */
    @NonNull
    public BuildSummary summary() {
        RiskAssessment risk = getRiskAssessment();
        String tier = risk == null ? null : risk.tier().name();
        boolean ai = risk != null && risk.effectiveSource() != null && risk.effectiveSource() != ChangeSource.HUMAN;
        long approvalMillis = -1;
        for (GovernanceRecord r : recordsOf(RecordKind.APPROVAL)) {
            if (r.getDurationMillis() >= 0) {
                approvalMillis = r.getDurationMillis();
            }
        }
        List<GovernanceRecord> canary = recordsOf(RecordKind.CANARY);
        boolean rolledBack = canary.stream().anyMatch(r -> "rolled-back".equals(r.getOutcome()));
        return new BuildSummary(
                run == null ? 0 : run.getNumber(),
                tier,
                ai,
                isBlocked(),
                approvalMillis,
                !canary.isEmpty(),
                rolledBack);
    }
}
