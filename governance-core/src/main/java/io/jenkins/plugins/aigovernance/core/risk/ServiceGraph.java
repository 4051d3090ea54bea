package io.jenkins.plugins.aigovernance.core.risk;

import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import io.jenkins.plugins.aigovernance.core.policy.ServiceSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy's services and their dependencies, compiled once: which services own a path, and which
 * services depend (transitively) on a set of services. Dependents are found with one breadth-first
 * walk over the reversed graph, linear in services plus edges.
 */
public final class ServiceGraph {

    private record Owner(String service, List<Glob> paths) {
    }

    private final List<Owner> owners;
    private final Map<String, List<String>> dependentsOf;

    public ServiceGraph(List<ServiceSpec> services) {
        List<Owner> o = new ArrayList<>(services.size());
        Map<String, List<String>> rev = new HashMap<>();
        for (ServiceSpec s : services) {
            o.add(new Owner(s.name(), s.paths().stream().map(Glob::path).toList()));
            for (String dep : s.dependsOn()) {
                rev.computeIfAbsent(dep, k -> new ArrayList<>()).add(s.name());
            }
        }
        owners = List.copyOf(o);
        dependentsOf = rev;
    }

    /** Services owning any of the files (by new or old path). */
    public Set<String> touchedBy(Collection<FileChange> files) {
        Set<String> touched = new LinkedHashSet<>();
        if (owners.isEmpty()) {
            return touched;
        }
        for (FileChange f : files) {
            for (Owner o : owners) {
                if (!touched.contains(o.service()) && owns(o, f)) {
                    touched.add(o.service());
                }
            }
        }
        return touched;
    }

    private static boolean owns(Owner o, FileChange f) {
        for (Glob g : o.paths()) {
            if (f.paths().stream().anyMatch(g::matches)) {
                return true;
            }
        }
        return false;
    }

    /** Every service that depends on one of {@code services}, directly or transitively, excluding them. */
    public Set<String> dependentsOf(Set<String> services) {
        Set<String> seen = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>(services);
        Set<String> visited = new java.util.HashSet<>(services);
        while (!queue.isEmpty()) {
            for (String d : dependentsOf.getOrDefault(queue.poll(), List.of())) {
                if (visited.add(d)) {
                    seen.add(d);
                    queue.add(d);
                }
            }
        }
        return seen;
    }
}
