package io.jenkins.plugins.aigovernance.core.decision;

import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;

/**
 * Who may decide a paused canary ({@link DecisionOwners#canaryDeciders}).
 *
 * @param decision the requirement to judge a decision against (open for the timeout, no break-glass), or {@code null}
 * @param nobody   why nobody may decide (then the canary rolls back), or {@code null}
 */
public record CanaryDeciders(ApprovalRequirement decision, String nobody) {

    /** Whether someone may decide. */
    public boolean anyone() {
        return decision != null;
    }
}
