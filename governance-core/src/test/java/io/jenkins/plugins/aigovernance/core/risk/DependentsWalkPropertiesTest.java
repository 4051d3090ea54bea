package io.jenkins.plugins.aigovernance.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.change.graph.EdgeKind;
import io.jenkins.plugins.aigovernance.core.change.graph.GraphBuilder;
import io.jenkins.plugins.aigovernance.core.change.graph.ResourceGraph;
import io.jenkins.plugins.aigovernance.core.change.graph.UnitKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The breadth-first walk against a plain reachability search on random graphs with cycles, self edges and junctions:
 * the dependents are exactly the resources reachable from a changed resource through at least one edge, minus the
 * changed resources; units and counts agree.
 */
class DependentsWalkPropertiesTest {

    @Property(tries = 300)
    void dependentsAreTheReachableResourcesMinusTheChangedOnes(
            @ForAll @IntRange(min = 1, max = 40) int nodes,
            @ForAll @Size(max = 160) List<@IntRange(min = 0, max = 1599) Integer> edges,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 39) Integer> changed,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 39) Integer> junctions) {
        GraphBuilder b = new GraphBuilder();
        Set<Integer> junctionSet = new HashSet<>(junctions);
        for (int i = 0; i < nodes; i++) {
            if (junctionSet.contains(i)) {
                b.junction();
            } else {
                b.resource("plan", "aws_x.r" + i, "aws_x", "module.m" + (i % 5), UnitKind.MODULE);
            }
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            out.add(new ArrayList<>());
        }
        for (int e : edges) {
            int from = e / 40 % nodes;
            int to = e % 40 % nodes;
            b.edge(from, to, EdgeKind.REFERENCES);
            out.get(from).add(to);
        }
        Set<Integer> roots = new HashSet<>();
        for (int c : changed) {
            int n = c % nodes;
            if (!junctionSet.contains(n)) {
                b.markChanged(n);
                roots.add(n);
            }
        }
        ResourceGraph g = b.build();
        GraphDependents d = DependentsWalk.walk(g);

        Set<Integer> reached = new HashSet<>();
        Deque<Integer> queue = new ArrayDeque<>();
        for (int r : roots) {
            queue.addAll(out.get(r));
        }
        while (!queue.isEmpty()) {
            int n = queue.poll();
            if (reached.add(n)) {
                queue.addAll(out.get(n));
            }
        }
        Set<String> expected = new HashSet<>();
        for (int n : reached) {
            if (!roots.contains(n) && !junctionSet.contains(n)) {
                expected.add("aws_x.r" + n);
            }
        }
        Set<String> listed = new HashSet<>();
        d.listed().forEach(x -> listed.add(x.address()));
        assertThat(listed).isEqualTo(expected);
        assertThat(d.resources()).isEqualTo(expected.size());
        assertThat(d.capped()).isFalse();
        int unitTotal = d.unitList().stream().mapToInt(GraphDependents.UnitDependents::resources).sum();
        assertThat(unitTotal).isLessThanOrEqualTo(expected.size());
        assertThat(d.changed().stream().mapToInt(GraphDependents.ChangedResourceReach::resources).sum()).isEqualTo(expected.size());
    }
}
