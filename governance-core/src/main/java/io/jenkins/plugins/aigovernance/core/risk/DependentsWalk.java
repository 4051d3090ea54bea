package io.jenkins.plugins.aigovernance.core.risk;

import io.jenkins.plugins.aigovernance.core.change.graph.EdgeKind;
import io.jenkins.plugins.aigovernance.core.change.graph.ResourceGraph;
import io.jenkins.plugins.aigovernance.core.change.graph.UnitKind;
import io.jenkins.plugins.aigovernance.core.risk.GraphDependents.ChangedResourceReach;
import io.jenkins.plugins.aigovernance.core.risk.GraphDependents.DependentResource;
import io.jenkins.plugins.aigovernance.core.risk.GraphDependents.EdgeCount;
import io.jenkins.plugins.aigovernance.core.risk.GraphDependents.UnitDependents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the dependents of a change in its {@link ResourceGraph}: one breadth-first walk from all changed resources
 * along the edges (from what is used to what uses it), through junctions, visiting each node at most twice — time
 * and memory linear in nodes plus edges, cycles included. A changed resource is never its own dependent; a resource
 * the change only applies (a manifest outside the repository) is a start of the walk and a dependent when another
 * start reaches it. Each dependent is attributed to the nearest changed resource; its edge kind is the last
 * reported kind on the way (a junction passes on the kind of the reference that led into it).
 */
final class DependentsWalk {

    /** Kinds that make a changed resource shared when it has at least two direct users of that kind. */
    private static final Set<EdgeKind> SHARED_KINDS = EnumSet.of(EdgeKind.ATTACHED_TO, EdgeKind.SECURITY_GROUP_OF,
            EdgeKind.ENCRYPTS, EdgeKind.CONFIG_OF, EdgeKind.SECRET_OF, EdgeKind.GRANTS_TO, EdgeKind.SERVICE_ACCOUNT_OF);

    private DependentsWalk() {
    }

    /** {@link #walk(ResourceGraph, int)} with the default shared threshold (two direct users). */
    static GraphDependents walk(ResourceGraph g) {
        return walk(g, io.jenkins.plugins.aigovernance.core.policy.RiskPolicy.DEFAULT_SHARED_USERS);
    }

