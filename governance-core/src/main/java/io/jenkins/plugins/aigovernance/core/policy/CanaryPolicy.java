package io.jenkins.plugins.aigovernance.core.policy;

/** The {@code canary:} section of the policy. */
public record CanaryPolicy() {

    void validate(PolicyValidation v, String at) {
        // no fields yet
    }
}
