package io.jenkins.plugins.aigovernance.core.approval;

/** A decision that did not count, and why. */
public record RefusedApproval(Approval approval, RefusalReason reason, String detail) {
}
