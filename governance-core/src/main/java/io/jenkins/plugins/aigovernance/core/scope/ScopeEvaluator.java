package io.jenkins.plugins.aigovernance.core.scope;

import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.AgentAutonomy;
import io.jenkins.plugins.aigovernance.core.policy.AutonomyBudget;
import io.jenkins.plugins.aigovernance.core.policy.AutonomyPolicy;
import io.jenkins.plugins.aigovernance.core.policy.ConditionMatcher;
import io.jenkins.plugins.aigovernance.core.policy.Enforcement;
import io.jenkins.plugins.aigovernance.core.policy.EnvironmentLevels;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.ScopeEffect;
import io.jenkins.plugins.aigovernance.core.policy.ScopePolicy;
import io.jenkins.plugins.aigovernance.core.policy.ScopeRule;
import io.jenkins.plugins.aigovernance.core.policy.SubjectMatcher;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges whether the actor of a change was allowed to make it: the policy's scope rules and the
 * agent's autonomy level. Compile once per policy and reuse; instances are immutable and thread-safe.
 *
 * <p>Cost: every applicable rule is tried once against every changed file and resource (rules ×
 * subjects linear-time glob / RE2 matches); counts, namespaces and budgets are one more pass.
 */
public final class ScopeEvaluator {

    /** Findings listed per rule; the rest are summarised in one more finding. */
    public static final int MAX_FINDINGS_PER_RULE = 50;

    private record CompiledRule(ScopeRule rule, List<SubjectMatcher> matchers, ConditionMatcher when, List<String> owners) {
        boolean selects(FileChange f) {
            for (SubjectMatcher m : matchers) {
                if (m.matchesFile(f)) {
                    return true;
                }
            }
            return false;
        }

        boolean selects(ResourceChange r) {
            for (SubjectMatcher m : matchers) {
                if (m.matchesResource(r)) {
                    return true;
                }
            }
            return false;
        }

        String id() {
            return rule.id();
        }
    }

    private record CompiledAgent(AgentAutonomy entry, List<Glob> agents, EnvironmentLevels levels, List<SubjectMatcher> productionActions,
            List<Glob> namespaces) {
    }

    private final GovernancePolicy policy;
    private final AutonomyPolicy autonomy;
    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule> rulesById;
    private final List<CompiledAgent> agents;
    private final RiskScorer riskScorer;
    private final Clock clock;

    public ScopeEvaluator(GovernancePolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        ScopePolicy scope = policy.scope();
        this.autonomy = scope.autonomy();
        List<CompiledRule> compiled = new ArrayList<>();
        Map<String, CompiledRule> byId = new LinkedHashMap<>();
        for (ScopeRule r : scope.rules()) {
            if (!r.active()) {
                continue;
            }
            List<SubjectMatcher> ms = r.match().stream().map(SubjectMatcher::of).toList();
            ConditionMatcher when = ConditionMatcher.of(r.when() == null ? null : r.when().condition(), policy.environments());
            CompiledRule cr = new CompiledRule(r, ms, when, r.owners() != null ? r.owners() : scope.owners());
            compiled.add(cr);
            byId.put(r.id(), cr);
        }
        this.rules = List.copyOf(compiled);
        this.rulesById = Map.copyOf(byId);
        List<CompiledAgent> as = new ArrayList<>();
        for (AgentAutonomy a : autonomy.agents()) {
            EnvironmentLevels levels = EnvironmentLevels.of(a.environments(), policy.environments());
            as.add(new CompiledAgent(a, a.agentGlobs().stream().map(Glob::name).toList(), levels,
                    a.productionActions().stream().map(SubjectMatcher::of).toList(), a.namespaces().stream().map(Glob::name).toList()));
        }
        this.agents = List.copyOf(as);
        this.riskScorer = new RiskScorer(policy, clock);
    }

    /** The policy this evaluator was compiled for. */
    public GovernancePolicy policy() {
        return policy;
    }

    /** Evaluates a change, scoring its risk first (for rules with {@code minTier}). */
    public ScopeDecision evaluate(ChangeContext ctx, List<ScopeOverride> overrides) {
        checkPolicy(ctx);
        return evaluate(ctx, riskScorer.score(ctx), overrides);
    }

