package io.jenkins.plugins.aigovernance.core;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import io.jenkins.plugins.aigovernance.core.provenance.ProvenanceDetector;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.time.Clock;
import org.eclipse.jgit.lib.Repository;

/**
 * The engine's front door for the CLI and the Jenkins plugin: reads a change with everything that
 * belongs to it, picks the policy, and runs the gates. Holds no mutable state.
 */
public final class GovernanceEngine {

    private final PolicyLoader policies;
    private final Clock clock;

    public GovernanceEngine(Clock clock) {
        this(new PolicyLoader(), clock);
    }

    public GovernanceEngine(PolicyLoader policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
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
            ChangeSet change = GitChangeReader.read(repo, request.base(), request.head());
            GovernancePolicy policy = policyFor(request, repo, change);
            Provenance provenance = new ProvenanceDetector(policy.provenance()).detect(repo, change.commits(), request.branch());
            return new ChangeContext(change, ChangeFingerprint.of(change), provenance, policy, request.environment(), request.branch());
        }
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
        return new RiskScorer(context.policy(), clock).score(context.change(), context.provenance(), context.environment());
    }

}
