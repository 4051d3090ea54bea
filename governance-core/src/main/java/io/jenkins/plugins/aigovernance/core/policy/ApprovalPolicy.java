package io.jenkins.plugins.aigovernance.core.policy;

/** The {@code approval:} section of the policy. */
public record ApprovalPolicy() {

    void validate(PolicyValidation v, String at) {
        // no fields yet
    }
}
