package io.jenkins.plugins.aigovernance.core.scope;

/** An override that was not applied, and why (not an owner, hard-mandatory rule, no reason, ...). */
public record RefusedOverride(ScopeOverride override, String reason) {
}
