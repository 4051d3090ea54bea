package io.jenkins.plugins.aigovernance.core.policy;

/** The {@code scope:} section of the policy. */
public record ScopePolicy() {

    void validate(PolicyValidation v, String at) {
        // no fields yet
    }
}
