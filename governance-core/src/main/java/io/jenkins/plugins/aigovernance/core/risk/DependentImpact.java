package io.jenkins.plugins.aigovernance.core.risk;

import java.util.List;

/**
 * The services a change touches and every service that depends on them, directly or transitively.
 *
 * @param touched    services whose paths the change modifies
 * @param dependents services depending on a touched service (touched ones excluded), sorted
 */
public record DependentImpact(List<String> touched, List<String> dependents) {

    public DependentImpact {
        touched = List.copyOf(touched);
        dependents = List.copyOf(dependents);
    }

    public static DependentImpact none() {
        return new DependentImpact(List.of(), List.of());
    }
}
