package io.jenkins.plugins.aigovernance.core.risk;

import java.util.List;

/**
 * The services a change touches, every service that depends on them, directly or transitively, and the
 * resources the resource graph finds depending on the changed resources.
 *
 * @param touched    declared services ({@code risk.services}) whose paths the change modifies
 * @param dependents declared services depending on a touched service (touched ones excluded), sorted
 * @param units      dependent units in all: the graph's units plus the dependent declared services
 * @param graph      dependents found in the resource graph
 */
public record DependentImpact(List<String> touched, List<String> dependents, int units, GraphDependents graph) {

    public DependentImpact {
        touched = List.copyOf(touched);
        dependents = List.copyOf(dependents);
        graph = graph == null ? GraphDependents.none() : graph;
    }

    /** Declared services only. */
    public DependentImpact(List<String> touched, List<String> dependents) {
        this(touched, dependents, dependents.size(), GraphDependents.none());
    }

    public static DependentImpact none() {
        return new DependentImpact(List.of(), List.of());
    }
}