    /**
     * Evaluates a change whose risk was already assessed.
     *
     * @param overrides owners' overrides of soft-mandatory rules; those that may not apply are refused and reported
     * @throws IllegalArgumentException when the context carries another policy than this evaluator's
     */
    public ScopeDecision evaluate(ChangeContext ctx, RiskAssessment risk, List<ScopeOverride> overrides) {
        checkPolicy(ctx);
        ChangeSource effective = ctx.effectiveSource();
        String agentId = ctx.provenance().agentId();
        String environment = ctx.environment();
        boolean production = ctx.production();
        RiskTier tier = risk.tier();
        List<FileChange> files = ctx.change().files();
        List<ResourceChange> resources = new ArrayList<>();
        for (ResourceChange r : riskScorer.classify(ctx.change().resources())) {
            if (r.action() != ResourceAction.NO_OP && r.action() != ResourceAction.READ) {
                resources.add(r);
            }
        }
        Facts facts = new Facts(effective, blankToUnknown(agentId), blankToUnknown(environment));
        Findings out = new Findings();

        boolean[] exemptFile = new boolean[files.size()];
        boolean[] exemptResource = new boolean[resources.size()];
        List<CompiledRule> applicable = new ArrayList<>();
        for (CompiledRule cr : rules) {
            if (!cr.when().matches(environment, effective, agentId)) {
                continue;
            }
            RiskTier min = cr.rule().when() == null ? null : cr.rule().when().minTier();
            if (min != null && !tier.atLeast(min)) {
                continue;
            }
            if (cr.rule().effectiveEffect() != ScopeEffect.ALLOW) {
                applicable.add(cr);
                continue;
            }
            for (int i = 0; i < files.size(); i++) {
                if (cr.selects(files.get(i))) {
                    exemptFile[i] = true;
                    if (out.room(Bucket.EXEMPTION, cr.id())) {
                        out.add(fileFinding(cr.rule(), files.get(i), facts), Bucket.EXEMPTION);
                    }
                }
            }
            for (int i = 0; i < resources.size(); i++) {
                if (cr.selects(resources.get(i))) {
                    exemptResource[i] = true;
                    if (out.room(Bucket.EXEMPTION, cr.id())) {
                        out.add(resourceFinding(cr.rule(), resources.get(i), facts), Bucket.EXEMPTION);
                    }
                }
            }
        }

        boolean limited = limitedByAutonomy(effective);
        CompiledAgent agent = limited ? agentEntry(agentId) : null;
        for (CompiledRule cr : applicable) {
            evaluateRule(cr, files, resources, exemptFile, exemptResource, facts, agent, out);
        }
        AutonomyCheck autonomyCheck = limited
                ? checkAutonomy(ctx, agent, files, resources, facts, production, out)
                : null;

        // the named policy file this change is judged by is the governance policy, as .ai-governance.yml is
        String editedPolicy = ctx.policy().source() == null ? null : ctx.policy().source().editedFile();
        if (editedPolicy != null && effective == ChangeSource.AI_AGENT) {
            out.add(autonomyFinding("ai-no-governance-policy-file", ScopeEffect.DENY, editedPolicy
                    + " is the policy file this change is judged by; AI agents may not change it: a human must make and review this change",
                    editedPolicy, SubjectKind.FILE), Bucket.VIOLATION);
        }
        Map<String, List<ScopeViolation>> violations = out.bucket(Bucket.VIOLATION);
        Map<String, List<ScopeViolation>> approvals = out.bucket(Bucket.APPROVAL);
        List<ScopeOverride> applied = new ArrayList<>();
        List<RefusedOverride> refused = new ArrayList<>();
        List<ScopeViolation> overridden = new ArrayList<>();
        for (ScopeOverride o : overrides == null ? List.<ScopeOverride>of() : overrides) {
            String why = refusal(o, violations, approvals, applied);
            if (why != null) {
                refused.add(new RefusedOverride(o, why));
                continue;
            }
            applied.add(o);
            List<ScopeViolation> v = violations.remove(o.rule());
            if (v != null) {
                overridden.addAll(v);
            }
            List<ScopeViolation> a = approvals.remove(o.rule());
            if (a != null) {
                overridden.addAll(a);
            }
        }
        List<ScopeViolation> violationList = flatten(violations);
        List<ScopeViolation> approvalList = flatten(approvals);
        return new ScopeDecision(violationList.isEmpty() ? ScopeOutcome.ALLOW : ScopeOutcome.DENY, !approvalList.isEmpty(), violationList,
                approvalList, flatten(out.bucket(Bucket.ADVISORY)), flatten(out.bucket(Bucket.EXEMPTION)), overridden, applied, refused,
                autonomyCheck, effective, ctx.provenance().source(), agentId, environment, production, tier, ctx.fingerprint(), policy.versionLabel(),
                policy.source() == null ? null : policy.source().sha256(), List.of(), clock.instant(),
                ctx.change().notes());
    }

