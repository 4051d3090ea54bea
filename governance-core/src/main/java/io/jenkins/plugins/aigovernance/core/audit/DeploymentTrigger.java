package io.jenkins.plugins.aigovernance.core.audit;

/**
 * What completed a deployment: the {@code outcome} of its {@code deployment-done} event.
 * See docs/audit.md ("When a change counts as deployed").
 */
public enum DeploymentTrigger {
    /** An apply with the apply credentials bound ({@code withAiCredentials}) ended successfully. */
    APPLY("applied"),
    /** A canary ({@code aiCanaryVerify}) was promoted. */
    CANARY_PROMOTED("promoted");

    private final String outcome;

    DeploymentTrigger(String outcome) {
        this.outcome = outcome;
    }

    /** The {@code outcome} of the {@code deployment-done} event. */
    public String outcome() {
        return outcome;
    }
}
