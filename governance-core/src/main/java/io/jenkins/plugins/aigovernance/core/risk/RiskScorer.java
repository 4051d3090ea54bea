package io.jenkins.plugins.aigovernance.core.risk;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.CommitInfo;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.change.graph.ResourceGraph;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.ConditionMatcher;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import io.jenkins.plugins.aigovernance.core.policy.RiskPolicy;
import io.jenkins.plugins.aigovernance.core.policy.RiskRule;
import io.jenkins.plugins.aigovernance.core.policy.SubjectMatcher;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a change under a policy: every enabled rule is tried against every changed file and resource
 * (cost: rules × subjects, each a linear-time match); the tier is the highest tier any rule gives;
 * files no rule matches get the policy's default tier; the service graph adds cross-service reasons. A rule whose tier
 * is below the default tier and that names environments ({@code when.environments}) never holds in a production
 * environment ({@link io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy#isProduction}): such a rule claims
 * files at a lower tier than an unclassified file gets, leniency meant for the environments it names, and a production
 * name its globs also match ({@code prod-dev} for {@code *-dev}, {@code eu-dev} under {@code production: ["eu-*"]})
 * must not lower its tier.
 * Compile once per policy and reuse; instances are immutable and thread-safe.
 */
public final class RiskScorer {

    private record CompiledRule(RiskRule rule, SubjectMatcher matcher, ConditionMatcher when) {
    }

    /** Whether a rule lowers files below the default tier for the environments it names (see the class comment). */
    private boolean lenientForEnvironments(RiskRule r) {
        return !r.tier().atLeast(risk.defaultTier()) && r.when() != null && !r.when().environments().isEmpty();
    }

    private final GovernancePolicy policy;
    private final RiskPolicy risk;
    private final List<CompiledRule> rules;
    private final List<Glob> statefulTypes;
    private final List<Glob> networkTypes;
    private final ServiceGraph services;
    private final Clock clock;

    public RiskScorer(GovernancePolicy policy, Clock clock) {
        this.policy = policy;
        this.risk = policy.risk();
        this.clock = clock;
        List<CompiledRule> compiled = new ArrayList<>();
        for (RiskRule r : risk.rules()) {
            if (r.active()) {
                compiled.add(new CompiledRule(r, SubjectMatcher.of(r.match()), ConditionMatcher.of(r.when(), policy.environments())));
            }
        }
        rules = List.copyOf(compiled);
        statefulTypes = risk.statefulTypes().stream().map(Glob::type).toList();
        networkTypes = risk.networkTypes().stream().map(Glob::type).toList();
        services = new ServiceGraph(risk.services());
    }

    /** Adds the policy's {@code stateful} and {@code network} traits to resources by type. */
    public List<ResourceChange> classify(List<ResourceChange> resources) {
        List<ResourceChange> out = new ArrayList<>(resources.size());
        for (ResourceChange r : resources) {
            Set<ResourceTrait> extra = EnumSet.noneOf(ResourceTrait.class);
            if (anyMatch(statefulTypes, r.type())) {
                extra.add(ResourceTrait.STATEFUL);
            }
            if (anyMatch(networkTypes, r.type())) {
                extra.add(ResourceTrait.NETWORK);
            }
            out.add(r.withTraits(extra));
        }
        return out;
    }

    private static boolean anyMatch(List<Glob> globs, String v) {
        if (v == null) {
            return false;
        }
        for (Glob g : globs) {
            if (g.matches(v)) {
                return true;
            }
        }
        return false;
    }

    /** Scores a change the engine has read (its fingerprint is not computed again). */
    public RiskAssessment score(ChangeContext context) {
        return score(context.change(), context.fingerprint(), context.provenance(), context.environment(), context.graph());
    }

    /**
     * Scores a change.
     *
     * @param environment the target environment, {@code null} when unknown
     */
    public RiskAssessment score(ChangeSet change, Provenance provenance, String environment) {
        return score(change, ChangeFingerprint.of(change), provenance, environment, ResourceGraph.empty());
    }

    private RiskAssessment score(ChangeSet change, ChangeFingerprint fingerprint, Provenance provenance, String environment,
            ResourceGraph graph) {
        ChangeSource effective = policy.provenance().effective(provenance.source());
        List<ResourceChange> resources = new ArrayList<>();
        for (ResourceChange r : classify(change.resources())) {
            if (r.action() != ResourceAction.NO_OP && r.action() != ResourceAction.READ) {
                resources.add(r);
            }
        }
        List<FileChange> files = change.files();
        List<String> labels = labels(resources);
        Map<String, Hits> hits = new LinkedHashMap<>();
        boolean[] fileMatched = new boolean[files.size()];
        boolean[] resourceMatched = new boolean[resources.size()];
        int[] fileKinds = new int[files.size()];
        boolean production = policy.environments().isProduction(environment);
        for (CompiledRule cr : rules) {
            if (!cr.when().matches(environment, effective, provenance.agentId())) {
                continue;
            }
            if (production && lenientForEnvironments(cr.rule())) {
                continue;
            }
            ChangeCategory kind = ChangeCategory.ofRule(cr.rule().id());
            for (int i = 0; i < files.size(); i++) {
                if (cr.matcher().matchesFile(files.get(i))) {
                    fileMatched[i] = true;
                    fileKinds[i] |= kind == null ? 0 : 1 << kind.ordinal();
                    hits.computeIfAbsent(cr.rule().id(), k -> new Hits(cr.rule())).add(files.get(i).path());
                }
            }
            for (int i = 0; i < resources.size(); i++) {
                if (cr.matcher().matchesResource(resources.get(i))) {
                    resourceMatched[i] = true;
                    hits.computeIfAbsent(cr.rule().id(), k -> new Hits(cr.rule())).add(labels.get(i));
                }
            }
        }
        List<RiskReason> reasons = new ArrayList<>();
        for (Hits h : hits.values()) {
            reasons.add(h.reason());
        }
        Hits unclassified = new Hits(new RiskRule("default", risk.defaultTier(), "Application code or unclassified file", null, null, null));
        for (int i = 0; i < files.size(); i++) {
            if (!fileMatched[i]) {
                unclassified.add(files.get(i).path());
            }
        }
        Hits unclassifiedResources = new Hits(new RiskRule("default-resource", risk.defaultTier(), "Infrastructure change", null, null, null));
        int destroyed = 0;
        int destroyedStateful = 0;
        for (int i = 0; i < resources.size(); i++) {
            ResourceChange r = resources.get(i);
            if (!resourceMatched[i]) {
                unclassifiedResources.add(labels.get(i));
            }
            if (r.action().destructive()) {
                destroyed++;
                if (r.has(ResourceTrait.STATEFUL) || r.has(ResourceTrait.NETWORK)) {
                    destroyedStateful++;
                }
            }
        }
        partialPlans(change.notes(), reasons);
        if (unclassified.count > 0) {
            reasons.add(unclassified.reason());
        }
        if (unclassifiedResources.count > 0) {
            reasons.add(unclassifiedResources.reason());
        }
        // a submodule bump brings in code this diff does not show: never below MEDIUM
        Hits submodules = new Hits(new RiskRule("submodule", RiskTier.MEDIUM,
                "Submodule moved: the code it now points to is not part of this diff", null, null, null));
        for (FileChange f : files) {
            if (f.submodule()) {
                submodules.add(f.path());
            }
        }
        if (submodules.count > 0) {
            reasons.add(submodules.reason());
        }
        // a forget (Terraform removed block, destroy = false) drops a database or volume from the state: nothing
        // manages, backs up or protects it any longer, and the next apply of the old code creates a second one
        if (policy.environments().isProduction(environment)) {
            Hits forgotten = new Hits(new RiskRule("forgotten-stateful", RiskTier.HIGH,
                    "Stateful resource removed from the Terraform state in production (forget): it is no longer managed", null, null, null));
            for (int i = 0; i < resources.size(); i++) {
                if (resources.get(i).action() == ResourceAction.FORGET && resources.get(i).has(ResourceTrait.STATEFUL)) {
                    forgotten.add(labels.get(i));
                }
            }
            if (forgotten.count > 0) {
                reasons.add(forgotten.reason());
            }
        }

        // a change that edits the named policy file it is judged by (read at its base revision) changes the rules
        // themselves, as an edit of .ai-governance.yml does: the next change would be judged by what this one wrote
        String editedPolicy = policy.source() == null ? null : policy.source().editedFile();
        if (editedPolicy != null) {
            Hits own = new Hits(new RiskRule("governance-policy-file", RiskTier.CRITICAL,
                    "Change to the policy file this change is judged by (read at its base revision)", null, null, null));
            own.add(editedPolicy);
            reasons.add(own.reason());
        }

        Set<String> touched = services.touchedBy(files);
        Set<String> dependents = services.dependentsOf(touched);
        GraphDependents reached = DependentsWalk.walk(graph, risk.sharedUsers());
        int units = reached.units() + dependents.size();
        if (units >= risk.highDependents()) {
            RiskTier t = units >= risk.criticalDependents() ? RiskTier.CRITICAL : RiskTier.HIGH;
            List<String> subjects = new ArrayList<>(touched);
            for (GraphDependents.ChangedResourceReach c : reached.changed()) {
                subjects.add(c.address());
            }
            String message = reached.units() == 0
                    ? "Cross-service dependency: " + dependents.size() + " services depend on " + String.join(", ", touched)
                    : "Cross-service dependency: " + units + " units (" + reached.resources() + " resources"
                            + (dependents.isEmpty() ? "" : ", " + dependents.size() + " declared services") + ") depend on the change";
            reasons.add(new RiskReason("dependents", t, message, subjects.subList(0, Math.min(subjects.size(), RiskReason.MAX_SUBJECTS)),
                    subjects.size()));
        }
        Hits shared = new Hits(new RiskRule("shared-resource", RiskTier.HIGH,
                "Shared resource: a permission boundary, or a policy, security group, KMS key, ConfigMap, Secret or role used by "
                        + risk.sharedUsers() + " or more",
                null, null, null));
        for (GraphDependents.ChangedResourceReach c : reached.changed()) {
            if (c.shared()) {
                shared.add(c.address());
            }
        }
        if (shared.count > 0) {
            reasons.add(shared.reason());
        }
        if (change.files().isEmpty() && resources.isEmpty()) {
            reasons.add(new RiskReason("empty", RiskTier.LOW, "The change is empty", List.of(), 0));
        }

        reasons.sort(Comparator.comparing(RiskReason::tier).reversed().thenComparing(RiskReason::rule));
        RiskTier tier = RiskTier.LOW;
        for (RiskReason r : reasons) {
            tier = tier.max(r.tier());
        }
        long added = 0;
        long deleted = 0;
        for (FileChange f : files) {
            added += f.linesAdded();
            deleted += f.linesDeleted();
        }
        Set<ChangeCategory> touches = EnumSet.noneOf(ChangeCategory.class);
        for (int kinds : fileKinds) {
            for (ChangeCategory c : ChangeCategory.values()) {
                if ((kinds & 1 << c.ordinal()) != 0 || (kinds == 0 && c == ChangeCategory.APP_CODE)) {
                    touches.add(c);
                }
            }
        }
        for (ResourceChange r : resources) {
            touches.addAll(ChangeCategory.ofResource(r));
        }
        List<java.time.Instant> commitTimes = new ArrayList<>();
        for (CommitInfo c : change.commits()) {
            if (c.authorTime() != null) {
                commitTimes.add(c.authorTime());
            }
        }
        BlastRadius radius = BlastRadius.of(tier, added + deleted, resources.size(), destroyedStateful, units);
        return new RiskAssessment(fingerprint, change.base(), change.head(), environment, tier, radius.score(), radius,
                reasons, new ChangeSummary(files.size(), added, deleted, resources.size(), destroyed, change.commits().size(), destroyedStateful),
                new DependentImpact(List.copyOf(touched), List.copyOf(dependents), units, reached),
                provenance, effective, provenance.agentId(),
                policy.versionLabel(), clock.instant(), List.copyOf(touches), commitTimes, change.notes());
    }

    /**
     * A plan Terraform did not finish ({@code errored: true}) or that defers changes ({@code complete: false}) does not
     * list everything that will change: what is missing could be anything, so it is scored CRITICAL (fail closed), never
     * as a complete plan.
     */
    private static void partialPlans(List<InputNote> notes, List<RiskReason> reasons) {
        List<String> errored = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (InputNote n : notes) {
            if (n.kind() == InputNote.Kind.PLAN_ERRORED) {
                errored.add(n.input());
            } else if (n.kind() == InputNote.Kind.PLAN_INCOMPLETE) {
                incomplete.add(n.input());
            }
        }
        if (!errored.isEmpty()) {
            reasons.add(new RiskReason("plan-errored", RiskTier.CRITICAL,
                    "Partial plan: Terraform reported errors (errored: true); the rest of the change is unknown", errored, errored.size()));
        }
        if (!incomplete.isEmpty()) {
            reasons.add(new RiskReason("plan-incomplete", RiskTier.CRITICAL,
                    "Partial plan: deferred changes (complete: false) are not listed; the rest of the change is unknown", incomplete,
                    incomplete.size()));
        }
    }

    /**
     * How reasons name resources: the address, and the file it was read from when resources from different files have the
     * same address ({@code ConfigMap/shop/app (k8s/a.yaml)}).
     */
    static List<String> labels(List<ResourceChange> resources) {
        Map<String, java.util.Set<String>> filesByAddress = new java.util.HashMap<>();
        for (ResourceChange r : resources) {
            filesByAddress.computeIfAbsent(r.address(), k -> new java.util.HashSet<>()).add(String.valueOf(r.file()));
        }
        List<String> out = new ArrayList<>(resources.size());
        for (ResourceChange r : resources) {
            boolean ambiguous = filesByAddress.get(r.address()).size() > 1;
            out.add(ambiguous ? r.address() + " (" + (r.file() == null ? "plan or --manifests" : r.file()) + ")" : r.address());
        }
        return out;
    }

    /** Subjects one rule matched. */
    private static final class Hits {
        private final RiskRule rule;
        private final List<String> subjects = new ArrayList<>();
        private int count;

        Hits(RiskRule rule) {
            this.rule = rule;
        }

        void add(String subject) {
            count++;
            if (subjects.size() < RiskReason.MAX_SUBJECTS) {
                subjects.add(subject);
            }
        }

        RiskReason reason() {
            return new RiskReason(rule.id(), rule.tier(), rule.reason(), subjects, count);
        }
    }
}
