package io.jenkins.plugins.aigovernance.core.gate;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.graph.ResourceGraph;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;

/**
 * A change with everything the gates need to judge it: the change, who made it, the policy in
 * force and the target environment.
 *
 * @param graph the resource dependency graph of the plan, extra states and manifests (empty when none were given)
 */
public record ChangeContext(
        ChangeSet change,
        ChangeFingerprint fingerprint,
        Provenance provenance,
        GovernancePolicy policy,
        String environment,
        String branch,
        ResourceGraph graph) {

    public ChangeContext {
        graph = graph == null ? ResourceGraph.empty() : graph;
    }

    /** A context without a resource graph. */
    public ChangeContext(ChangeSet change, ChangeFingerprint fingerprint, Provenance provenance, GovernancePolicy policy,
            String environment, String branch) {
        this(change, fingerprint, provenance, policy, environment, branch, ResourceGraph.empty());
    }

    /** The source gates act on: unknown provenance counts as the policy's {@code provenance.unknownAs}. */
    public ChangeSource effectiveSource() {
        return policy.provenance().effective(provenance.source());
    }

    /** Whether the target environment is production under the policy (unknown environments are). */
    public boolean production() {
        return policy.environments().isProduction(environment);
    }
}
