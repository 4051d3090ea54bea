package io.jenkins.plugins.aigovernance.core.policy;

/** The {@code notifications:} section of the policy. */
public record NotificationPolicy() {

    void validate(PolicyValidation v, String at) {
        // no fields yet
    }
}
