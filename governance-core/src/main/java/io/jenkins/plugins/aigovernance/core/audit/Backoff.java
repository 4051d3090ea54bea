package io.jenkins.plugins.aigovernance.core.audit;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a writer that lost a compare-and-swap (another writer moved the notes ref first) waits before
 * it tries again: exponential back-off with "full jitter" (AWS Architecture Blog, <em>Exponential
 * Backoff And Jitter</em>, 2015): before retry {@code n} (1-based) it waits a uniformly random time
 * in {@code [0, min(max, first × 2^(n-1))]}, so writers that collided once spread out instead of
 * colliding again in lock step.
 *
 * @param attempts how many times in all the operation is tried (at least 1)
 * @param first    the cap of the first wait
 * @param max      the cap of every wait
 */
public record Backoff(int attempts, Duration first, Duration max) {

    /** What the engine's writers use: 10 attempts, waits capped at 20 ms, 40 ms, … up to 2 s. */
    public static final Backoff STANDARD = new Backoff(10, Duration.ofMillis(20), Duration.ofSeconds(2));

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;

        /** Real sleeping. */
        static Pause sleeping() {
            return d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
    }

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (first == null || max == null || first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= max, not " + first + ", " + max);
        }
    }

    /** The cap of the wait before retry {@code retry} (1-based): {@code min(max, first × 2^(retry-1))}. */
    public Duration cap(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based, not " + retry);
        }
        Duration d = first;
        for (int i = 1; i < retry && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** A random wait in {@code [0, cap(retry)]}. */
    public Duration delay(int retry, RandomGenerator random) {
        long capNanos = cap(retry).toNanos();
        return Duration.ofNanos(capNanos == 0 ? 0 : random.nextLong(capNanos + 1));
    }
}
