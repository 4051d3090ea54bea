package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.identity.AgentCatalogue;
import io.jenkins.plugins.aigovernance.core.identity.KnownAgent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one change needs before it may ship: distinct people from each slot's group, none of them an
 * excluded identity, all approving this fingerprint at this tier (or higher), within the timeout.
 *
 * @param fingerprint     the change the approvals must name
 * @param tier            the change's current tier; approvals that saw a lower tier do not count
 * @param slots           groups and counts; empty means no people are needed
 * @param automatedChecks whether the automated gates must pass (for front ends; the engine does not run them here)
 * @param excluded        identities that can never approve, with why
 * @param timeout         how long a request stays open
 * @param breakGlass      the emergency override as the policy allows it
 * @param policy          the policy label the requirement comes from
 * @param environment     the target environment the change is headed to, as the check names it ({@code --environment}, the
 *                        risk step's {@code environment}), or {@code null} when none is named (judged as production). An
 *                        approval counts only for the environment it was given for ({@link ApprovalEvaluator})
 */
public record ApprovalRequirement(
        ChangeFingerprint fingerprint,
        RiskTier tier,
        List<ApprovalSlot> slots,
        boolean automatedChecks,
        List<ExcludedIdentity> excluded,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration timeout,
        BreakGlass breakGlass,
        String policy,
        String environment) {

    /**
     * The break-glass override.
     *
     * @param enabled whether it exists
     * @param allowed name globs over ids and emails of who may use it
     */
    public record BreakGlass(boolean enabled, List<String> allowed) {
        public BreakGlass {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }
    }

    public ApprovalRequirement {
        slots = List.copyOf(slots);
        excluded = List.copyOf(excluded);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        breakGlass = breakGlass == null ? new BreakGlass(false, List.of()) : breakGlass;
    }

    /**
     * The same requirement open for {@code timeout} instead (a step's {@code timeoutMinutes}).
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public ApprovalRequirement withTimeout(Duration timeout) {
        return new ApprovalRequirement(fingerprint, tier, slots, automatedChecks, excluded, timeout, breakGlass, policy, environment);
    }

    /**
     * The requirement a decision that needs an approver's standing is judged by (the decision of a
     * paused canary): the same groups and excluded identities, open for {@code timeout}, without the
     * break-glass override (a decision is not an emergency approval).
     */
    public ApprovalRequirement forDecision(Duration timeout) {
        return new ApprovalRequirement(fingerprint, tier, slots, automatedChecks, excluded, timeout, null, policy, environment);
    }

    /**
     * The same requirement for a change headed to {@code environment} ({@code null}: none named). Approvals bind to it.
     */
    public ApprovalRequirement forEnvironment(String environment) {
        return new ApprovalRequirement(fingerprint, tier, slots, automatedChecks, excluded, timeout, breakGlass, policy, environment);
    }

    /** Whether any person must approve. */
    public boolean needsPeople() {
        return !slots.isEmpty();
    }

    /** Distinct people needed in all. */
    public int peopleRequired() {
        int n = 0;
        for (ApprovalSlot s : slots) {
            n += s.count();
        }
        return n;
    }

    /**
     * The first exclusion covering this person, or {@code null}. Besides {@link #excluded}, every
     * agent of the built-in {@link AgentCatalogue} is excluded in every spelling
     * ({@link AgentCatalogue#matchAccount}: {@code Claude}, {@code copilot[bot]},
     * {@code 12345+factory-droid[bot]@users.noreply.github.com}, ...), whatever the policy says.
     */
    public ExcludedIdentity exclusionOf(String id, String email) {
        for (ExcludedIdentity e : excluded) {
            if (e.covers(id, email)) {
                return e;
            }
        }
        Optional<KnownAgent> agent = AgentCatalogue.builtIn().matchAccount(id, email);
        if (agent.isPresent()) {
            return new ExcludedIdentity(agent.get().id(), false, ExclusionKind.AI_IDENTITY,
                    "AI agent " + agent.get().id() + " (" + agent.get().product() + ") of the agent catalogue");
        }
        return null;
    }
}
