package io.jenkins.plugins.aigovernance.core.change;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The few short facts kept per resource: unique, in the order found, at most {@link #MAX}. */
final class ResourceDetails {

    /** Most details kept for one resource. */
    static final int MAX = 5;
    private static final int MAX_CHARS = 160;

    /** Allocated with the first detail: most resources have none. */
    private Set<String> details;

    void add(String detail) {
        if (detail == null) {
            return;
        }
        if (details == null) {
            details = new LinkedHashSet<>(8);
        } else if (details.size() >= MAX) {
            return;
        }
        details.add(detail.length() > MAX_CHARS ? detail.substring(0, MAX_CHARS - 1) + "…" : detail);
    }

    void addAll(List<String> more) {
        for (String d : more) {
            add(d);
        }
    }

    boolean isEmpty() {
        return details == null;
    }

    List<String> toList() {
        return details == null ? List.of() : List.copyOf(details);
    }
}
