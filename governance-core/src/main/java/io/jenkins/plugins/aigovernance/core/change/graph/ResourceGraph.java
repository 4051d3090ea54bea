package io.jenkins.plugins.aigovernance.core.change.graph;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The resource dependency graph of a change: resources from the plan, the extra state files and the
 * Kubernetes manifests as nodes, and typed {@link EdgeKind edges} from what is used to what uses it. Besides
 * resources, the graph has <em>junctions</em>: nodes that stand for a configuration address (all instances of
 * {@code module.svc.aws_iam_role.r}), a module input or a module output, so that configuration references are
 * kept in space linear in resources plus references; junctions are walked through and never reported.
 *
 * <p>Nodes are numbered {@code 0..size()-1}; edges are stored compressed by source node (CSR). The graph also
 * marks which resources the change itself creates, updates or deletes ({@link #changed(int)}) and which it may
 * apply without saying whether they differ ({@link #applied(int)}: manifests outside the repository).
 * Instances are immutable.
 */
public final class ResourceGraph {

    private static final ResourceGraph EMPTY = new ResourceGraph(new String[0], new String[0], new String[0], new String[0],
            new UnitKind[0], new byte[0], new int[] {0}, new int[0], new byte[0], Map.of(), List.of());

    private static final EdgeKind[] KINDS = EdgeKind.values();

    /** Node is a resource the change modifies. */
    static final byte CHANGED = 1;
    /** Node is a resource the change applies, perhaps unmodified. */
    static final byte APPLIED = 2;

    private final String[] address;
    private final String[] type;
    private final String[] source;
    private final String[] unit;
    private final UnitKind[] unitKind;
    private final byte[] flags;
    private final int[] edgeStart;
    private final int[] edgeTarget;
    private final byte[] edgeKind;
    /** source -> address -> node; never modified after construction. */
    private final Map<String, Map<String, Integer>> bySource;
    private final List<String> notes;

    ResourceGraph(String[] address, String[] type, String[] source, String[] unit, UnitKind[] unitKind, byte[] flags,
            int[] edgeStart, int[] edgeTarget, byte[] edgeKind, Map<String, Map<String, Integer>> bySource, List<String> notes) {
        this.address = address;
        this.type = type;
        this.source = source;
        this.unit = unit;
        this.unitKind = unitKind;
        this.flags = flags;
        this.edgeStart = edgeStart;
        this.edgeTarget = edgeTarget;
        this.edgeKind = edgeKind;
        this.bySource = bySource;
        this.notes = List.copyOf(notes);
    }

    /** A graph without nodes (no plan, state or manifests given). */
    public static ResourceGraph empty() {
        return EMPTY;
    }

    /** Nodes, junctions included. */
    public int size() {
        return address.length;
    }

    /** Edges, junction edges included. */
    public int edgeCount() {
        return edgeTarget.length;
    }

    /** Resources (nodes that are not junctions). */
    public int resourceCount() {
        int n = 0;
        for (String a : address) {
            if (a != null) {
                n++;
            }
        }
        return n;
    }

    /** Whether node {@code n} is a junction (configuration address, module input or output). */
    public boolean junction(int n) {
        return address[n] == null;
    }

    /** Terraform address, or {@code Kind/namespace/name} for Kubernetes; {@code null} for junctions. */
    public String address(int n) {
        return address[n];
    }

    /** Terraform resource type or Kubernetes kind. */
    public String type(int n) {
        return type[n];
    }

    /** Where the resource was read: {@code plan}, a state file's name, {@code kubernetes}. */
    public String source(int n) {
        return source[n];
    }

    /** The ownership unit ({@code module.api}, {@code shop/checkout}, {@code states/net.json}). */
    public String unit(int n) {
        return unit[n];
    }

    public UnitKind unitKind(int n) {
        return unitKind[n];
    }

    /** The change creates, updates, replaces or deletes this resource. */
    public boolean changed(int n) {
        return (flags[n] & CHANGED) != 0;
    }

    /** The change applies this resource (a manifest outside the repository), which may or may not differ. */
    public boolean applied(int n) {
        return (flags[n] & APPLIED) != 0;
    }

    /** First index into {@link #edgeTarget(int)} of node {@code n}'s edges; they end at {@code edgeStart(n + 1)}. */
    public int edgeStart(int n) {
        return edgeStart[n];
    }

    public int edgeTarget(int e) {
        return edgeTarget[e];
    }

    public EdgeKind edgeKind(int e) {
        return KINDS[edgeKind[e]];
    }

    /** The resource {@code address} read from {@code source}. */
    public OptionalInt find(String source, String address) {
        Map<String, Integer> index = bySource.get(source);
        Integer n = index == null ? null : index.get(address);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** What the graph could not see or resolve (unresolved references, first applies, ...), for people. */
    public List<String> notes() {
        return notes;
    }
}
