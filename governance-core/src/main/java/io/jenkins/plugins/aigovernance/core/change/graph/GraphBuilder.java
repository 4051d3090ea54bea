package io.jenkins.plugins.aigovernance.core.change.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Collects the nodes, edges and attribute values of a {@link ResourceGraph} while the readers stream their inputs,
 * then resolves attribute values that name other resources (ARNs, ids) in one pass: memory and time linear in
 * resources plus references. One builder per change; not thread-safe.
 */
public final class GraphBuilder {

    /** Attribute values shorter than this never name another resource (avoids matching {@code "1"} or {@code "a"}). */
    private static final int MIN_IDENTITY_LENGTH = 3;

    private final List<String> address = new ArrayList<>();
    private final List<String> type = new ArrayList<>();
    private final List<String> source = new ArrayList<>();
    private final List<String> unit = new ArrayList<>();
    private final List<UnitKind> unitKind = new ArrayList<>();
    private byte[] flags = new byte[256];
    /** source -> address -> node. */
    private final Map<String, Map<String, Integer>> bySource = new HashMap<>();
    private int[] from = new int[1024];
    private int[] to = new int[1024];
    private byte[] kind = new byte[1024];
    private int edges;
    /** value -> node (Integer) or nodes (int[]) that the value identifies. */
    private final Map<String, Object> identities = new HashMap<>();
    private int[] refHolder = new int[256];
    private byte[] refKind = new byte[256];
    private String[] refValue = new String[256];
    private int refs;
    private final Set<String> notes = new LinkedHashSet<>();
    private int unresolvedArns;
    private String unresolvedExample;

    /** The node of resource {@code address} read from {@code source}, added if new (the first type and unit stay). */
    public int resource(String source, String address, String type, String unit, UnitKind unitKind) {
        return resource(resources(source), source, address, type, unit, unitKind);
    }

    private int resource(Map<String, Integer> index, String source, String address, String type, String unit, UnitKind unitKind) {
        Integer n = index.get(address);
        return n != null ? n : add(index, source, address, type, unit, unitKind);
    }

    /** Adds resource {@code address}, which {@code index} (the source's, {@link #resources(String)}) does not hold yet. */
    int add(Map<String, Integer> index, String source, String address, String type, String unit, UnitKind unitKind) {
        int id = add(address, type, source, unit, unitKind);
        index.put(address, id);
        return id;
    }

    /** The live index (address -> node) of the resources read from {@code source}; readers keep it to look up what they added. */
    Map<String, Integer> resources(String source) {
        return bySource.computeIfAbsent(source, k -> new HashMap<>());
    }

