package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.engine.AnalysisResult;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.engine.Documents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "AI Governance" on a build: the whole trail (risk, scope, every approval answer, canary steps,
 * credential bindings, audit events) as a page at {@code …/ai-governance/} and as JSON at
 * {@code …/ai-governance/api/json}. Also remembers what later steps of the build need: the change
 * the risk step looked at, the approval requirement it computed, and the fingerprint an approval
 * gate approved.
 *
 * <p>Storage, as junit's {@code TestResultAction}: {@code build.xml} holds only this small action (the
 * figures the project page and trends read for every build: tier, blast radius, fingerprint, blocked,
 * approval time, canary outcome, approved fingerprint). The trail and the engine's documents are in
 * {@code ai-governance.xml} beside it ({@link TrailFile}), rewritten atomically on each record and read
 * only when asked for (kept through a {@link SoftReference}). {@code build.xml} is saved only when one of
 * the figures changes, not on every record. Builds recorded before this (the trail inside
 * {@code build.xml}) are moved to the file when they are loaded ({@link #onLoad(Run)}).
 */
@Restricted(NoExternalUse.class)
@ExportedBean(defaultVisibility = 2)
public class GovernanceRunAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(GovernanceRunAction.class.getName());
    /** URL below the build. */
    public static final String URL_NAME = "ai-governance";

    // The figures, kept in build.xml.
    private String tier;
    private String fingerprint;
    private Integer blastRadius;
    private boolean aiChange;
    private boolean blocked;
    private long approvalMillis = -1;
    private boolean canary;
    private boolean rolledBack;
    private String approvedFingerprint;

    // What build.xml held before the trail moved to ai-governance.xml; read from old builds, then moved.
    @Deprecated
    private List<GovernanceRecord> records;

    @Deprecated
    private ChangeInputs inputs;

    @Deprecated
    private String riskJson;

    @Deprecated
    private String requirementJson;

    @Deprecated
    private String requirementError;

    @Deprecated
    private List<String> noticeResources;

    @Deprecated
    private Integer moreNoticeResources;

    @Deprecated
    private String notificationsJson;

    @Deprecated
    private String approvalJson;

    private transient Run<?, ?> run;
    private transient SoftReference<GovernanceTrail> trail;

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
    public synchronized void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public synchronized void onLoad(Run<?, ?> r) {
        this.run = r;
        GovernanceTrail legacy = legacyTrail();
        if (legacy != null) {
            migrate(r, legacy);
        }
    }

    /** The trail an old {@code build.xml} held, or {@code null} when it held none. */
    @SuppressWarnings("deprecation")
    @CheckForNull
    private GovernanceTrail legacyTrail() {
        if (records == null
                && inputs == null
                && riskJson == null
                && requirementJson == null
                && requirementError == null
                && noticeResources == null
                && notificationsJson == null
                && approvalJson == null) {
            return null;
        }
        return new GovernanceTrail(
                records,
                inputs,
                riskJson,
                requirementJson,
                requirementError,
                noticeResources,
                moreNoticeResources == null ? 0 : moreNoticeResources,
                notificationsJson,
                approvalJson);
    }

    /**
     * Moves an old build's trail from {@code build.xml} to {@code ai-governance.xml}. A trail file that already
     * exists wins (it was moved on an earlier load and may hold more); {@code build.xml} is left as it is and
     * loses the old fields at its next save, so a failed move loses nothing.
     */
    @SuppressWarnings("deprecation")
    private void migrate(Run<?, ?> r, GovernanceTrail legacy) {
        TrailFile file = TrailFile.of(r);
        try {
            GovernanceTrail moved = file.exists() ? file.read() : legacy;
            if (!file.exists()) {
                file.write(legacy);
            }
            trail = new SoftReference<>(moved);
            figuresFrom(moved);
            forgetLegacy();
        } catch (IOException | RuntimeException e) {
            // keep the old fields: while the file is missing they are the trail (see trail()), and build.xml
            // still holds them; a file that exists but cannot be read fails when the trail is asked for
            LOGGER.log(Level.WARNING, "cannot move the governance trail of " + r + " to " + file.file(), e);
            try {
                figuresFrom(legacy);
            } catch (RuntimeException figures) {
                LOGGER.log(Level.WARNING, "cannot read the governance figures of " + r, figures);
            }
        }
    }

    @SuppressWarnings("deprecation")
    private void forgetLegacy() {
        records = null;
        inputs = null;
        riskJson = null;
        requirementJson = null;
        requirementError = null;
        noticeResources = null;
        moreNoticeResources = null;
        notificationsJson = null;
        approvalJson = null;
    }

    private void figuresFrom(GovernanceTrail t) {
        riskFigures(t.riskJson());
        approvalMillis = -1;
        blocked = false;
        canary = false;
        rolledBack = false;
        for (GovernanceRecord r : t.records()) {
            recordFigures(r);
        }
    }

    private void riskFigures(@CheckForNull String json) {
        Map<String, Object> risk = json == null ? null : Documents.parse(json);
        tier = risk == null || risk.get("tier") == null ? null : String.valueOf(risk.get("tier"));
        fingerprint = risk == null || !(risk.get("fingerprint") instanceof String f) ? null : f;
        blastRadius = risk == null || !(risk.get("blastRadius") instanceof Number n) ? null : n.intValue();
        Object source = risk == null ? null : risk.get("effectiveSource");
        aiChange = source != null && !"human".equals(String.valueOf(source));
    }

    private void recordFigures(GovernanceRecord r) {
        blocked |= r.isBlocked();
        if (r.getKindValue() == RecordKind.APPROVAL && r.getDurationMillis() >= 0) {
            approvalMillis = r.getDurationMillis();
        }
        if (r.getKindValue() == RecordKind.CANARY) {
            canary = true;
            rolledBack |= "rolled-back".equals(r.getOutcome());
        }
    }

    /** The figures {@code build.xml} holds, to tell whether a change needs {@code build.xml} saved. */
    private List<Object> figures() {
        return Arrays.asList(
                tier,
                fingerprint,
                blastRadius,
                aiChange,
                blocked,
                approvalMillis,
                canary,
                rolledBack,
                approvedFingerprint);
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

    /**
     * The trail, read from {@code ai-governance.xml} when it is not in memory. A file that exists but cannot be
     * read gives an {@link UncheckedIOException} naming it: nothing is shown, and nothing a later step needs
     * (the approval requirement, the approved evaluation) is found, so governance fails closed; the file is
     * never overwritten with a trail that lost its records.
     */
    @NonNull
    private synchronized GovernanceTrail trail() {
        GovernanceTrail t = trail == null ? null : trail.get();
        if (t != null) {
            return t;
        }
        if (run == null) {
            return GovernanceTrail.empty();
        }
        TrailFile file = TrailFile.of(run);
        try {
            GovernanceTrail legacy = legacyTrail();
            t = file.exists() ? file.read() : legacy != null ? legacy : GovernanceTrail.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the governance trail " + file.file() + ": " + e.getMessage(), e);
        }
        trail = new SoftReference<>(t);
        return t;
    }

    /** Writes {@code next} to the trail file, then saves {@code build.xml} when a figure changed. */
    private synchronized void store(GovernanceTrail next, List<Object> figuresBefore) {
        trail = new SoftReference<>(next);
        if (run == null) {
            return;
        }
        TrailFile file = TrailFile.of(run);
        try {
            file.write(next);
            // the file now holds everything an old build.xml held (next was made from it)
            forgetLegacy();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the governance trail " + file.file() + ": " + e.getMessage(), e);
        }
        if (!figures().equals(figuresBefore)) {
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "cannot save " + run + " after its governance figures changed", e);
            }
        }
    }

    /**
     * Appends a line to the trail: {@code ai-governance.xml} is rewritten, {@code build.xml} only when the line
     * changes a figure (it blocked, an approval ended, a canary ran or rolled back).
     *
     * @throws UncheckedIOException when the trail file cannot be read or written (the step fails: its evidence
     *     would otherwise be lost)
     */
    public synchronized void add(@NonNull GovernanceRecord record) {
        List<Object> before = figures();
        GovernanceTrail next = trail().plus(record);
        recordFigures(record);
        store(next, before);
    }

    /** Records what the risk step scored; later steps of the build use it. */
    public synchronized void recordRisk(
            @NonNull ChangeInputs changeInputs, @NonNull AnalysisResult result, @NonNull GovernanceRecord record) {
        List<Object> before = figures();
        GovernanceTrail next = trail().withRisk(changeInputs, result).plus(record);
        riskFigures(result.riskJson());
        approvedFingerprint = null;
        recordFigures(record);
        store(next, before);
    }

    /** Records that an approval gate approved a fingerprint (credentials for apply may then be bound). */
    public synchronized void recordApproval(
            @NonNull String fingerprint, @NonNull String evaluationJson, @NonNull GovernanceRecord record) {
        List<Object> before = figures();
        GovernanceTrail next = trail().withApproval(evaluationJson).plus(record);
        approvedFingerprint = fingerprint;
        recordFigures(record);
        store(next, before);
    }

    /**
     * Why the trail file cannot be read (the page shows this instead of the trail), or {@code null} when it
     * can.
     */
    @CheckForNull
    public String getTrailError() {
        try {
            trail();
            return null;
        } catch (UncheckedIOException e) {
            return e.getMessage();
        }
    }

    @Exported
    public List<GovernanceRecord> getRecords() {
        return trail().records();
    }

    /** Records of one kind, oldest first. */
    public List<GovernanceRecord> recordsOf(RecordKind kind) {
        return getRecords().stream().filter(r -> r.getKindValue() == kind).toList();
    }

    /** The change the last risk step looked at, or {@code null}. */
    @CheckForNull
    public ChangeInputs getInputs() {
        return trail().inputs();
    }

    /** The last risk assessment as JSON text, or {@code null}. */
    @CheckForNull
    public String getRiskJson() {
        return trail().riskJson();
    }

    /** The approval requirement the last risk step computed, as JSON text, or {@code null}. */
    @CheckForNull
    public String getRequirementJson() {
        return trail().requirementJson();
    }

    /** Why there is no approval requirement, or {@code null}. */
    @CheckForNull
    public String getRequirementError() {
        return trail().requirementError();
    }

    /** What an approval notice lists about the change (the engine's wording). */
    @NonNull
    public List<String> getNoticeResources() {
        return trail().noticeResources();
    }

    /** How many changed resources the notice leaves out. */
    public int getMoreNoticeResources() {
        return trail().moreNoticeResources();
    }

    /** The policy's {@code notifications:} section as JSON text, or {@code null}. */
    @CheckForNull
    public String getNotificationsJson() {
        return trail().notificationsJson();
    }

    /** The fingerprint an approval gate of this build approved, or {@code null}. */
    @Exported
    @CheckForNull
    public synchronized String getApprovedFingerprint() {
        return approvedFingerprint;
    }

    /** The approving evaluation as JSON text, or {@code null}. */
    @CheckForNull
    public String getApprovalJson() {
        return trail().approvalJson();
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

    /** The last risk tier, or {@code null} (from {@code build.xml}; the trail file is not read). */
    @Exported
    @CheckForNull
    public synchronized String getTier() {
        return tier;
    }

    /** The last blast radius (0-100), or {@code null} (from {@code build.xml}). */
    @Exported
    @CheckForNull
    public synchronized Integer getBlastRadius() {
        return blastRadius;
    }

    /** The last change fingerprint, or {@code null} (from {@code build.xml}). */
    @Exported
    @CheckForNull
    public synchronized String getFingerprint() {
        return fingerprint;
    }

    /** Whether any gate of this build stopped the change (from {@code build.xml}). */
    @Exported
    public synchronized boolean isBlocked() {
        return blocked;
    }

    /** Figures for the project's trends, from {@code build.xml} alone (the trail file is not read). */
    @NonNull
    public synchronized BuildSummary summary() {
        return new BuildSummary(
                run == null ? 0 : run.getNumber(), tier, aiChange, blocked, approvalMillis, canary, rolledBack);
    }
}