    private void checkPolicy(ChangeContext ctx) {
        if (ctx.policy() != policy && !ctx.policy().equals(policy)) {
            throw new IllegalArgumentException("the change was read under policy " + ctx.policy().versionLabel()
                    + ", but this evaluator was compiled for " + policy.versionLabel());
        }
    }

    private void evaluateRule(CompiledRule cr, List<FileChange> files, List<ResourceChange> resources, boolean[] exemptFile,
            boolean[] exemptResource, Facts facts, CompiledAgent agent, Findings out) {
        ScopeRule rule = cr.rule();
        boolean hard = rule.effectiveEnforcement() == Enforcement.HARD_MANDATORY;
        Bucket bucket = bucketOf(rule);
        boolean perSubject = !rule.countRule() && !rule.crossNamespaceRule() && !rule.outsideAgentNamespacesRule();
        List<String> selected = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>();
        for (int i = 0; i < files.size(); i++) {
            FileChange f = files.get(i);
            if ((hard || !exemptFile[i]) && cr.selects(f)) {
                if (perSubject) {
                    if (out.room(bucket, rule.id())) {
                        out.add(fileFinding(rule, f, facts), bucket);
                    }
                } else {
                    selected.add(f.path());
                }
            }
        }
        for (int i = 0; i < resources.size(); i++) {
            ResourceChange r = resources.get(i);
            if ((hard || !exemptResource[i]) && cr.selects(r)) {
                if (perSubject) {
                    if (out.room(bucket, rule.id())) {
                        out.add(resourceFinding(rule, r, facts), bucket);
                    }
                } else if (rule.outsideAgentNamespacesRule()) {
                    if (limitedByAutonomy(facts.source()) && r.namespace() != null && !allowedNamespace(agent, r.namespace())) {
                        out.add(resourceFinding(rule, r, facts), bucket);
                    }
                } else {
                    selected.add(r.address());
                    if (r.namespace() != null) {
                        namespaces.add(r.namespace());
                    }
                }
            }
        }
        if (rule.countRule()) {
            int n = selected.size();
            int min = rule.minMatches() == null ? 1 : rule.minMatches();
            if (n >= min && (rule.maxMatches() == null || n > rule.maxMatches())) {
                Map<String, String> vars = facts.vars();
                vars.put("count", Integer.toString(n));
                vars.put("subject", sample(selected));
                out.add(new ScopeViolation(rule.id(), rule.effectiveEffect(), rule.effectiveEnforcement(), render(rule.message(), vars),
                        SubjectKind.CHANGE, sample(selected)), bucket);
            }
        } else if (rule.crossNamespaceRule() && namespaces.size() > 1) {
            Map<String, String> vars = facts.vars();
            vars.put("count", Integer.toString(namespaces.size()));
            vars.put("namespace", String.join(", ", namespaces));
            vars.put("subject", String.join(", ", namespaces));
            out.add(new ScopeViolation(rule.id(), rule.effectiveEffect(), rule.effectiveEnforcement(), render(rule.message(), vars),
                    SubjectKind.CHANGE, String.join(", ", namespaces)), bucket);
        }
    }

    /**
     * Autonomy levels limit AI agents, and unknown provenance when the policy's {@code unknownAs} leaves
     * it unknown; people and AI-assisted people are not limited.
     */
    private static boolean limitedByAutonomy(ChangeSource effective) {
        return effective == ChangeSource.AI_AGENT || effective == ChangeSource.UNKNOWN;
    }

    private static boolean allowedNamespace(CompiledAgent agent, String namespace) {
        if (agent == null) {
            return false;
        }
        for (Glob g : agent.namespaces()) {
            if (g.matches(namespace)) {
                return true;
            }
        }
        return false;
    }

    private static Bucket bucketOf(ScopeRule rule) {
        if (rule.effectiveEnforcement() == Enforcement.ADVISORY) {
            return Bucket.ADVISORY;
        }
        return rule.effectiveEffect() == ScopeEffect.REQUIRE_APPROVAL ? Bucket.APPROVAL : Bucket.VIOLATION;
    }

    private CompiledAgent agentEntry(String agentId) {
        if (agentId == null || agentId.isBlank()) {
            return null;
        }
        for (CompiledAgent a : agents) {
            for (Glob g : a.agents()) {
                if (g.matches(agentId)) {
                    return a;
                }
            }
        }
        return null;
    }

