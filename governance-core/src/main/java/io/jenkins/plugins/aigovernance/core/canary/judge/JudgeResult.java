package io.jenkins.plugins.aigovernance.core.canary.judge;

/** The judge's overall result from the score and the thresholds. */
public enum JudgeResult {
    /** Score at least {@code passScore} and no critical metric failed. */
    PASS,
    /** Score at least {@code marginalScore}: a person should look. */
    MARGINAL,
    /** Score below {@code marginalScore}, or a critical metric failed. */
    FAIL
}