    /** The node of a resource, if added. */
    public OptionalInt find(String source, String address) {
        Map<String, Integer> index = bySource.get(source);
        Integer n = index == null ? null : index.get(address);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** A new junction node. */
    public int junction() {
        return add(null, null, null, null, null);
    }

    private int add(String a, String t, String s, String u, UnitKind k) {
        int id = address.size();
        address.add(a);
        type.add(t);
        source.add(s);
        unit.add(u);
        unitKind.add(k);
        if (id == flags.length) {
            flags = Arrays.copyOf(flags, id * 2);
        }
        return id;
    }

    /** Marks a resource as one the change creates, updates, replaces or deletes. */
    public void markChanged(int node) {
        flags[node] |= ResourceGraph.CHANGED;
    }

    /** Marks a resource as one the change applies, perhaps unmodified. */
    public void markApplied(int node) {
        flags[node] |= ResourceGraph.APPLIED;
    }

    /** An edge from what is used to what uses it; self edges are dropped. */
    public void edge(int used, int user, EdgeKind edgeKind) {
        if (used == user) {
            return;
        }
        if (edges == from.length) {
            int n = edges * 2;
            from = Arrays.copyOf(from, n);
            to = Arrays.copyOf(to, n);
            kind = Arrays.copyOf(kind, n);
        }
        from[edges] = used;
        to[edges] = user;
        kind[edges] = (byte) edgeKind.ordinal();
        edges++;
    }

    /** Records that {@code value} (an ARN, an id) identifies {@code node}. */
    public void identity(int node, String value) {
        if (value == null || value.length() < MIN_IDENTITY_LENGTH) {
            return;
        }
        Object old = identities.putIfAbsent(value, node);
        if (old == null) {
            return;
        }
        if (old instanceof Integer o) {
            if (o != node) {
                identities.put(value, new int[] {o, node});
            }
            return;
        }
        int[] a = (int[]) old;
        for (int x : a) {
            if (x == node) {
                return;
            }
        }
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = node;
        identities.put(value, b);
    }

    /** Records that resource {@code holder} has an attribute value that may identify another resource. */
    public void valueReference(int holder, EdgeKind edgeKind, String value) {
        if (value == null || value.length() < MIN_IDENTITY_LENGTH) {
            return;
        }
        if (refs == refHolder.length) {
            int n = refs * 2;
            refHolder = Arrays.copyOf(refHolder, n);
            refKind = Arrays.copyOf(refKind, n);
            refValue = Arrays.copyOf(refValue, n);
        }
        value.hashCode(); // computed (and cached in the string) while it is fresh in the cache; build() looks it up
        refHolder[refs] = holder;
        refKind[refs] = (byte) edgeKind.ordinal();
        refValue[refs] = value;
        refs++;
    }

    /**
     * Records that the resource {@code usedValue} identifies is used by the one {@code userValue} identifies (a policy
     * attachment naming both the policy and the principal).
     */
    public void valueJoin(String usedValue, String userValue, EdgeKind edgeKind) {
        joins.add(new Join(usedValue, userValue, edgeKind));
    }

    private record Join(String used, String user, EdgeKind kind) {
    }

    private final List<Join> joins = new ArrayList<>();

    /** A fact about what the graph cannot see, shown to people once. */
    public void note(String note) {
        notes.add(note);
    }

    private int[] nodes(String value) {
        Object targets = identities.get(value);
        if (targets instanceof Integer t) {
            return new int[] {t};
        }
        return targets instanceof int[] ts ? ts : new int[0];
    }

    /** Resolves attribute values to edges and freezes the graph. */
    public ResourceGraph build() {
        EdgeKind[] kinds = EdgeKind.values();
        for (int i = 0; i < refs; i++) {
            Object targets = identities.get(refValue[i]);
            if (targets instanceof Integer t) {
                edge(t, refHolder[i], kinds[refKind[i]]);
            } else if (targets instanceof int[] ts) {
                for (int t : ts) {
                    edge(t, refHolder[i], kinds[refKind[i]]);
                }
            } else if (refValue[i].startsWith("arn:") && !refValue[i].contains(":iam::aws:policy/") && !refValue[i].contains("*")) {
                unresolvedArns++;
                if (unresolvedExample == null) {
                    unresolvedExample = refValue[i];
                }
            }
        }
        for (Join j : joins) {
            for (int used : nodes(j.used())) {
                for (int user : nodes(j.user())) {
                    edge(used, user, j.kind());
                }
            }
        }
        joins.clear();
        refHolder = null;
        refKind = null;
        refValue = null;
        if (unresolvedArns > 0) {
            notes.add(unresolvedArns + " attribute value(s) name ARNs of resources in no plan or state given (e.g. "
                    + unresolvedExample + "): their users in other workspaces are not seen; give those states with --state");
        }
        int n = address.size();
        int[] start = new int[n + 1];
        for (int e = 0; e < edges; e++) {
            start[from[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] target = new int[edges];
        byte[] k = new byte[edges];
        for (int e = 0; e < edges; e++) {
            int at = fill[from[e]]++;
            target[at] = to[e];
            k[at] = kind[e];
        }
        return new ResourceGraph(address.toArray(String[]::new), type.toArray(String[]::new), source.toArray(String[]::new),
                unit.toArray(String[]::new), unitKind.toArray(UnitKind[]::new), Arrays.copyOf(flags, n), start, target, k,
                bySource, new ArrayList<>(notes));
    }
}
