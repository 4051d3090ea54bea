package io.jenkins.plugins.aigovernance.core;

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
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
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
     * Reads the change a request names: the git change, plan and manifests, provenance, the
     * policy (explicit file, else {@code .ai-governance.yml} at the base commit, else built-in), and the target
     * environment (as given, else read from the change by {@link EnvironmentDetector}; none found means production).
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
            return context(repo, change, policy, request.environment(), request.branch(), graph);
        }
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
     * The policy for a change: {@code --policy}, else the base commit's {@code .ai-governance.yml}, else built-in.
     * A change is never judged by rules it edits: when the named file lies in the repository's work tree
     * and the change adds, modifies, deletes or renames it, its content at the base revision is used
     * (recorded in {@link io.jenkins.plugins.aigovernance.core.policy.PolicySource#note()} and so in every
     * decision's policy label); a policy file the change itself adds is refused.
     *
     * @throws InvalidInputException when the named policy file is one the change adds
     */
    GovernancePolicy policyFor(ChangeRequest request, Repository repo, ChangeSet change) {
        if (request.policyFile() != null) {
            String inRepo = changedPolicyPath(request.policyFile(), repo, change);
            if (inRepo == null) {
                return policies.load(request.policyFile());
            }
            String base12 = change.base().substring(0, 12);
            byte[] atBase = GitChangeReader.readAt(repo, change.base(), inRepo, PolicyLoader.MAX_BYTES);
            if (atBase == null) {
                throw new InvalidInputException(request.policyFile().toString(), "this change adds the policy file " + inRepo
                        + " (it does not exist at the base revision " + base12 + "): a change cannot bring the rules it is judged by;"
                        + " name a policy file the change does not touch");
            }
            return policies.parse(inRepo + "@" + base12, atBase, "base-revision")
                    .withSourceNote("read at the base revision " + base12 + ": the change edits " + inRepo);
        }
        byte[] atBase = GitChangeReader.readAt(repo, change.base(), PolicyLoader.DEFAULT_FILE, PolicyLoader.MAX_BYTES);
        if (atBase != null) {
            return policies.parse(PolicyLoader.DEFAULT_FILE + "@" + change.base().substring(0, 12), atBase, "base-commit");
        }
        return policies.defaults();
    }

    /**
     * The repository path of {@code policyFile} when the change touches it (as the file's own path or a
     * rename's old path, spelled as given or after resolving symbolic links), else {@code null}.
     */
    static String changedPolicyPath(java.nio.file.Path policyFile, Repository repo, ChangeSet change) {
        if (repo.isBare()) {
            return null;
        }
        java.util.Set<String> touched = new java.util.HashSet<>();
        for (FileChange f : change.files()) {
            touched.add(f.path());
            if (f.oldPath() != null) {
                touched.add(f.oldPath());
            }
        }
        List<java.nio.file.Path> spellings = new ArrayList<>();
        java.nio.file.Path tree = repo.getWorkTree().toPath().toAbsolutePath().normalize();
        spellings.add(policyFile.toAbsolutePath().normalize());
        try {
            spellings.add(policyFile.toRealPath());
            tree = repo.getWorkTree().toPath().toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            // a file that does not exist is reported by the loader
        }
        java.nio.file.Path[] trees = {repo.getWorkTree().toPath().toAbsolutePath().normalize(), tree};
        for (java.nio.file.Path p : spellings) {
            for (java.nio.file.Path t : trees) {
                if (p.startsWith(t) && !p.equals(t)) {
                    String rel = t.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                    if (touched.contains(rel)) {
                        return rel;
                    }
                }
            }
        }
        return null;
    }

    /** Scores a change's risk. */
    public RiskAssessment assessRisk(ChangeContext context) {
        return new RiskScorer(context.policy(), clock).score(context);
    }

}
