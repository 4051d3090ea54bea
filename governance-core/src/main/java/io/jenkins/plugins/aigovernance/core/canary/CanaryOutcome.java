package io.jenkins.plugins.aigovernance.core.canary;

/** What a canary run decided. */
public enum CanaryOutcome {
    /** Every step passed: the new version may take all traffic. */
    PROMOTE,
    /** A metric failed (or errors exhausted their limit): traffic goes back to the stable version. */
    ROLLBACK,
    /** The evidence is inconclusive: a person decides whether to continue or roll back. */
    PAUSED
}
