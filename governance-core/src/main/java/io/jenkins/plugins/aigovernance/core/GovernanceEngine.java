package io.jenkins.plugins.aigovernance.core;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.ChangedFileReader;
import io.jenkins.plugins.aigovernance.core.change.EnvironmentDetector;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.change.InputDigest;
import io.jenkins.plugins.aigovernance.core.change.InputLimits;
import io.jenkins.plugins.aigovernance.core.change.KubernetesManifestReader;
import io.jenkins.plugins.aigovernance.core.change.ManifestReadResult;
import io.jenkins.plugins.aigovernance.core.change.PlanReadResult;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.TerraformPlanReader;
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
            ChangeSet change = withResources(request, repo, gitChange);
            Provenance provenance = new ProvenanceDetector(policy.provenance()).detect(repo, change.commits(), request.branch());
            String environment = request.environment();
            if (environment == null || environment.isBlank()) {
                Optional<EnvironmentDetector.Detected> detected = new EnvironmentDetector().detect(change);
                environment = detected.map(EnvironmentDetector.Detected::environment).orElse(null);
                if (detected.isPresent()) {
                    change = change.withNotes(List.of(new InputNote(InputNote.Kind.ENVIRONMENT, null, "environment "
                            + detected.get().environment() + " read from the change: " + detected.get().evidence()
                            + " (the strictest evidence; pass -e to name it)")));
                }
            }
            return new ChangeContext(change, ChangeFingerprint.of(change), provenance, policy, environment, request.branch());
        }
    }

    /**
     * Adds the infrastructure the change touches: Kubernetes manifests and IAM documents among the
     * changed files ({@link ChangedFileReader}: only inputs are read strictly, each unreadable one fails closed
     * alone), the Terraform plan and the manifests folder, with the notes on how they were read.
     */
    private ChangeSet withResources(ChangeRequest request, Repository repo, ChangeSet change) {
        List<ResourceChange> resources = new ArrayList<>();
        List<InputDigest> inputs = new ArrayList<>();
        List<InputNote> notes = new ArrayList<>();
        ChangedFileReader.Result files = new ChangedFileReader(limits).read(repo, change.files());
        resources.addAll(files.resources());
        notes.addAll(files.notes());
        if (request.plan() != null) {
            PlanReadResult plan = new TerraformPlanReader(limits).read(request.plan());
            resources.addAll(plan.resources());
            inputs.add(plan.digest());
            notes.addAll(plan.notes());
        }
        if (request.manifests() != null) {
            ManifestReadResult read = new KubernetesManifestReader(limits).read(request.manifests());
            resources.addAll(read.resources());
            inputs.add(read.digest());
        }
        ChangeSet out = resources.isEmpty() && inputs.isEmpty() ? change : change.plus(resources, inputs);
        return out.withNotes(notes);
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
