package io.jenkins.plugins.aigovernance.core;

import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.ChangedFileReader;
import io.jenkins.plugins.aigovernance.core.change.EnvironmentDetector;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.change.InputDigest;
import io.jenkins.plugins.aigovernance.core.change.InputLimits;
import io.jenkins.plugins.aigovernance.core.change.KubernetesManifestReader;
import io.jenkins.plugins.aigovernance.core.change.ManifestReadResult;
import io.jenkins.plugins.aigovernance.core.change.PlanReadResult;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.TerraformPlanReader;
import io.jenkins.plugins.aigovernance.core.change.graph.GraphBuilder;
import io.jenkins.plugins.aigovernance.core.change.graph.KubernetesGraphReader;
import io.jenkins.plugins.aigovernance.core.change.graph.TerraformGraphReader;
import io.jenkins.plugins.aigovernance.core.approval.ApplyToken;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenIssuer;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRefusedException;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRequest;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluator;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirements;
import io.jenkins.plugins.aigovernance.core.approval.ExcludedIdentity;
import io.jenkins.plugins.aigovernance.core.approval.ExclusionKind;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.ci.CiEnvironment;
import io.jenkins.plugins.aigovernance.core.ci.SourceBranch;
import io.jenkins.plugins.aigovernance.core.decision.ApplyCheck;
import io.jenkins.plugins.aigovernance.core.decision.CanaryDeciders;
import io.jenkins.plugins.aigovernance.core.decision.DecisionOwners;
import io.jenkins.plugins.aigovernance.core.provenance.DeclaredAgent;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyChain;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyResolver;
import io.jenkins.plugins.aigovernance.core.scope.OpaServer;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluator;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOverride;
import java.time.Duration;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.provenance.ProvenanceDetector;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * The engine's front door for the CLI and the Jenkins plugin: reads a change with everything that
 * belongs to it, picks the policy, and runs the gates. Both front ends call these methods and nothing
 * below them, so they give the same answers. Holds no mutable state.
 *
 * <ul>
 * <li>reading: {@link #analyze(ChangeRequest, PolicyChain, CiEnvironment)} (policy by the {@link PolicyChain}, source
 * branch from the CI variables by {@link CiEnvironment#sourceBranch()}), {@link #policy}, {@link #fingerprint} (the
 * change only);</li>
 * <li>gates: {@link #assessRisk}, {@link #checkScope} (with OPA), {@link #approvalRequirement},
 * {@link #openApproval}, {@link #evaluateApproval}, {@link #canaryTemplate} (at the base revision),
 * {@link #mayApply};</li>
 * <li>evidence and owners: {@link #withDeclaredAgent}, {@link #overrideOwners}, {@link #canaryDeciders}.</li>
 * </ul>
 * Front ends pass the CI environment as an immutable {@link CiEnvironment}; the engine never reads the process
 * environment.
 */
public final class GovernanceEngine {

    private final PolicyLoader policies;
    private final Clock clock;
    private final InputLimits limits;

    public GovernanceEngine(Clock clock) {
        this(new PolicyLoader(), clock);
    }

    public GovernanceEngine(PolicyLoader policies, Clock clock) {
        this(policies, clock, InputLimits.defaults());
    }

    public GovernanceEngine(PolicyLoader policies, Clock clock, InputLimits limits) {
        this.policies = policies;
        this.clock = clock;
        this.limits = limits;
    }

    public PolicyLoader policies() {
        return policies;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Reads the change a request names: the git change, plan and manifests, provenance, the
     * policy (explicit file, else {@code .ai-governance.yml} at the base commit, else built-in), and the target
     * environment (as given, else read from the change by {@link EnvironmentDetector}; none found means production).
     * The branch is the request's; no CI variables are read (see {@link #analyze(ChangeRequest, PolicyChain, CiEnvironment)}).
     *
     * @throws InvalidInputException naming the input that could not be used
     */
    public ChangeContext analyze(ChangeRequest request) {
        return analyze(request, PolicyChain.repository(), CiEnvironment.empty());
    }

    /**
     * Reads the change a request names, as {@link #analyze(ChangeRequest)}, with the policy the chain resolves
     * ({@code request.policyFile()}, when given, is the chain's explicit file) and, when the request names no branch,
     * the source branch the CI variables name.
     *
     * @param chain where the policy may come from (resolved once, at the change's base revision)
     * @param ci    the build's environment variables
     * @throws InvalidInputException naming the input that could not be used
     */
    public ChangeContext analyze(ChangeRequest request, PolicyChain chain, CiEnvironment ci) {
        requireRepository(request);
        // a branch given as a pull-request alias (--branch "$BRANCH_NAME" in a PR-12 build) names no branch: the CI
        // variables' source branch stands instead, so the alias cannot hide an agent branch
        String given = request.branch();
        String branch = given != null && !given.isBlank() && !CiEnvironment.isRequestAlias(given) ? given : ci.sourceBranch().name();
        try (Repository repo = GitChangeReader.open(request.repository())) {
            ChangeSet gitChange = GitChangeReader.read(repo, request.base(), request.head());
            GovernancePolicy policy = resolver().resolve(chain.withExplicit(request.policyFile()), repo, gitChange);
            GraphBuilder graph = new GraphBuilder();
            ChangeSet change = withResources(request, repo, gitChange, graph);
            return context(repo, change, policy, request.environment(), branch, graph);
        }
    }

    /** The source branch the CI variables name (see {@link CiEnvironment}). */
    public SourceBranch sourceBranch(CiEnvironment ci) {
        return ci.sourceBranch();
    }

    /**
     * The policy that judges the change a request names, without reading its plan, manifests or provenance (for what
     * needs only the policy, such as the git-notes settings).
     */
    public GovernancePolicy policy(ChangeRequest request, PolicyChain chain) {
        requireRepository(request);
        try (Repository repo = GitChangeReader.open(request.repository())) {
            ChangeSet gitChange = GitChangeReader.read(repo, request.base(), request.head());
            return resolver().resolve(chain.withExplicit(request.policyFile()), repo, gitChange);
        }
    }

    /**
     * The fingerprint of the change a request names: the git change and the digests of its plan, manifests and states,
     * with no policy, provenance or scoring (what the apply check compares with the approved fingerprint).
     */
    public ChangeFingerprint fingerprint(ChangeRequest request) {
        requireRepository(request);
        try (Repository repo = GitChangeReader.open(request.repository())) {
            ChangeSet gitChange = GitChangeReader.read(repo, request.base(), request.head());
            return ChangeFingerprint.of(withResources(request, repo, gitChange, new GraphBuilder()));
        }
    }

    /**
     * A canary template of the policy in force for the change a request names, through the same chain as the policy and
     * at the change's base revision, so a change that edits a template is judged by the base version.
     *
     * @throws InvalidInputException when the policy has no such template (the message lists the known ones)
     */
    public CanaryPlan canaryTemplate(ChangeRequest request, PolicyChain chain, String template) {
        requireRepository(request);
        try (Repository repo = GitChangeReader.open(request.repository())) {
            ChangeSet gitChange = GitChangeReader.read(repo, request.base(), request.head());
            return resolver().canaryTemplate(chain.withExplicit(request.policyFile()), repo, gitChange, template);
        }
    }

    private static void requireRepository(ChangeRequest request) {
        if (request.repository() == null) {
            throw new InvalidInputException("repository", "no git repository given");
        }
    }

    private PolicyResolver resolver() {
        return new PolicyResolver(policies);
    }

    /**
     * Reads a git change already read with {@link GitChangeReader#read} under a given policy: the
     * infrastructure among its changed files, provenance and environment, as {@link #analyze(ChangeRequest)}
     * does (without plan or manifests). For replaying one policy over many changes of one open repository.
     */
    public ChangeContext analyze(Repository repo, ChangeSet gitChange, GovernancePolicy policy, String environment, String branch) {
        GraphBuilder graph = new GraphBuilder();
        ChangeSet change = withResources(new ChangeRequest(null, null, null, null, null, null, environment, branch), repo, gitChange, graph);
        return context(repo, change, policy, environment, branch, graph);
    }

    private ChangeContext context(Repository repo, ChangeSet change, GovernancePolicy policy, String requestedEnvironment, String branch,
            GraphBuilder graph) {
        Provenance provenance = new ProvenanceDetector(policy.provenance()).detect(repo, change.commits(), branch);
        String environment = requestedEnvironment;
        if (environment == null || environment.isBlank()) {
            Optional<EnvironmentDetector.Detected> detected = new EnvironmentDetector().detect(change);
            environment = detected.map(EnvironmentDetector.Detected::environment).orElse(null);
            if (detected.isPresent()) {
                change = change.withNotes(List.of(new InputNote(InputNote.Kind.ENVIRONMENT, null, "environment "
                        + detected.get().environment() + " read from the change: " + detected.get().evidence()
                        + " (the strictest evidence; pass -e to name it)")));
            }
        }
        return new ChangeContext(change, ChangeFingerprint.of(change), provenance, policy, environment, branch, graph.build());
    }

    /**
     * Adds the infrastructure the change touches: Kubernetes manifests and IAM documents among the
     * changed files ({@link ChangedFileReader}: only inputs are read strictly, each unreadable one fails closed
     * alone), the Terraform plan and the manifests folder, with the notes on how they were read; and builds the
     * resource graph from them and the extra state files, marking what the change modifies.
     */
    private ChangeSet withResources(ChangeRequest request, Repository repo, ChangeSet change, GraphBuilder graph) {
        List<ResourceChange> resources = new ArrayList<>();
        List<InputDigest> inputs = new ArrayList<>();
        List<InputNote> notes = new ArrayList<>();
        KubernetesGraphReader kubernetes = new KubernetesGraphReader(graph);
        ChangedFileReader.Result files = new ChangedFileReader(limits).read(repo, change.files(), kubernetes);
        resources.addAll(files.resources());
        notes.addAll(files.notes());
        mark(graph, KubernetesGraphReader.SOURCE, files.resources(), true);
        if (request.plan() != null) {
            TerraformGraphReader planGraph = new TerraformGraphReader(graph, "plan", true, limits);
            PlanReadResult plan = new TerraformPlanReader(limits).read(request.plan(), planGraph);
            planGraph.finish();
            resources.addAll(plan.resources());
            inputs.add(plan.digest());
            notes.addAll(plan.notes());
            List<ResourceChange> changed = plan.resources().stream()
                    .filter(r -> r.action() != ResourceAction.NO_OP && r.action() != ResourceAction.READ).toList();
            int missing = mark(graph, "plan", changed, true);
            if (missing > 0) {
                graph.note(request.plan() + ": " + missing + " changed resource(s) are in neither prior_state nor planned_values;"
                        + " their dependents are not known");
            }
        }
        for (Path state : request.states()) {
            TerraformGraphReader stateGraph = new TerraformGraphReader(graph, state.toString(), false, limits);
            inputs.add(stateGraph.readFile(state));
            stateGraph.finish();
        }
        if (request.manifests() != null) {
            ManifestReadResult read = new KubernetesManifestReader(limits).read(request.manifests(), kubernetes);
            resources.addAll(read.resources());
            inputs.add(read.digest());
            markFolder(graph, request, change, read.resources());
        }
        kubernetes.finish();
        ChangeSet out = resources.isEmpty() && inputs.isEmpty() ? change : change.plus(resources, inputs);
        return out.withNotes(notes);
    }

    /** Marks resources as changed (or applied) in the graph; returns how many have no node. */
    private static int mark(GraphBuilder graph, String source, List<ResourceChange> resources, boolean changed) {
        int missing = 0;
        for (ResourceChange r : resources) {
            OptionalInt node = graph.find(source, r.address());
            if (node.isEmpty()) {
                missing++;
            } else if (changed) {
                graph.markChanged(node.getAsInt());
            } else {
                graph.markApplied(node.getAsInt());
            }
        }
        return missing;
    }

    /**
     * Objects of the manifests folder: when the folder is inside the repository, the objects of changed files are
     * changed and the others are context; outside it, which objects differ is unknown, so all are applied.
     */
    private static void markFolder(GraphBuilder graph, ChangeRequest request, ChangeSet change, List<ResourceChange> objects) {
        String inRepo = null;
        try {
            Path root = request.repository().toRealPath();
            Path folder = request.manifests().toRealPath();
            if (folder.startsWith(root)) {
                inRepo = root.relativize(folder).toString().replace('\\', '/');
            }
        } catch (IOException e) {
            inRepo = null;
        }
        if (inRepo == null) {
            mark(graph, KubernetesGraphReader.SOURCE, objects, false);
            return;
        }
        Set<String> changedPaths = new HashSet<>();
        for (FileChange f : change.files()) {
            changedPaths.add(f.path());
        }
        String shownPrefix = request.manifests().toString().endsWith("/") ? request.manifests().toString() : request.manifests() + "/";
        List<ResourceChange> changedObjects = new ArrayList<>();
        for (ResourceChange r : objects) {
            String rel = r.file() != null && r.file().startsWith(shownPrefix) ? r.file().substring(shownPrefix.length()) : null;
            String repoPath = rel == null ? null : inRepo.isEmpty() ? rel : inRepo + "/" + rel;
            if (repoPath == null || changedPaths.contains(repoPath)) {
                changedObjects.add(r);
            }
        }
        mark(graph, KubernetesGraphReader.SOURCE, changedObjects, true);
    }

    /**
     * The policy for a change: {@code --policy}, else the base commit's {@code .ai-governance.yml}, else built-in
     * (see {@link PolicyResolver}).
     *
     * @throws InvalidInputException when the named policy file is one the change adds
     */
    GovernancePolicy policyFor(ChangeRequest request, Repository repo, ChangeSet change) {
        return resolver().resolve(PolicyChain.explicit(request.policyFile()), repo, change);
    }

    /** See {@link PolicyResolver#changedPath}. */
    static String changedPolicyPath(java.nio.file.Path policyFile, Repository repo, ChangeSet change) {
        return PolicyResolver.changedPath(policyFile, repo, change);
    }

    /** Scores a change's risk. */
    public RiskAssessment assessRisk(ChangeContext context) {
        return new RiskScorer(context.policy(), clock).score(context);
    }

    /**
     * The change with an agent the pipeline declares as evidence (see {@link DeclaredAgent}).
     *
     * @param context  the change as read
     * @param declared the declaration, or {@code null} for none
     */
    public DeclaredReading withDeclaredAgent(ChangeContext context, DeclaredAgent declared) {
        if (declared == null) {
            return new DeclaredReading(context, null);
        }
        DeclaredAgent.Applied applied = declared.applyTo(context.provenance());
        ChangeContext out = applied.provenance() == context.provenance() ? context
                : new ChangeContext(context.change(), context.fingerprint(), applied.provenance(), context.policy(),
                        context.environment(), context.branch(), context.graph());
        return new DeclaredReading(out, applied.mismatch());
    }

    /**
     * A change read with a pipeline's agent declaration applied.
     *
     * @param context  the change the gates judge
     * @param mismatch the agent provenance detected when it differs from the declared one, else {@code null}
     */
    public record DeclaredReading(ChangeContext context, String mismatch) {
    }

    /**
     * The scope decision: the policy's scope rules and autonomy levels with the owners' overrides given so far, then
     * every OPA server's deny messages (hard-mandatory; an unreachable OPA or an unusable answer fails closed).
     */
    public ScopeDecision checkScope(ChangeContext context, RiskAssessment risk, List<ScopeOverride> overrides, List<OpaServer> opa) {
        ScopeDecision decision = new ScopeEvaluator(context.policy(), clock).evaluate(context, risk, overrides);
        for (OpaServer server : opa) {
            decision = server.check().apply(decision, context, risk);
        }
        return decision;
    }

    /** Who may override which soft-mandatory rule a scope decision denies (see {@link DecisionOwners#overrideOwners}). */
    public Map<String, List<String>> overrideOwners(ScopeDecision decision, GovernancePolicy policy) {
        return DecisionOwners.overrideOwners(decision, policy);
    }

    /**
     * What the change needs before it may ship, with everyone who may not approve it: the policy's exclusions, the
     * change's authors and committers, the build's initiator and the front end's accounts of AI agents.
     *
     * @param initiator  who started the build, or {@code null}
     * @param aiAccounts accounts AI agents act through in the front end (never approvers); empty for none
     * @throws InvalidInputException when the policy cannot say what the tier needs
     */
    public ApprovalRequirement approvalRequirement(ChangeContext context, RiskAssessment risk, String initiator, List<String> aiAccounts) {
        ApprovalRequirement r = ApprovalRequirements.forChange(context, risk, initiator);
        if (aiAccounts == null || aiAccounts.isEmpty()) {
            return r;
        }
        List<ExcludedIdentity> excluded = new ArrayList<>(r.excluded());
        for (String a : aiAccounts) {
            excluded.add(new ExcludedIdentity(a, false, ExclusionKind.AI_IDENTITY, "account of an AI agent"));
        }
        return new ApprovalRequirement(r.fingerprint(), r.tier(), r.slots(), r.automatedChecks(), excluded, r.timeout(), r.breakGlass(),
                r.policy(), r.environment());
    }

    /**
     * Opens an approval request now.
     *
     * @param timeout how long it stays open instead of the policy's timeout, or {@code null} for the policy's
     */
    public ApprovalRequest openApproval(ApprovalRequirement requirement, Duration timeout) {
        ApprovalRequirement r = timeout == null ? requirement
                : new ApprovalRequirement(requirement.fingerprint(), requirement.tier(), requirement.slots(), requirement.automatedChecks(),
                        requirement.excluded(), timeout, requirement.breakGlass(), requirement.policy(), requirement.environment());
        return ApprovalRequest.open(r, clock.instant());
    }

    /** Whether a set of decisions satisfies a request now. */
    public ApprovalEvaluation evaluateApproval(ApprovalRequest request, List<Approval> decisions) {
        return new ApprovalEvaluator(clock).evaluate(request, decisions);
    }

    /** Who may decide a paused canary (see {@link DecisionOwners#canaryDeciders}). */
    public CanaryDeciders canaryDeciders(ApprovalRequirement requirement, Duration timeout) {
        return DecisionOwners.canaryDeciders(requirement, timeout);
    }

    /**
     * Whether the change may be applied now to an environment (see {@link ApplyCheck}): approved, the approved
     * fingerprint is the one read now, not stale, and the environment is the one the approval was for.
     *
     * @param approval    the build's approving evaluation, or {@code null}
     * @param current     the change's fingerprint read again where it is applied, or {@code null} when unknown
     * @param environment the environment the apply is for, as the apply names it, or {@code null} when it names none
     */
    public ApplyCheck mayApply(ApprovalEvaluation approval, ChangeFingerprint current, String environment) {
        return ApplyCheck.of(approval, current, environment, clock.instant());
    }

    /**
     * Mints an apply token, through the apply check: {@link #mayApply} with the request's environment must allow the
     * apply (so a token is never minted for a stale approval, a moved change or another environment than the approval
     * was for); then the issuer checks the approval, the change and the environment again and signs. The token carries
     * the approved environment's canonical name as its {@code environment} claim when one is named.
     *
     * @param issuer   the issuer with the signing key
     * @param request  for whom, which audience, how long, which environment
     * @param approval the build's approving evaluation, or {@code null}
     * @param current  the change's fingerprint read again where it is applied, or {@code null} when unknown
     * @throws ApplyTokenRefusedException with the apply check's reason when it refuses
     */
    public ApplyToken applyToken(ApplyTokenIssuer issuer, ApplyTokenRequest request, ApprovalEvaluation approval,
            ChangeFingerprint current) {
        ApplyCheck check = mayApply(approval, current, request.environment());
        if (!check.allowed()) {
            throw new ApplyTokenRefusedException("no apply token: " + check.whyNot());
        }
        return issuer.issue(request, approval, current);
    }
}
