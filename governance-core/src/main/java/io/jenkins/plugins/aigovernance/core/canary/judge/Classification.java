package io.jenkins.plugins.aigovernance.core.canary.judge;

/** How the judge classifies one metric's canary samples against the baseline. */
public enum Classification {
    /** No significant difference beyond the tolerance. */
    PASS,
    /** The canary is significantly higher. */
    HIGH,
    /** The canary is significantly lower. */
    LOW,
    /** Too few samples on one side to compare (fails: missing data is never a pass). */
    NODATA
}
