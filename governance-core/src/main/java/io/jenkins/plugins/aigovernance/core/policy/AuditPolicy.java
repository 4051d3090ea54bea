package io.jenkins.plugins.aigovernance.core.policy;

/** The {@code audit:} section of the policy. */
public record AuditPolicy() {

    void validate(PolicyValidation v, String at) {
        // no fields yet
    }
}