    private AutonomyCheck checkAutonomy(ChangeContext ctx, CompiledAgent agent, List<FileChange> files, List<ResourceChange> resources,
            Facts facts, boolean production, Findings out) {
        boolean unknownActor = ctx.provenance().source() == ChangeSource.UNKNOWN || ctx.provenance().agentId() == null
                || ctx.provenance().agentId().isBlank();
        int number;
        String entry;
        if (unknownActor) {
            number = autonomy.unknownActors();
            entry = "unknownActors";
        } else if (agent == null) {
            number = autonomy.defaultLevel();
            entry = "defaultLevel";
        } else {
            entry = agent.entry().id();
            // every spelling of the environment, the lowest level winning; a production one no entry names is only ever held lower
            int own = agent.entry().level() != null ? agent.entry().level() : autonomy.defaultLevel();
            number = agent.levels().levelIn(ctx.environment(), own);
        }
        AutonomyLevel level = AutonomyLevel.of(number);
        String who = unknownActor ? "An actor of unknown provenance" : "Agent " + facts.agent();
        String where = facts.environment() + (production ? " (production" + ("unknown".equals(facts.environment())
                ? ": an unknown environment counts as production)" : ")") : "");
        boolean empty = files.isEmpty() && resources.isEmpty();
        String summary;
        switch (level) {
            case READ_ONLY -> {
                summary = who + " has autonomy level 0 (read-only) in " + where + ": it may not change anything";
                if (!empty) {
                    out.add(autonomyFinding("autonomy-read-only", ScopeEffect.DENY, summary + "; this change touches " + files.size()
                            + " files and " + resources.size() + " resources", null), Bucket.VIOLATION);
                }
            }
            case PROPOSE -> {
                summary = who + " has autonomy level 1 (propose) in " + where + ": its changes are proposals, and applying one needs a human approval";
                if (!empty) {
                    out.add(autonomyFinding("autonomy-propose", ScopeEffect.REQUIRE_APPROVAL, summary, null), Bucket.APPROVAL);
                }
            }
            case EXECUTE_SANDBOX -> {
                summary = who + " has autonomy level 2 (execute outside production) in " + where;
                if (production && !empty) {
                    out.add(autonomyFinding("autonomy-production", ScopeEffect.DENY, summary + "; it may not change production: a human must apply"
                            + " this change", null), Bucket.VIOLATION);
                }
                checkBudget(agent, files, resources, who, out);
            }
            case EXECUTE_PRODUCTION_ACTIONS -> {
                summary = who + " has autonomy level 3 (execute listed production actions) in " + where;
                if (production) {
                    List<SubjectMatcher> allowed = agent == null ? List.of() : agent.productionActions();
                    for (FileChange f : files) {
                        if (allowed.stream().noneMatch(m -> m.matchesFile(f))) {
                            out.add(autonomyFinding("autonomy-production-action", ScopeEffect.DENY, f.path() + " is not among the production "
                                    + "changes " + facts.agent() + " may make on its own (level 3): a human must apply it", f.path(), SubjectKind.FILE),
                                    Bucket.VIOLATION);
                        }
                    }
                    for (ResourceChange r : resources) {
                        if (allowed.stream().noneMatch(m -> m.matchesResource(r))) {
                            out.add(autonomyFinding("autonomy-production-action", ScopeEffect.DENY, r.address() + " (" + r.type() + ", "
                                    + r.action().json() + ") is not among the production actions " + facts.agent()
                                    + " may take on its own (level 3): a human must apply it", r.address(), SubjectKind.RESOURCE), Bucket.VIOLATION);
                        }
                    }
                }
                checkBudget(agent, files, resources, who, out);
            }
            default -> throw new IllegalStateException(level.name());
        }
        return new AutonomyCheck(facts.agent(), entry, level, number, production, summary);
    }

