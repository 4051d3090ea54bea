package io.jenkins.plugins.aigovernance.core.canary;

/** The phase of one measurement, and (by the same words) of a metric and of a step. */
public enum MeasurementPhase {
    /** The success condition held on real data. */
    SUCCESSFUL,
    /** The failure condition held, or the success condition did not. */
    FAILED,
    /** No decision: no data, NaN, or neither condition held when a failure condition is given. */
    INCONCLUSIVE,
    /** The query or the condition could not be evaluated (server unreachable, empty result indexed). */
    ERROR
}