    /**
     * @param sharedUsers direct users of one kind from which a changed resource is shared ({@code risk.sharedUsers});
     *                    a permission boundary is shared with one
     */
    static GraphDependents walk(ResourceGraph g, int sharedUsers) {
        int n = g.size();
        if (n == 0) {
            return GraphDependents.none();
        }
        boolean[] visited = new boolean[n];
        int[] root = new int[n];
        int[] parent = new int[n];
        byte[] kind = new byte[n];
        int[] queue = new int[2 * n];
        int head = 0;
        int tail = 0;
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            root[i] = -1;
            parent[i] = -1;
            kind[i] = -1;
            if (g.changed(i)) {
                visited[i] = true;
                root[i] = i;
                queue[tail++] = i;
                roots.add(i);
            } else if (g.applied(i)) {
                root[i] = i;
                queue[tail++] = i;
                roots.add(i);
            }
        }
        if (roots.isEmpty()) {
            return new GraphDependents(0, 0, List.of(), List.of(), List.of(), false, g.notes());
        }
        EdgeKind[] kinds = EdgeKind.values();
        List<Integer> order = new ArrayList<>();
        while (head < tail) {
            int cur = queue[head++];
            boolean real = !g.junction(cur);
            byte carried = real ? -1 : kind[cur];
            int viaReal = real ? cur : parent[cur];
            for (int e = g.edgeStart(cur); e < g.edgeStart(cur + 1); e++) {
                int next = g.edgeTarget(e);
                if (visited[next]) {
                    continue;
                }
                visited[next] = true;
                EdgeKind k = g.edgeKind(e);
                byte nk = k == EdgeKind.INTERNAL || (k == EdgeKind.REFERENCES && carried >= 0) ? carried : (byte) k.ordinal();
                kind[next] = nk;
                parent[next] = viaReal;
                root[next] = root[cur];
                queue[tail++] = next;
                if (!g.junction(next)) {
                    order.add(next);
                }
            }
        }
        Map<String, int[]> unitCounts = new LinkedHashMap<>();
        Map<String, UnitKind> unitKinds = new HashMap<>();
        Map<Integer, Reach> reach = new LinkedHashMap<>();
        List<DependentResource> listed = new ArrayList<>();
        for (int d : order) {
            String unit = g.unit(d);
            // a dependent in the unit of the changed resource that reaches it is inside that unit, not another one
            if (!unit.equals(g.unit(root[d]))) {
                unitCounts.computeIfAbsent(unit, u -> new int[1])[0]++;
                unitKinds.putIfAbsent(unit, g.unitKind(d));
            }
            EdgeKind k = kind[d] < 0 ? EdgeKind.REFERENCES : kinds[kind[d]];
            int r = root[d];
            Reach rr = reach.computeIfAbsent(r, x -> new Reach(g.unit(x)));
            rr.add(g, d, k, parent[d] == r);
            if (listed.size() < GraphDependents.MAX_LISTED) {
                listed.add(new DependentResource(g.address(d), g.type(d), g.source(d), unit, g.unitKind(d), k,
                        parent[d] < 0 ? null : g.address(parent[d]), g.address(r)));
            }
        }
        List<UnitDependents> units = new ArrayList<>();
        for (Map.Entry<String, int[]> u : unitCounts.entrySet()) {
            units.add(new UnitDependents(u.getKey(), unitKinds.get(u.getKey()), u.getValue()[0]));
        }
        units.sort(Comparator.comparingInt(UnitDependents::resources).reversed().thenComparing(UnitDependents::unit));
        int unitTotal = units.size();
        boolean capped = order.size() > listed.size() || units.size() > GraphDependents.MAX_UNITS;
        if (units.size() > GraphDependents.MAX_UNITS) {
            units = units.subList(0, GraphDependents.MAX_UNITS);
        }
        List<ChangedResourceReach> changed = new ArrayList<>();
        for (Map.Entry<Integer, Reach> e : reach.entrySet()) {
            changed.add(e.getValue().result(g, e.getKey(), sharedUsers));
        }
        changed.sort(Comparator.comparingInt(ChangedResourceReach::units).reversed()
                .thenComparing(Comparator.comparingInt(ChangedResourceReach::resources).reversed())
                .thenComparing(ChangedResourceReach::address));
        return new GraphDependents(order.size(), unitTotal, changed, units, listed, capped, g.notes());
    }

    /** The dependents attributed to one changed resource. */
    private static final class Reach {
        private final String ownUnit;
        private final Map<String, Set<String>> directUnits = new LinkedHashMap<>();
        private final Map<String, int[]> direct = new LinkedHashMap<>();
        private final Map<String, EdgeKind> directKind = new HashMap<>();
        private final Map<String, String> directType = new HashMap<>();
        private final Map<String, Set<UnitKind>> directUnitKinds = new HashMap<>();
        private final Set<String> units = new HashSet<>();
        private final Map<EdgeKind, Integer> grants = new HashMap<>();
        private int resources;

        Reach(String ownUnit) {
            this.ownUnit = ownUnit;
        }

        void add(ResourceGraph g, int d, EdgeKind k, boolean isDirect) {
            resources++;
            if (!g.unit(d).equals(ownUnit)) {
                units.add(g.unit(d));
            }
            if (k == EdgeKind.GRANTS_TO) {
                grants.merge(k, 1, Integer::sum);
            }
            if (isDirect) {
                String key = k.name() + ' ' + g.type(d);
                direct.computeIfAbsent(key, x -> new int[1])[0]++;
                directKind.put(key, k);
                directType.put(key, g.type(d));
                directUnits.computeIfAbsent(key, x -> new HashSet<>()).add(g.unit(d));
                directUnitKinds.computeIfAbsent(key, x -> EnumSet.noneOf(UnitKind.class)).add(g.unitKind(d));
            }
        }

        ChangedResourceReach result(ResourceGraph g, int r, int sharedUsers) {
            List<EdgeCount> counts = new ArrayList<>();
            for (Map.Entry<String, int[]> e : direct.entrySet()) {
                counts.add(new EdgeCount(directKind.get(e.getKey()), directType.get(e.getKey()), e.getValue()[0],
                        directUnits.get(e.getKey()).size()));
            }
            counts.sort(Comparator.comparingInt(EdgeCount::resources).reversed());
            boolean shared = grants.getOrDefault(EdgeKind.GRANTS_TO, 0) >= sharedUsers;
            for (EdgeCount c : counts) {
                shared |= c.kind() == EdgeKind.PERMISSION_BOUNDARY_OF || (SHARED_KINDS.contains(c.kind()) && c.resources() >= sharedUsers);
            }
            return new ChangedResourceReach(g.address(r), g.source(r), summary(g.address(r), counts, resources, units,
                    directUnitKinds), counts,
                    resources, units.size(), shared);
        }

        private static String unitWord(Set<UnitKind> kinds, int count) {
            if (kinds == null || kinds.size() != 1) {
                return count == 1 ? "unit" : "units";
            }
            String plural = kinds.iterator().next().plural();
            return count == 1 ? plural.substring(0, plural.length() - 1) : plural;
        }

        private static String summary(String address, List<EdgeCount> counts, int total, Set<String> allUnits,
                Map<String, Set<UnitKind>> unitKinds) {
            StringBuilder sb = new StringBuilder("`").append(address).append("` ");
            int shown = 0;
            for (EdgeCount c : counts) {
                if (shown == 3) {
                    sb.append(", ...");
                    break;
                }
                sb.append(shown++ == 0 ? "" : ", and ").append(c.kind().phrase()).append(' ').append(c.resources()).append(' ')
                        .append(c.type()).append(" in ").append(c.units()).append(' ')
                        .append(unitWord(unitKinds.get(c.kind().name() + ' ' + c.type()), c.units()));
            }
            if (counts.isEmpty()) {
                sb.append("is used");
            }
            sb.append("; ").append(total).append(total == 1 ? " resource" : " resources").append(" in ").append(allUnits.size())
                    .append(allUnits.size() == 1 ? " other unit" : " other units").append(" in all");
            return sb.toString();
        }
    }
}
