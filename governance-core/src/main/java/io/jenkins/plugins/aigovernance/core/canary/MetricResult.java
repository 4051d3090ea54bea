package io.jenkins.plugins.aigovernance.core.canary;

/**
 * The verdict on one metric in one analysis step.
 *
 * @param metric       name
 * @param phase        SUCCESSFUL, FAILED, INCONCLUSIVE or ERROR
 * @param dryRun       reported, never decisive
 * @param measurements measurements taken
 * @param successful   of which successful
 * @param failed       failed
 * @param inconclusive inconclusive
 * @param errors       errors
 * @param message      why the metric ended as it did
 */
public record MetricResult(String metric, MeasurementPhase phase, boolean dryRun, int measurements, int successful, int failed, int inconclusive,
        int errors, String message) {
}
