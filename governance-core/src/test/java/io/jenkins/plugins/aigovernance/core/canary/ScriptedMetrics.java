package io.jenkins.plugins.aigovernance.core.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A metric source whose answers the test scripts per query; an unscripted query is an error. */
final class ScriptedMetrics implements MetricProvider {

    private final Map<String, Deque<Supplier<List<Double>>>> answers = new HashMap<>();
    private final Map<String, Supplier<List<Double>>> steady = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    /** Answers {@code query} with these values from now on. */
    ScriptedMetrics always(String query, Double... values) {
        steady.put(query, () -> List.of(values));
        return this;
    }

    /** Answers {@code query} with these answers in turn, then falls back to {@link #always}. */
    @SafeVarargs
    final ScriptedMetrics then(String query, Supplier<List<Double>>... next) {
        answers.computeIfAbsent(query, q -> new ArrayDeque<>()).addAll(List.of(next));
        return this;
    }

    static Supplier<List<Double>> values(Double... v) {
        return () -> List.of(v);
    }

    static Supplier<List<Double>> down() {
        return () -> {
            throw new MetricQueryException("prometheus is unreachable");
        };
    }

    @Override
    public List<Double> query(String query) {
        asked.add(query);
        Deque<Supplier<List<Double>>> q = answers.get(query);
        if (q != null && !q.isEmpty()) {
            return q.poll().get();
        }
        Supplier<List<Double>> s = steady.get(query);
        if (s == null) {
            throw new MetricQueryException(query + ": not scripted");
        }
        return s.get();
    }

    @Override
    public List<Double> queryRange(String query, Instant start, Instant end, Duration step) {
        return query(query);
    }

    @Override
    public String describe() {
        return "scripted";
    }
}
