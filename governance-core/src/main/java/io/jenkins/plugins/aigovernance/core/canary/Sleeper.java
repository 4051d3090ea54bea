package io.jenkins.plugins.aigovernance.core.canary;

import java.time.Duration;

/** Waits; injectable so that tests of the analysis loop advance a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing. */
    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
