package io.jenkins.plugins.aigovernance.core;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.ChangeKind;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.change.IamPolicyReader;
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
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * The engine's front door for the CLI and the Jenkins plugin: reads a change with everything that
 * belongs to it, picks the policy, and runs the gates. Holds no mutable state.
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
     * Reads the change a request names: the git change, plan and manifests, provenance, and the
     * policy (explicit file, else {@code .ai-governance.yml} at the base commit, else built-in).
     *
     * @throws InvalidInputException naming the input that could not be used
     */
    public ChangeContext analyze(ChangeRequest request) {
        if (request.repository() == null) {
            throw new InvalidInputException("repository", "no git repository given");
        }
        try (Repository repo = GitChangeReader.open(request.repository())) {
            ChangeSet gitChange = GitChangeReader.read(repo, request.base(), request.head());
            GovernancePolicy policy = policyFor(request, repo, gitChange);
            GraphBuilder graph = new GraphBuilder();
            ChangeSet change = withResources(request, repo, gitChange, graph);
            Provenance provenance = new ProvenanceDetector(policy.provenance()).detect(repo, change.commits(), request.branch());
            return new ChangeContext(change, ChangeFingerprint.of(change), provenance, policy, request.environment(), request.branch(),
                    graph.build());
        }
    }

    /**
     * Adds the infrastructure the change touches: Kubernetes manifests and IAM documents among the
     * changed files (read at head, or at base when deleted), the Terraform plan and the manifests folder;
     * and builds the resource graph from them and the extra state files, marking what the change modifies.
     */
    private ChangeSet withResources(ChangeRequest request, Repository repo, ChangeSet change, GraphBuilder graph) {
        List<ResourceChange> resources = new ArrayList<>();
        List<InputDigest> inputs = new ArrayList<>();
        KubernetesGraphReader kubernetes = new KubernetesGraphReader(graph);
        KubernetesManifestReader manifests = new KubernetesManifestReader(limits);
        IamPolicyReader iam = new IamPolicyReader(limits);
        for (FileChange f : change.files()) {
            String lower = f.path().toLowerCase(Locale.ROOT);
            boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
            boolean json = lower.endsWith(".json");
            if (f.submodule() || f.binary() || (!yaml && !json)) {
                continue;
            }
            ResourceAction action = switch (f.kind()) {
                case ADD, COPY -> ResourceAction.CREATE;
                case DELETE -> ResourceAction.DELETE;
                default -> ResourceAction.UPDATE;
            };
            String commit = f.kind() == ChangeKind.DELETE ? change.base() : change.head();
            byte[] bytes = GitChangeReader.readAt(repo, commit, f.path(), limits.maxManifestBytes());
            if (bytes == null) {
                throw new InvalidInputException(f.path(), "changed file is over the " + limits.maxManifestBytes()
                        + "-byte limit for manifests and policy documents, so its resources cannot be checked");
            }
            Optional<ResourceChange> document = json ? iam.read(f.path(), bytes, action) : Optional.empty();
            if (document.isPresent()) {
                resources.add(document.get());
            } else {
                List<ResourceChange> objects = manifests.readDocuments(f.path(), bytes, action, kubernetes);
                resources.addAll(objects);
                mark(graph, KubernetesGraphReader.SOURCE, objects, true);
            }
        }
        if (request.plan() != null) {
            TerraformGraphReader planGraph = new TerraformGraphReader(graph, "plan", true, limits);
            PlanReadResult plan = new TerraformPlanReader(limits).read(request.plan(), planGraph);
            planGraph.finish();
            resources.addAll(plan.resources());
            inputs.add(plan.digest());
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
            ManifestReadResult read = manifests.readDirectory(request.manifests(), kubernetes);
            resources.addAll(read.resources());
            inputs.add(read.digest());
            markFolder(graph, request, change, read.resources());
        }
        kubernetes.finish();
        return resources.isEmpty() && inputs.isEmpty() ? change : change.plus(resources, inputs);
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

    /** The policy for a change: {@code --policy}, else the base commit's {@code .ai-governance.yml}, else built-in. */
    GovernancePolicy policyFor(ChangeRequest request, Repository repo, ChangeSet change) {
        if (request.policyFile() != null) {
            return policies.load(request.policyFile());
        }
        byte[] atBase = GitChangeReader.readAt(repo, change.base(), PolicyLoader.DEFAULT_FILE, PolicyLoader.MAX_BYTES);
        if (atBase != null) {
            return policies.parse(PolicyLoader.DEFAULT_FILE + "@" + change.base().substring(0, 12), atBase, "base-commit");
        }
        return policies.defaults();
    }

    /** Scores a change's risk. */
    public RiskAssessment assessRisk(ChangeContext context) {
        return new RiskScorer(context.policy(), clock).score(context);
    }

}
