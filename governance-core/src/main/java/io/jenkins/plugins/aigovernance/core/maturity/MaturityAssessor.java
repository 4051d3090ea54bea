package io.jenkins.plugins.aigovernance.core.maturity;

import io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirements;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.RecordedSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.RiskRule;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Grades a team against the framework's four levels from its policy and its audit trail
 * (docs/maturity.md gives every criterion, its target and its source). Fails closed: a criterion the
 * trail holds no data for is {@link CriterionStatus#UNKNOWN}, which never passes; a deployment whose
 * change is not named (no fingerprint) counts as unclassified, unapproved and without canary; an
 * absent environment counts as production ({@link io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy}).
 *
 * <p>Reads the trail once ({@link AuditStore#forEachEvent}) and keeps a few fields per change; the
 * audit query time is the wall time of one real query on the same store (AI changes touching IAM in
 * the window), run first, as a person asking it would wait for it.
 */
public final class MaturityAssessor {

    /** Level 1: AI changes classified before merge, at least this share. */
    public static final double CLASSIFIED_TARGET = 0.95;
    /** Level 3: production deployments with a canary analysis, at least this share. */
    public static final double CANARY_TARGET = 0.90;
    /** Level 3: mean time from a deployment to its successful rollback, at most (DORA elite time to restore: under one hour). */
    public static final Duration ROLLBACK_TARGET = Duration.ofHours(1);
    /** Level 4: one audit query, at most (issue 6: "who approved it" answered in under a second). */
    public static final Duration QUERY_TARGET = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;

    /** An assessor timing the audit query with {@link System#nanoTime()}. */
    public MaturityAssessor() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic clock the audit query is timed with, in nanoseconds */
    public MaturityAssessor(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The scorecard of {@code [from, to)}. Events before {@code from} still count as context (an approval
     * given before the window for a change deployed in it); events at or after {@code to} are ignored.
     *
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public MaturityScorecard assess(AuditStore store, GovernancePolicy policy, Instant from, Instant to) {
        checkWindow(from, to);
        Duration queryTime = timed(() -> store.changes(question(from, to)));
        return grade(store::forEachEvent, queryTime, store.location(), policy, from, to);
    }

    /**
     * The scorecard of one repository (a Jenkins job's full name) in a log's index: its changes' events
     * ({@link AuditIndex#repositoryHistory}); the audit query is timed on the whole index.
     *
     * @param location where the index's log is, for the scorecard
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public MaturityScorecard assess(AuditIndex index, String location, String repository, GovernancePolicy policy, Instant from, Instant to) {
        checkWindow(from, to);
        Duration queryTime = timed(() -> index.changes(question(from, to)));
        List<AuditEvent> events = index.repositoryHistory(repository, from);
        return grade(events::forEach, queryTime, location, policy, from, to);
    }

    /** The question the audit query time is measured on: AI changes touching IAM in the window (issue 6's example). */
    static AuditQuery question(Instant from, Instant to) {
        return AuditQuery.aiChanges().touching("iam").since(from).until(to);
    }

    private static void checkWindow(Instant from, Instant to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the window starts (" + from + ") after it ends (" + to + ")");
        }
    }

    private Duration timed(Runnable query) {
        long started = nanoTime.getAsLong();
        query.run();
        return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - started));
    }

    private MaturityScorecard grade(Consumer<Consumer<AuditEvent>> events, Duration queryTime, String location, GovernancePolicy policy,
            Instant from, Instant to) {
        Set<String> adminRules = adminRules(policy);
        Trail trail = new Trail(from, to, adminRules);
        events.accept(trail::add);
        List<MaturityCriterion> criteria = new ArrayList<>();
        criteria.add(classified(trail));
        criteria.add(approvalPolicy(policy));
        criteria.add(signOff(trail, policy));
        criteria.add(canary(trail, policy));
        criteria.add(rollback(trail));
        criteria.add(queryTime(queryTime, trail));
        criteria.add(admins(trail, adminRules));
        return MaturityScorecard.of(from, to, policy.versionLabel(), location, trail.events, criteria);
    }

    /** The ids of the policy's active risk rules that select account-level IAM (what "admin-equivalent" means here). */
    static Set<String> adminRules(GovernancePolicy policy) {
        Set<String> ids = new TreeSet<>();
        for (RiskRule r : policy.risk().rules()) {
            if (r.active() && r.match() != null && r.match().traits().contains(ResourceTrait.IAM_ACCOUNT_LEVEL)) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    private static MaturityCriterion classified(Trail t) {
        String id = "classified-before-merge";
        String title = "AI changes risk-classified before they merged";
        String target = "at least " + pct(CLASSIFIED_TARGET);
        String source = "framework checkpoint 1 (risk classification); \"what done looks like\": every AI change is classified before merge";
        int all = 0;
        int classified = 0;
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Change> e : t.changes.entrySet()) {
            Change c = e.getValue();
            if (!c.active || !c.ai()) {
                continue;
            }
            all++;
            Instant merged = c.firstDeployment;
            if (c.firstRisk != null && (merged == null || !c.firstRisk.isAfter(merged))) {
                classified++;
            } else {
                example(missing, e.getKey());
            }
        }
        all += t.unnamedDeployments;
        if (all == 0) {
            return new MaturityCriterion(id, 1, title, CriterionStatus.UNKNOWN, null, "ratio", "no AI change recorded in the window", target,
                    "record every change: run aiRiskScore (or aigov risk + aigov audit append --risk) in each pipeline", List.of(), source);
        }
        double share = (double) classified / all;
        boolean ok = share >= CLASSIFIED_TARGET;
        String measured = classified + " of " + all + " AI changes (" + pct(share) + ")"
                + (t.unnamedDeployments > 0 ? "; " + t.unnamedDeployments + " deployments name no change (no fingerprint)" : "");
        return new MaturityCriterion(id, 1, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, share, "ratio", measured, target,
                ok ? "keep aiRiskScore as the first stage of every pipeline, before merge"
                        : "run aiRiskScore on the pull request (before merge) in every pipeline that ships AI changes; "
                                + (all - classified) + " were deployed unclassified or classified only after deployment",
                missing, source);
    }

    private static MaturityCriterion approvalPolicy(GovernancePolicy policy) {
        String id = "approval-policy";
        String title = "the policy asks people to sign off HIGH and CRITICAL changes";
        String source = "framework checkpoint 3 (human approval): HIGH and CRITICAL changes need named approvers";
        List<String> missing = new ArrayList<>();
        for (RiskTier tier : List.of(RiskTier.HIGH, RiskTier.CRITICAL)) {
            boolean people;
            try {
                people = ApprovalRequirements.forTier(policy, null, tier, List.of()).needsPeople();
            } catch (RuntimeException e) {
                people = false;
            }
            if (!people) {
                missing.add(tier.name());
            }
        }
        boolean ok = missing.isEmpty();
        return new MaturityCriterion(id, 2, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, (double) missing.size(), "count",
                ok ? "policy " + policy.versionLabel() + " requires approvers for HIGH and CRITICAL"
                        : "policy " + policy.versionLabel() + " requires no approver for " + String.join(" and ", missing),
                "approvers required for HIGH and CRITICAL",
                ok ? "review the approver groups each quarter (docs/policy-approval.md)"
                        : "add approval.tiers." + missing.get(0) + ".slots with at least one group (docs/policy-approval.md)",
                missing, source);
    }

    private static MaturityCriterion signOff(Trail t, GovernancePolicy policy) {
        String id = "high-risk-without-sign-off";
        String title = "HIGH or CRITICAL AI changes that reached production without sign-off";
        String source = "framework \"what done looks like\": zero HIGH or CRITICAL AI changes reach production without human sign-off";
        int deployed = t.unnamedDeployments;
        int without = t.unnamedDeployments;
        int untiered = t.unnamedDeployments;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, Change> e : t.changes.entrySet()) {
            Change c = e.getValue();
            List<Deployment> production = c.production(policy);
            if (!c.ai() || production.isEmpty()) {
                continue;
            }
            Instant shipped = production.stream().map(Deployment::time).min(Instant::compareTo).orElseThrow();
            if (c.tier != null && !c.tier.atLeast(RiskTier.HIGH)) {
                continue; // LOW and MEDIUM need no sign-off here
            }
            deployed++;
            if (c.firstApproval == null || c.firstApproval.isAfter(shipped)) {
                without++;
                untiered += c.tier == null ? 1 : 0;
                example(examples, e.getKey() + (c.tier == null ? " (no tier recorded)" : " (" + c.tier + ")"));
            }
        }
        if (deployed == 0) {
            return new MaturityCriterion(id, 2, title, CriterionStatus.UNKNOWN, null, "count",
                    "no HIGH or CRITICAL AI change reached production in the window", "0",
                    "nothing to judge yet: keep aiApprovalGate before every production deployment and record deployment-done", List.of(), source);
        }
        boolean ok = without == 0;
        String measured = without + " of " + deployed + " HIGH/CRITICAL AI changes deployed to production without an approval before the deployment"
                + (untiered > 0 ? " (" + untiered + " of them with no recorded tier, counted as HIGH)" : "");
        return new MaturityCriterion(id, 2, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, (double) without, "count", measured, "0",
                ok ? "keep aiApprovalGate between plan and apply for every production deployment"
                        : "put aiApprovalGate before the production deployment stage and make the pipeline fail without it; review the "
                                + without + " changes listed",
                examples, source);
    }

    private static MaturityCriterion canary(Trail t, GovernancePolicy policy) {
        String id = "canary-coverage";
        String title = "production deployments verified by a canary analysis";
        String target = "at least " + pct(CANARY_TARGET);
        String source = "framework checkpoint 4 (canary verification): production deployments go out behind a canary that can roll them back";
        int all = t.unnamedDeployments;
        int covered = 0;
        List<String> uncovered = new ArrayList<>();
        for (Map.Entry<String, Change> e : t.changes.entrySet()) {
            Change c = e.getValue();
            for (Deployment d : c.production(policy)) {
                all++;
                if (c.canary) {
                    covered++;
                } else if (!uncovered.contains(e.getKey())) {
                    example(uncovered, e.getKey()); // at most MAX_SUBJECTS long, so contains stays cheap
                }
            }
        }
        if (all == 0) {
            return new MaturityCriterion(id, 3, title, CriterionStatus.UNKNOWN, null, "ratio", "no production deployment recorded in the window",
                    target, "record deployments (deployment-done) from the production stage so coverage can be measured", List.of(), source);
        }
        double share = (double) covered / all;
        boolean ok = share >= CANARY_TARGET;
        return new MaturityCriterion(id, 3, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, share, "ratio",
                covered + " of " + all + " production deployments (" + pct(share) + ") had a canary-step", target,
                ok ? "keep aiCanaryVerify on every production rollout; tighten its conditions as you learn"
                        : "add aiCanaryVerify (or aigov canary) after each production apply, starting with the changes listed",
                uncovered, source);
    }

    private static MaturityCriterion rollback(Trail t) {
        String id = "mean-time-to-rollback";
        String title = "mean time from a deployment to its successful rollback";
        String target = "at most " + human(ROLLBACK_TARGET.toSeconds());
        String source = "framework checkpoint 4 (automatic rollback); DORA time to restore service, elite: under one hour";
        if (t.restoreSeconds.isEmpty()) {
            return new MaturityCriterion(id, 3, title, CriterionStatus.UNKNOWN, null, "seconds",
                    "no successful rollback recorded in the window" + (t.failedRollbacks > 0 ? " (" + t.failedRollbacks + " failed)" : ""), target,
                    "rehearse a rollback (a game day): roll a canary back on purpose and record it, so the time is known before an incident",
                    List.of(), source);
        }
        double mean = t.restoreSeconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        boolean ok = mean <= ROLLBACK_TARGET.toSeconds();
        return new MaturityCriterion(id, 3, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, mean, "seconds",
                human(mean) + " over " + t.restoreSeconds.size() + " rollbacks" + (t.failedRollbacks > 0 ? "; " + t.failedRollbacks + " rollbacks failed" : ""),
                target, ok ? "keep rollbacks automatic (canary on-rollback) and rehearse them"
                        : "let the canary roll back by itself (aiCanaryVerify with an on-rollback action) instead of waiting for a person",
                List.of(), source);
    }

    private static MaturityCriterion queryTime(Duration took, Trail t) {
        String id = "audit-query-time";
        String title = "time to answer an audit question (AI changes touching IAM, who approved them)";
        String target = "at most " + QUERY_TARGET.toMillis() + " ms";
        String source = "framework checkpoint 5 (audit trail); issue 6: \"what changed, who proposed it, who approved it\" in seconds";
        double ms = took.toNanos() / 1_000_000.0;
        boolean ok = took.compareTo(QUERY_TARGET) <= 0;
        return new MaturityCriterion(id, 4, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, took.toNanos() / 1e9, "seconds",
                String.format(Locale.ROOT, "%.1f ms for one query over %d events", ms, t.totalEvents), target,
                ok ? "keep the trail in one store per team; verify it regularly (aigov audit verify)"
                        : "use the side index (aigov audit query builds it on first use) or the PostgreSQL store (docs/audit.md)",
                List.of(), source);
    }

    private static MaturityCriterion admins(Trail t, Set<String> adminRules) {
        String id = "admin-equivalent-access";
        String title = "IAM objects granting admin-equivalent (account-level) access, from the IAM the engine read";
        String source = "framework \"what done looks like\": least privilege, no AI pipeline identity with admin-equivalent access";
        if (adminRules.isEmpty()) {
            return new MaturityCriterion(id, 4, title, CriterionStatus.UNKNOWN, null, "count",
                    "the policy has no active risk rule matching traits [iam-account-level], so admin grants are not recognised", "0",
                    "keep the built-in account-level-iam rule (or add one with traits: [iam-account-level])", List.of(), source);
        }
        if (t.assessmentsRead == 0) {
            return new MaturityCriterion(id, 4, title, CriterionStatus.UNKNOWN, null, "count",
                    "no risk-assessed event in the window carries its assessment, so no IAM read by the engine is on record", "0",
                    "record the assessment with the event (aiRiskScore does; aigov audit append --risk FILE on a risk-assessed event)",
                    List.of(), source);
        }
        boolean ok = t.adminSubjects.isEmpty() && t.adminUnlisted == 0;
        int count = t.adminSubjects.size() + t.adminUnlisted;
        return new MaturityCriterion(id, 4, title, ok ? CriterionStatus.PASSED : CriterionStatus.FAILED, (double) count, "count",
                count + " granted or changed in the window, over " + t.assessmentsRead + " recorded assessments"
                        + (t.adminUnlisted > 0 ? " (" + t.adminUnlisted + " beyond the subjects an assessment lists)" : ""),
                "0", ok ? "keep IAM changes behind the account-level-iam rule (CRITICAL) and the ai-no-iam scope rule"
                        : "replace the wildcard grants listed with scoped actions and resources, or a permissions boundary; then rotate the identities",
                new ArrayList<>(t.adminSubjects), source);
    }

    /** Keeps at most {@link MaturityCriterion#MAX_SUBJECTS} examples: memory does not grow with the trail. */
    private static void example(List<String> into, String subject) {
        if (into.size() < MaturityCriterion.MAX_SUBJECTS) {
            into.add(subject);
        }
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String human(double seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    /** A deployment in the window, with the environment its event named (or {@code null}). */
    private record Deployment(Instant time, String environment) {
    }

    /** What one change did, as far as the criteria need it. */
    private static final class Change {
        ChangeSource source;
        RiskTier tier;
        String environment;
        boolean active;
        boolean canary;
        Instant firstRisk;
        Instant firstApproval;
        Instant firstDeployment;
        final List<Deployment> inWindow = new ArrayList<>(1);
        final List<Instant> deployments = new ArrayList<>(1);

        boolean ai() {
            return RecordedSource.countsAsAi(source);
        }

        /** Its deployments in the window to production (an absent environment counts as production). */
        List<Deployment> production(GovernancePolicy policy) {
            return inWindow.stream().filter(d -> policy.environments().isProduction(d.environment() != null ? d.environment() : environment)).toList();
        }
    }

    /** The trail read once: per change, plus the window-wide counts. */
    private static final class Trail {
        final Instant from;
        final Instant to;
        final Set<String> adminRules;
        final Map<String, Change> changes = new HashMap<>();
        final Set<String> adminSubjects = new TreeSet<>();
        final List<Double> restoreSeconds = new ArrayList<>();
        int adminUnlisted;
        int assessmentsRead;
        int unnamedDeployments;
        int failedRollbacks;
        long events;
        long totalEvents;

        Trail(Instant from, Instant to, Set<String> adminRules) {
            this.from = from;
            this.to = to;
            this.adminRules = adminRules;
        }

        void add(AuditEvent e) {
            if (!e.time().isBefore(to)) {
                return;
            }
            totalEvents++;
            boolean in = !e.time().isBefore(from);
            events += in ? 1 : 0;
            if (e.fingerprint() == null) {
                if (in && e.type() == AuditEventType.DEPLOYMENT_DONE) {
                    unnamedDeployments++;
                }
                return;
            }
            Change c = changes.computeIfAbsent(e.fingerprint(), k -> new Change());
            c.active |= in;
            c.source = e.changeSource() == null ? c.source : e.changeSource().max(c.source);
            c.tier = e.tier() == null ? c.tier : e.tier().max(c.tier);
            switch (e.type()) {
                case RISK_ASSESSED -> {
                    c.firstRisk = min(c.firstRisk, e.time());
                    JsonNode doc = e.details();
                    if (doc != null && doc.hasNonNull("environment")) {
                        c.environment = doc.get("environment").asText();
                    }
                    if (in && doc != null && doc.has("reasons")) {
                        assessmentsRead++;
                        for (JsonNode r : doc.get("reasons")) {
                            if (adminRules.contains(r.path("rule").asText())) {
                                int listed = 0;
                                for (JsonNode s : r.path("subjects")) {
                                    adminSubjects.add(s.asText());
                                    listed++;
                                }
                                adminUnlisted += Math.max(0, r.path("count").asInt(listed) - listed);
                            }
                        }
                    }
                }
                case APPROVAL_GIVEN -> {
                    if (signsOff(e)) {
                        c.firstApproval = min(c.firstApproval, e.time());
                    }
                }
                case CANARY_STEP -> c.canary = true;
                case DEPLOYMENT_DONE -> {
                    c.firstDeployment = min(c.firstDeployment, e.time());
                    c.deployments.add(e.time());
                    if (in) {
                        // production is judged at the end, when the change's environment (from its assessment) is known
                        JsonNode env = e.details() == null ? null : e.details().get("environment");
                        c.inWindow.add(new Deployment(e.time(), env == null || env.isNull() ? null : env.asText()));
                    }
                }
                case ROLLBACK -> {
                    if (in) {
                        failedRollbacks += e.restores() ? 0 : 1;
                    }
                }
                default -> {
                }
            }
            if (e.type() == AuditEventType.ROLLBACK && e.restores() && in) {
                Instant deployed = null;
                for (Instant d : c.deployments) {
                    if (!d.isAfter(e.time()) && (deployed == null || d.isAfter(deployed))) {
                        deployed = d;
                    }
                }
                if (deployed != null) {
                    restoreSeconds.add(Duration.between(deployed, e.time()).toMillis() / 1000.0);
                }
            }
        }

        private static Instant min(Instant a, Instant b) {
            return a == null || b.isBefore(a) ? b : a;
        }
    }

    /**
     * Whether an {@code approval-given} event can be a HIGH/CRITICAL change's sign-off: a named person (not an AI
     * account of the agent catalogue), an outcome that is no denial or refusal, and a tier of HIGH or above when the
     * event names one. Anyone can append events to a log; a forged or mislabelled one never signs a change off.
     */
    static boolean signsOff(AuditEvent e) {
        String actor = e.actor();
        if (actor == null || actor.isBlank() || AgentCatalogue.builtIn().matchAccount(actor, null).isPresent()) {
            return false;
        }
        String outcome = e.outcome() == null ? "" : e.outcome().toLowerCase(java.util.Locale.ROOT);
        if (outcome.contains("denied") || outcome.contains("refused") || outcome.contains("rejected")) {
            return false;
        }
        return e.tier() == null || e.tier().atLeast(RiskTier.HIGH);
    }
}
