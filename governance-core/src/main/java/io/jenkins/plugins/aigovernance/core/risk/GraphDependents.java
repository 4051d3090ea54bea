package io.jenkins.plugins.aigovernance.core.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.change.graph.EdgeKind;
import io.jenkins.plugins.aigovernance.core.change.graph.UnitKind;
import java.util.List;

/**
 * What the resource graph says the change reaches: every resource that transitively uses a changed resource,
 * grouped into units. Lists are complete up to their caps; when a list is capped, {@code capped} says so and the
 * counts are the totals.
 *
 * @param resources dependent resources in all (changed resources are not their own dependents)
 * @param units     units those resources belong to, other than the unit of the changed resource each was reached from
 * @param changed   per changed resource that reaches others: what it is to them, most units first
 * @param unitList  units with their dependent resources, most first ({@link #MAX_UNITS} at most)
 * @param listed    dependent resources, nearest first ({@link #MAX_LISTED} at most)
 * @param capped    whether {@code unitList} or {@code listed} is shorter than the totals
 * @param notes     what the graph could not see or resolve
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GraphDependents(int resources, int units, List<ChangedResourceReach> changed, List<UnitDependents> unitList,
        List<DependentResource> listed, boolean capped, List<String> notes) {

    /** Most dependent resources listed. */
    public static final int MAX_LISTED = 10_000;
    /** Most units listed. */
    public static final int MAX_UNITS = 2_000;

    public GraphDependents {
        changed = List.copyOf(changed);
        unitList = List.copyOf(unitList);
        listed = List.copyOf(listed);
        notes = List.copyOf(notes);
    }

    public static GraphDependents none() {
        return new GraphDependents(0, 0, List.of(), List.of(), List.of(), false, List.of());
    }

    /**
     * One resource that depends on the change.
     *
     * @param edge    the kind of the edge that reached it ({@code from} {@code edge} {@code address})
     * @param from    the resource it uses (a changed resource or another dependent)
     * @param changed the changed resource it was reached from (breadth-first: the nearest)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DependentResource(String address, String type, String source, String unit, UnitKind unitKind, EdgeKind edge,
            String from, String changed) {
    }

    /** A unit and how many of its resources depend on the change. */
    public record UnitDependents(String unit, UnitKind kind, int resources) {
    }

    /**
     * What one changed resource is to the resources using it.
     *
     * @param summary   "`aws_iam_policy.b` is the permission boundary of 47 aws_iam_role in 47 modules; 94 resources in 47 units in all"
     * @param direct    resources using it directly, by edge kind and type
     * @param resources dependents attributed to it (each dependent counts for the nearest changed resource)
     * @param units     their units, its own unit excluded
     * @param shared    a permission boundary, a policy attached to several principals, a security group, KMS key,
     *                  ConfigMap or Secret used by several resources, a role bound to several subjects
     */
    public record ChangedResourceReach(String address, String source, String summary, List<EdgeCount> direct, int resources,
            int units, boolean shared) {

        public ChangedResourceReach {
            direct = List.copyOf(direct);
        }
    }

    /** Direct users of one kind and type. */
    public record EdgeCount(EdgeKind kind, String type, int resources, int units) {
    }
}
