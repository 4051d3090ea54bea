package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(10, Duration.ofMillis(20), Duration.ofSeconds(2));

    @Test
    void capsDoubleUpToTheMaximum() {
        assertThat(backoff.cap(1)).isEqualTo(Duration.ofMillis(20));
        assertThat(backoff.cap(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(backoff.cap(7)).isEqualTo(Duration.ofMillis(1280));
        assertThat(backoff.cap(8)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.cap(1000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void delaysAreJitteredWithinTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = backoff.delay(3, random);
            assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(80));
            seen.add(d);
        }
        assertThat(seen).hasSizeGreaterThan(100); // spread out, not lock step
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(3, Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.cap(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
