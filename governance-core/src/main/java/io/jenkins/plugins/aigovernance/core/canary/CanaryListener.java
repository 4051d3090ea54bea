package io.jenkins.plugins.aigovernance.core.canary;

/** Hears a canary run as it happens (the CLI streams a line per event; Jenkins writes to the build log). */
public interface CanaryListener {

    /** Does nothing. */
    CanaryListener NONE = new CanaryListener() {
    };

    /** Before the traffic action moves the canary to {@code weight}. */
    default void weight(int step, int weight) {
    }

    /** Before a pause. */
    default void pause(int step, TimeSpan duration) {
    }

    /** After each measurement. */
    default void measured(Measurement m) {
    }

    /** After each step. */
    default void stepFinished(StepResult step) {
    }
}
