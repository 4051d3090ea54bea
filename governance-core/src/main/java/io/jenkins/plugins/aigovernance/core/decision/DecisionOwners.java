package io.jenkins.plugins.aigovernance.core.decision;

import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.policy.Enforcement;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.ScopeRule;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeViolation;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may take the decisions a gate leaves to people.
 * <ul>
 * <li>Overriding a soft-mandatory scope rule: the rule's {@code owners}, else the policy's {@code scope.owners}
 * (the same fallback {@code ScopeEvaluator} judges overrides by).</li>
 * <li>Deciding a paused canary: whoever may fill a slot of the change's approval requirement, judged by the
 * approval engine (so authors, the initiator and AI identities are refused), within the decision's timeout and
 * without break-glass. No requirement, or one that needs no people, means nobody may decide: the canary rolls
 * back (fail-safe).</li>
 * </ul>
 */
public final class DecisionOwners {

    private DecisionOwners() {
    }

    /**
     * Who may override what the scope decision denies.
     *
     * @param decision the engine's decision
     * @param policy   the policy it was made under
     * @return rule id → owners, for each soft-mandatory rule among the violations, in the order they were found (an empty
     *         list when a rule has no owners); empty when no violation can be overridden
     */
    public static Map<String, List<String>> overrideOwners(ScopeDecision decision, GovernancePolicy policy) {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (ScopeViolation v : decision.violations()) {
            if (v.enforcement() == Enforcement.SOFT_MANDATORY && !owners.containsKey(v.rule())) {
                owners.put(v.rule(), ownersOf(policy, v.rule()));
            }
        }
        return Collections.unmodifiableMap(owners);
    }

    /** Everyone who may override at least one rule of {@link #overrideOwners}, in order, without repeats. */
    public static List<String> anyOwner(Map<String, List<String>> owners) {
        Set<String> all = new LinkedHashSet<>();
        owners.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** A rule's owners, else the policy's {@code scope.owners}. */
    public static List<String> ownersOf(GovernancePolicy policy, String ruleId) {
        for (ScopeRule r : policy.scope().rules()) {
            if (ruleId.equals(r.id()) && r.owners() != null) {
                return List.copyOf(r.owners());
            }
        }
        return List.copyOf(policy.scope().owners());
    }

    /**
     * Who may decide a paused canary of a change.
     *
     * @param requirement the change's approval requirement (from its risk step), or {@code null} when none was computed
     * @param timeout     how long the decision stays open (positive)
     */
    public static CanaryDeciders canaryDeciders(ApprovalRequirement requirement, Duration timeout) {
        if (requirement == null) {
            return new CanaryDeciders(null, "no approval requirement is known for this change (run the risk step first)");
        }
        if (!requirement.needsPeople()) {
            return new CanaryDeciders(null, "the policy " + requirement.policy() + " names no approver groups for tier "
                    + requirement.tier());
        }
        return new CanaryDeciders(new ApprovalRequirement(requirement.fingerprint(), requirement.tier(), requirement.slots(),
                requirement.automatedChecks(), requirement.excluded(), timeout, null, requirement.policy(), requirement.environment()), null);
    }
}
