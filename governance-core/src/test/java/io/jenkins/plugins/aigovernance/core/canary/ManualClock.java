package io.jenkins.plugins.aigovernance.core.canary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when the code under test sleeps through it. */
final class ManualClock extends Clock implements Sleeper {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public void sleep(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