    private void checkBudget(CompiledAgent agent, List<FileChange> files, List<ResourceChange> resources, String who, Findings out) {
        AutonomyBudget own = agent == null || agent.entry().budget() == null ? new AutonomyBudget(null, null, null) : agent.entry().budget();
        AutonomyBudget dflt = autonomy.budget();
        Integer maxFiles = own.maxFiles() != null ? own.maxFiles() : dflt.maxFiles();
        Integer maxResources = own.maxResources() != null ? own.maxResources() : dflt.maxResources();
        Integer maxDestroys = own.maxDestroys() != null ? own.maxDestroys() : dflt.maxDestroys();
        if (maxFiles != null && files.size() > maxFiles) {
            out.add(autonomyFinding("autonomy-budget-files", ScopeEffect.DENY, who + " changed " + files.size()
                    + " files, over its budget of " + maxFiles + ": a human must review and apply this change", null), Bucket.VIOLATION);
        }
        if (maxResources != null && resources.size() > maxResources) {
            out.add(autonomyFinding("autonomy-budget-resources", ScopeEffect.DENY, who + " changes " + resources.size()
                    + " resources, over its budget of " + maxResources + ": a human must review and apply this change",
                    sample(resources.stream().map(ResourceChange::address).toList())), Bucket.VIOLATION);
        }
        List<String> destroyed = resources.stream().filter(r -> r.action().destructive()).map(ResourceChange::address).toList();
        if (maxDestroys != null && destroyed.size() > maxDestroys) {
            out.add(autonomyFinding("autonomy-budget-destroys", ScopeEffect.DENY, who + " deletes or replaces " + destroyed.size()
                    + " resources (" + sample(destroyed) + "), over its budget of " + maxDestroys + ": a human must review and apply this change",
                    sample(destroyed)), Bucket.VIOLATION);
        }
    }

    private static ScopeViolation autonomyFinding(String rule, ScopeEffect effect, String message, String subject) {
        return autonomyFinding(rule, effect, message, subject, SubjectKind.CHANGE);
    }

    private static ScopeViolation autonomyFinding(String rule, ScopeEffect effect, String message, String subject, SubjectKind kind) {
        return new ScopeViolation(rule, effect, Enforcement.HARD_MANDATORY, message, kind, subject);
    }

    private String refusal(ScopeOverride o, Map<String, List<ScopeViolation>> violations, Map<String, List<ScopeViolation>> approvals,
            List<ScopeOverride> applied) {
        if (o.rule() == null || o.rule().isBlank()) {
            return "the override names no rule";
        }
        CompiledRule cr = rulesById.get(o.rule());
        if (cr == null) {
            return o.rule().startsWith("autonomy-")
                    ? "autonomy limits are hard-mandatory and cannot be overridden; raise the agent's level in the policy instead"
                    : "policy " + policy.versionLabel() + " has no active scope rule '" + o.rule() + "'";
        }
        switch (cr.rule().effectiveEnforcement()) {
            case HARD_MANDATORY -> {
                return "rule '" + o.rule() + "' is hard-mandatory and cannot be overridden";
            }
            case ADVISORY -> {
                return "rule '" + o.rule() + "' is advisory and does not block; there is nothing to override";
            }
            default -> {
            }
        }
        if (o.by() == null || o.by().isBlank()) {
            return "the override does not say who gives it";
        }
        if (cr.owners().isEmpty()) {
            return "rule '" + o.rule() + "' has no owners who may override it (name them in scope.owners or the rule's owners)";
        }
        java.util.Optional<io.jenkins.plugins.aigovernance.core.identity.KnownAgent> ai =
                io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue.builtIn().matchAccount(o.by(), null);
        if (ai.isPresent()) {
            return "'" + o.by() + "' is the AI agent " + ai.get().id() + "; AI identities never override a scope rule";
        }
        String by = o.by().trim().toLowerCase(Locale.ROOT);
        if (cr.owners().stream().noneMatch(owner -> owner.trim().toLowerCase(Locale.ROOT).equals(by))) {
            return "'" + o.by() + "' is not an owner of rule '" + o.rule() + "' (owners: " + String.join(", ", cr.owners()) + ")";
        }
        if (o.reason() == null || o.reason().isBlank()) {
            return "an override needs a reason";
        }
        for (ScopeOverride a : applied) {
            if (a.rule().equals(o.rule())) {
                return "rule '" + o.rule() + "' is already overridden by " + a.by();
            }
        }
        if (!violations.containsKey(o.rule()) && !approvals.containsKey(o.rule())) {
            return "rule '" + o.rule() + "' found nothing in this change; there is nothing to override";
        }
        return null;
    }

    private static ScopeViolation fileFinding(ScopeRule rule, FileChange f, Facts facts) {
        Map<String, String> vars = facts.vars();
        vars.put("subject", f.path());
        vars.put("path", f.path());
        vars.put("address", f.path());
        vars.put("type", "file");
        vars.put("action", f.kind().json());
        return new ScopeViolation(rule.id(), rule.effectiveEffect(), rule.effectiveEnforcement(), render(rule.message(), vars), SubjectKind.FILE,
                f.path());
    }

