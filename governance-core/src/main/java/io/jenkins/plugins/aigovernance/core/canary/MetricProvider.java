package io.jenkins.plugins.aigovernance.core.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Where canary metrics come from (Prometheus; tests may use a real server of their own). */
public interface MetricProvider {

    /**
     * Runs an instant query now.
     *
     * @return one value per series, ordered by the series' labels; a scalar gives one value; no series gives an empty list
     * @throws MetricQueryException when there is no usable answer
     */
    List<Double> query(String query);

    /**
     * Runs a range query.
     *
     * @return every sample value of every series in the window, series ordered by labels, samples by time
     * @throws MetricQueryException when there is no usable answer
     */
    List<Double> queryRange(String query, Instant start, Instant end, Duration step);

    /** A short description for reports ({@code prometheus http://host:9090}); never contains credentials. */
    String describe();
}