    private static ScopeViolation resourceFinding(ScopeRule rule, ResourceChange r, Facts facts) {
        Map<String, String> vars = facts.vars();
        vars.put("subject", r.address());
        vars.put("address", r.address());
        vars.put("path", r.file() == null ? r.address() : r.file());
        vars.put("type", String.valueOf(r.type()));
        vars.put("action", r.action().json());
        vars.put("namespace", r.namespace() == null ? "(none)" : r.namespace());
        return new ScopeViolation(rule.id(), rule.effectiveEffect(), rule.effectiveEnforcement(), render(rule.message(), vars),
                SubjectKind.RESOURCE, r.address());
    }

    /** Replaces {@code {name}} placeholders; unknown names stay as written. */
    static String render(String template, Map<String, String> vars) {
        if (template == null) {
            return vars.getOrDefault("subject", "");
        }
        StringBuilder sb = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int end = c == '{' ? template.indexOf('}', i + 1) : -1;
            if (end > i) {
                String value = vars.get(template.substring(i + 1, end));
                if (value != null) {
                    sb.append(value);
                    i = end + 1;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static String sample(List<String> subjects) {
        List<String> shown = subjects.subList(0, Math.min(3, subjects.size()));
        return String.join(", ", shown) + (subjects.size() > shown.size() ? " (+" + (subjects.size() - shown.size()) + " more)" : "");
    }

    private static String blankToUnknown(String s) {
        return s == null || s.isBlank() ? ConditionMatcher.UNKNOWN : s;
    }

    private static List<ScopeViolation> flatten(Map<String, List<ScopeViolation>> byRule) {
        List<ScopeViolation> all = new ArrayList<>();
        byRule.values().forEach(all::addAll);
        return all;
    }

    /** The change-level facts a message may name. */
    private record Facts(ChangeSource source, String agent, String environment) {
        Map<String, String> vars() {
            Map<String, String> m = new java.util.HashMap<>();
            m.put("agent", agent);
            m.put("environment", environment);
            m.put("source", source.json());
            return m;
        }
    }

    private enum Bucket { VIOLATION, APPROVAL, ADVISORY, EXEMPTION }

    /** Findings by bucket and rule, at most {@link #MAX_FINDINGS_PER_RULE} listed per rule and bucket. */
    private static final class Findings {
        private final Map<Bucket, Map<String, List<ScopeViolation>>> listed = new java.util.EnumMap<>(Bucket.class);
        private final Map<Bucket, Map<String, Integer>> unlisted = new java.util.EnumMap<>(Bucket.class);

        /**
         * Whether another finding of the rule is listed; when not, it is counted (so callers skip
         * building findings that would not be shown).
         */
        boolean room(Bucket bucket, String rule) {
            List<ScopeViolation> l = listed.getOrDefault(bucket, Map.of()).get(rule);
            if (l == null || l.size() < MAX_FINDINGS_PER_RULE) {
                return true;
            }
            unlisted.computeIfAbsent(bucket, b -> new LinkedHashMap<>()).merge(rule, 1, Integer::sum);
            return false;
        }

        void add(ScopeViolation v, Bucket bucket) {
            List<ScopeViolation> l = listed.computeIfAbsent(bucket, b -> new LinkedHashMap<>()).computeIfAbsent(v.rule(), k -> new ArrayList<>());
            if (l.size() < MAX_FINDINGS_PER_RULE) {
                l.add(v);
            } else {
                unlisted.computeIfAbsent(bucket, b -> new LinkedHashMap<>()).merge(v.rule(), 1, Integer::sum);
            }
        }

        /** The findings of one bucket by rule id, each rule's unlisted rest summarised in a last finding. */
        Map<String, List<ScopeViolation>> bucket(Bucket b) {
            Map<String, List<ScopeViolation>> m = new LinkedHashMap<>();
            listed.getOrDefault(b, Map.of()).forEach((id, l) -> m.put(id, new ArrayList<>(l)));
            unlisted.getOrDefault(b, Map.of()).forEach((id, n) -> {
                ScopeViolation first = m.get(id).get(0);
                m.get(id).add(new ScopeViolation(id, first.effect(), first.enforcement(), n + " more files or resources match rule '" + id
                        + "' (only the first " + MAX_FINDINGS_PER_RULE + " are listed)", SubjectKind.CHANGE, null));
            });
            return m;
        }
    }
}
