package io.jenkins.plugins.aigovernance.core.change.graph;

import io.jenkins.plugins.aigovernance.core.change.ManifestObjectListener;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Adds the Kubernetes objects {@link io.jenkins.plugins.aigovernance.core.change.KubernetesManifestReader} reads to a
 * {@link GraphBuilder} (source {@value #SOURCE}, address {@code Kind/namespace/name}) with edges, following the
 * Kubernetes API's own references:
 * <ul>
 * <li>Services ({@code spec.selector}), NetworkPolicies ({@code spec.podSelector}) and PodDisruptionBudgets
 *     ({@code spec.selector}, {@code matchLabels} and {@code matchExpressions}) {@link EdgeKind#SELECTS select}
 *     the workloads of their namespace whose pod template labels match; a NetworkPolicy's {@code ingress[].from} and
 *     {@code egress[].to} peers ({@code podSelector}, {@code namespaceSelector}) are its {@link EdgeKind#PEER_OF peers};</li>
 * <li>workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Argo
 *     Rollout) read ConfigMaps and Secrets through {@code env[].valueFrom}, {@code envFrom}, {@code volumes}
 *     (also {@code projected} sources) of containers, init and ephemeral containers, and {@code imagePullSecrets};
 *     they run as {@code serviceAccountName};</li>
 * <li>a (Cluster)RoleBinding is {@link EdgeKind#BOUND_BY bound} to its {@code roleRef} and
 *     {@link EdgeKind#GRANTS_TO grants} to each subject (ServiceAccounts; Users and Groups become nodes of their
 *     own);</li>
 * <li>an Ingress routes to Services ({@code backend.service.name}, {@code serviceName}); a Namespace contains its
 *     objects; a CustomResourceDefinition defines the objects of its group and kind; an admission webhook
 *     (Validating/MutatingWebhookConfiguration) admits the objects its rules' API groups and resources match
 *     (pods: the workloads; namespace and object selectors are not evaluated, so it may reach more) and is
 *     referenced by its {@code clientConfig.service}.</li>
 * </ul>
 * Units: a workload's namespace + app label ({@code app.kubernetes.io/name}, else {@code app}, else its own name);
 * other namespaced objects the same with their labels, else the namespace; cluster-scoped objects the cluster.
 * Label selection is indexed by label, so its cost follows the matches, not selectors × workloads.
 * One instance per change; not thread-safe.
 */
public final class KubernetesGraphReader implements ManifestObjectListener {

    /** The source name of Kubernetes nodes. */
    public static final String SOURCE = "kubernetes";

    private static final Set<String> WORKLOADS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "ReplicationController", "Job", "CronJob", "Rollout");

    private record Obj(int node, String kind, String group, String namespace, String name, Map<?, ?> doc, Map<String, String> podLabels) {
    }

    private final GraphBuilder graph;
    private final List<Obj> objects = new ArrayList<>();
    private final Map<String, Obj> byKindName = new HashMap<>();
    /** namespace + '\0' + key=value -> workloads with that pod label. */
    private final Map<String, List<Obj>> workloadsByLabel = new HashMap<>();
    private final Map<String, List<Obj>> workloadsByNamespace = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    public KubernetesGraphReader(GraphBuilder graph) {
        this.graph = graph;
    }

    @Override
    public void object(ResourceChange resource, Map<?, ?> doc) {
        String kind = resource.type();
        String ns = resource.namespace();
        Map<?, ?> metadata = map(doc.get("metadata"));
        Map<String, String> labels = labels(metadata.get("labels"));
        boolean workload = WORKLOADS.contains(kind);
        Map<String, String> podLabels = workload ? podLabels(kind, doc, labels) : labels;
        String app = app(podLabels);
        String unit;
        UnitKind unitKind;
        if (resource.namespace() == null && resource.has(io.jenkins.plugins.aigovernance.core.change.ResourceTrait.CLUSTER_SCOPED)) {
            unit = "cluster";
            unitKind = UnitKind.CLUSTER;
        } else if (app != null || workload) {
            unit = nsName(ns) + "/" + (app != null ? app : resource.name());
            unitKind = UnitKind.APP;
        } else {
            unit = nsName(ns);
            unitKind = UnitKind.NAMESPACE;
        }
        int node = graph.resource(SOURCE, resource.address(), kind, unit, unitKind);
        if (!seen.add(resource.address())) {
            return; // the same object from a changed file and from the manifests folder: one node, read once
        }
        String apiVersion = resource.provider() == null ? "" : resource.provider();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Obj o = new Obj(node, kind, group, ns == null ? "" : ns, resource.name(), doc, podLabels);
        objects.add(o);
        byKindName.put(key(kind, o.namespace(), o.name()), o);
        if (workload) {
            workloadsByNamespace.computeIfAbsent(o.namespace(), k -> new ArrayList<>()).add(o);
            for (Map.Entry<String, String> l : podLabels.entrySet()) {
                workloadsByLabel.computeIfAbsent(o.namespace() + '\0' + l.getKey() + '=' + l.getValue(), k -> new ArrayList<>()).add(o);
            }
        }
    }

    /** Adds the edges between the objects seen; call once after reading. */
    public void finish() {
        Map<String, List<Obj>> byGroupKind = new HashMap<>();
        for (Obj o : objects) {
            byGroupKind.computeIfAbsent(o.group() + '/' + o.kind(), k -> new ArrayList<>()).add(o);
        }
        List<Obj> webhooks = new ArrayList<>();
        for (Obj o : objects) {
            if (!o.namespace().isEmpty()) {
                Obj namespace = byKindName.get(key("Namespace", "", o.namespace()));
                if (namespace != null) {
                    graph.edge(namespace.node(), o.node(), EdgeKind.CONTAINS);
                }
            }
            Map<?, ?> spec = map(o.doc().get("spec"));
            switch (o.kind()) {
                case "Service" -> select(o, labelSelector(spec.get("selector"), true), false);
                case "NetworkPolicy" -> {
                    select(o, labelSelector(spec.get("podSelector"), false), true);
                    peers(o, spec);
                }
                case "PodDisruptionBudget" -> select(o, labelSelector(spec.get("selector"), false), false);
                case "RoleBinding", "ClusterRoleBinding" -> binding(o);
                case "Ingress" -> ingress(o, spec);
                case "CustomResourceDefinition" -> {
                    Map<?, ?> names = map(spec.get("names"));
                    if (spec.get("group") instanceof String g && names.get("kind") instanceof String k) {
                        for (Obj cr : byGroupKind.getOrDefault(g + '/' + k, List.of())) {
                            graph.edge(o.node(), cr.node(), EdgeKind.DEFINES);
                        }
                    }
                }
                case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" -> webhooks.add(o);
                default -> {
                }
            }
            if (WORKLOADS.contains(o.kind())) {
                podSpec(o, podSpec(o.kind(), o.doc()));
            }
        }
        for (Obj w : webhooks) {
            webhook(w);
        }
    }

    private void select(Obj selector, Map<?, ?> labelSelector, boolean emptySelectsAll) {
        if (labelSelector == null) {
            return; // no selector: a Service without selector selects nothing (endpoints are managed by hand)
        }
        Map<String, String> match = labels(labelSelector.get("matchLabels"));
        List<?> expressions = labelSelector.get("matchExpressions") instanceof List<?> l ? l : List.of();
        if (match.isEmpty() && expressions.isEmpty() && !emptySelectsAll) {
            return;
        }
        List<Obj> candidates = null;
        for (Map.Entry<String, String> m : match.entrySet()) {
            List<Obj> c = workloadsByLabel.getOrDefault(selector.namespace() + '\0' + m.getKey() + '=' + m.getValue(), List.of());
            if (candidates == null || c.size() < candidates.size()) {
                candidates = c;
            }
        }
        if (candidates == null) {
            candidates = workloadsByNamespace.getOrDefault(selector.namespace(), List.of());
        }
        for (Obj w : candidates) {
            if (matches(w.podLabels(), match, expressions)) {
                graph.edge(selector.node(), w.node(), EdgeKind.SELECTS);
            }
        }
    }

    /** The automatic namespace label (Kubernetes 1.21+): every namespace has it, with its own name as the value. */
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /**
     * NetworkPolicy peers ({@code spec.ingress[].from[]}, {@code spec.egress[].to[]}): a {@code podSelector} alone
     * selects pods of the policy's namespace; a {@code namespaceSelector} the pods of every namespace whose labels it
     * matches (the labels of the Namespace object when given, and always {@code kubernetes.io/metadata.name}), narrowed
     * by a {@code podSelector} beside it; an empty selector matches all; {@code ipBlock} names no pods. See
     * <a href="https://kubernetes.io/docs/concepts/services-networking/network-policies/">Network Policies</a>.
     */
    private void peers(Obj policy, Map<?, ?> spec) {
        for (String direction : List.of("ingress", "egress")) {
            if (!(spec.get(direction) instanceof List<?> rules)) {
                continue;
            }
            for (Object rule : rules) {
                if (!(map(rule).get(direction.equals("ingress") ? "from" : "to") instanceof List<?> peers)) {
                    continue;
                }
                for (Object peer : peers) {
                    Map<?, ?> p = map(peer);
                    Map<?, ?> pods = labelSelector(p.get("podSelector"), false);
                    Map<?, ?> namespaces = labelSelector(p.get("namespaceSelector"), false);
                    if (pods == null && namespaces == null) {
                        continue; // ipBlock
                    }
                    List<String> inNamespaces = new ArrayList<>();
                    if (namespaces == null) {
                        inNamespaces.add(policy.namespace());
                    } else {
                        Map<String, String> match = labels(namespaces.get("matchLabels"));
                        List<?> expressions = namespaces.get("matchExpressions") instanceof List<?> l ? l : List.of();
                        for (String ns : workloadsByNamespace.keySet()) {
                            if (matches(namespaceLabels(ns), match, expressions)) {
                                inNamespaces.add(ns);
                            }
                        }
                    }
                    Map<String, String> match = pods == null ? Map.of() : labels(pods.get("matchLabels"));
                    List<?> expressions = pods != null && pods.get("matchExpressions") instanceof List<?> l ? l : List.of();
                    for (String ns : inNamespaces) {
                        for (Obj w : workloadsByNamespace.getOrDefault(ns, List.of())) {
                            if (matches(w.podLabels(), match, expressions)) {
                                graph.edge(policy.node(), w.node(), EdgeKind.PEER_OF);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A namespace's labels: its Namespace object's, if given, and the automatic name label. */
    private Map<String, String> namespaceLabels(String ns) {
        Obj namespace = byKindName.get(key("Namespace", "", ns));
        Map<String, String> out = new HashMap<>(namespace == null ? Map.of() : labels(map(namespace.doc().get("metadata")).get("labels")));
        out.put(NAMESPACE_NAME_LABEL, ns);
        return out;
    }

    /** Kubernetes label selector semantics: every matchLabels pair and every expression (In, NotIn, Exists, DoesNotExist). */
    static boolean matches(Map<String, String> labels, Map<String, String> match, List<?> expressions) {
        for (Map.Entry<String, String> m : match.entrySet()) {
            if (!m.getValue().equals(labels.get(m.getKey()))) {
                return false;
            }
        }
        for (Object e : expressions) {
            Map<?, ?> x = map(e);
            String key = x.get("key") instanceof String k ? k : null;
            String operator = x.get("operator") instanceof String op ? op : "";
            List<String> values = strings(x.get("values"));
            String value = key == null ? null : labels.get(key);
            boolean ok = switch (operator) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false; // an unknown operator selects nothing (the API server refuses it)
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void binding(Obj b) {
        Map<?, ?> roleRef = map(b.doc().get("roleRef"));
        if (roleRef.get("name") instanceof String role) {
            String roleKind = roleRef.get("kind") instanceof String k ? k : "ClusterRole";
            Obj r = byKindName.get(key(roleKind, roleKind.equals("ClusterRole") ? "" : b.namespace(), role));
            if (r != null) {
                graph.edge(r.node(), b.node(), EdgeKind.BOUND_BY);
            }
        }
        if (!(b.doc().get("subjects") instanceof List<?> subjects)) {
            return;
        }
        for (Object s : subjects) {
            Map<?, ?> subject = map(s);
            if (!(subject.get("name") instanceof String name) || !(subject.get("kind") instanceof String kind)) {
                continue;
            }
            int node;
            if (kind.equals("ServiceAccount")) {
                String ns = subject.get("namespace") instanceof String n ? n : b.namespace();
                Obj sa = byKindName.get(key("ServiceAccount", ns, name));
                node = sa != null ? sa.node()
                        : graph.resource(SOURCE, "ServiceAccount/" + (ns.isEmpty() ? "" : ns + "/") + name, "ServiceAccount", nsName(ns),
                                UnitKind.NAMESPACE);
            } else {
                node = graph.resource(SOURCE, kind + "/" + name, kind, kind + " " + name, UnitKind.SUBJECT);
            }
            graph.edge(b.node(), node, EdgeKind.GRANTS_TO);
        }
    }

    private void ingress(Obj ingress, Map<?, ?> spec) {
        Set<String> services = new HashSet<>();
        backend(spec.get("defaultBackend"), services);
        backend(spec.get("backend"), services);
        if (spec.get("rules") instanceof List<?> rules) {
            for (Object r : rules) {
                Map<?, ?> http = map(map(r).get("http"));
                if (http.get("paths") instanceof List<?> paths) {
                    for (Object p : paths) {
                        backend(map(p).get("backend"), services);
                    }
                }
            }
        }
        for (String s : services) {
            Obj service = byKindName.get(key("Service", ingress.namespace(), s));
            if (service != null) {
                graph.edge(service.node(), ingress.node(), EdgeKind.BACKEND_OF);
            }
        }
    }

    private static void backend(Object backend, Set<String> services) {
        Map<?, ?> b = map(backend);
        if (map(b.get("service")).get("name") instanceof String s) {
            services.add(s);
        }
        if (b.get("serviceName") instanceof String s) {
            services.add(s);
        }
    }

    private void podSpec(Obj w, Map<?, ?> spec) {
        String sa = spec.get("serviceAccountName") instanceof String s ? s : spec.get("serviceAccount") instanceof String s2 ? s2 : null;
        if (sa != null) {
            use("ServiceAccount", w, sa, EdgeKind.SERVICE_ACCOUNT_OF);
        }
        if (spec.get("imagePullSecrets") instanceof List<?> pulls) {
            for (Object p : pulls) {
                if (map(p).get("name") instanceof String n) {
                    use("Secret", w, n, EdgeKind.SECRET_OF);
                }
            }
        }
        if (spec.get("volumes") instanceof List<?> volumes) {
            for (Object v : volumes) {
                Map<?, ?> volume = map(v);
                if (map(volume.get("configMap")).get("name") instanceof String n) {
                    use("ConfigMap", w, n, EdgeKind.CONFIG_OF);
                }
                if (map(volume.get("secret")).get("secretName") instanceof String n) {
                    use("Secret", w, n, EdgeKind.SECRET_OF);
                }
                if (map(volume.get("projected")).get("sources") instanceof List<?> sources) {
                    for (Object s : sources) {
                        Map<?, ?> source = map(s);
                        if (map(source.get("configMap")).get("name") instanceof String n) {
                            use("ConfigMap", w, n, EdgeKind.CONFIG_OF);
                        }
                        if (map(source.get("secret")).get("name") instanceof String n) {
                            use("Secret", w, n, EdgeKind.SECRET_OF);
                        }
                    }
                }
            }
        }
        for (String containers : List.of("containers", "initContainers", "ephemeralContainers")) {
            if (!(spec.get(containers) instanceof List<?> list)) {
                continue;
            }
            for (Object c : list) {
                Map<?, ?> container = map(c);
                if (container.get("env") instanceof List<?> env) {
                    for (Object e : env) {
                        Map<?, ?> from = map(map(e).get("valueFrom"));
                        if (map(from.get("configMapKeyRef")).get("name") instanceof String n) {
                            use("ConfigMap", w, n, EdgeKind.CONFIG_OF);
                        }
                        if (map(from.get("secretKeyRef")).get("name") instanceof String n) {
                            use("Secret", w, n, EdgeKind.SECRET_OF);
                        }
                    }
                }
                if (container.get("envFrom") instanceof List<?> envFrom) {
                    for (Object e : envFrom) {
                        Map<?, ?> from = map(e);
                        if (map(from.get("configMapRef")).get("name") instanceof String n) {
                            use("ConfigMap", w, n, EdgeKind.CONFIG_OF);
                        }
                        if (map(from.get("secretRef")).get("name") instanceof String n) {
                            use("Secret", w, n, EdgeKind.SECRET_OF);
                        }
                    }
                }
            }
        }
    }

    private void use(String kind, Obj user, String name, EdgeKind edge) {
        Obj used = byKindName.get(key(kind, user.namespace(), name));
        if (used != null) {
            graph.edge(used.node(), user.node(), edge);
        }
    }

    private void webhook(Obj w) {
        if (!(w.doc().get("webhooks") instanceof List<?> hooks)) {
            return;
        }
        for (Object h : hooks) {
            Map<?, ?> hook = map(h);
            Map<?, ?> service = map(map(hook.get("clientConfig")).get("service"));
            if (service.get("name") instanceof String name) {
                String ns = service.get("namespace") instanceof String n ? n : "";
                Obj s = byKindName.get(key("Service", ns, name));
                if (s != null) {
                    graph.edge(s.node(), w.node(), EdgeKind.REFERENCES);
                }
            }
            if (!(hook.get("rules") instanceof List<?> rules)) {
                continue;
            }
            for (Object r : rules) {
                Map<?, ?> rule = map(r);
                List<String> groups = strings(rule.get("apiGroups"));
                List<String> resources = strings(rule.get("resources"));
                for (Obj o : objects) {
                    if (o != w && admits(groups, resources, o)) {
                        graph.edge(w.node(), o.node(), EdgeKind.ADMITS);
                    }
                }
            }
        }
    }

    /** Whether a webhook rule matches an object; a rule on core pods matches the workloads that create them. */
    private static boolean admits(List<String> groups, List<String> resources, Obj o) {
        boolean anyGroup = groups.contains("*");
        boolean anyResource = resources.contains("*") || resources.contains("*/*");
        if ((anyGroup || groups.contains(o.group())) && anyResource) {
            return true;
        }
        String plural = plural(o.kind());
        for (String r : resources) {
            String base = r.contains("/") ? r.substring(0, r.indexOf('/')) : r;
            if ((anyGroup || groups.contains(o.group())) && base.equals(plural)) {
                return true;
            }
            if (base.equals("pods") && (anyGroup || groups.contains("")) && WORKLOADS.contains(o.kind())) {
                return true;
            }
        }
        return false;
    }

    /** The resource name of a kind as the API serves it (lower case, plural). */
    static String plural(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("endpoints")) {
            return k;
        }
        if (k.endsWith("y") && !k.endsWith("ey")) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        return k + "s";
    }

    private static Map<?, ?> podSpec(String kind, Map<?, ?> doc) {
        Map<?, ?> spec = map(doc.get("spec"));
        return switch (kind) {
            case "Pod" -> spec;
            case "CronJob" -> map(map(map(map(spec.get("jobTemplate")).get("spec")).get("template")).get("spec"));
            default -> map(map(spec.get("template")).get("spec"));
        };
    }

    private static Map<String, String> podLabels(String kind, Map<?, ?> doc, Map<String, String> own) {
        Map<?, ?> spec = map(doc.get("spec"));
        Map<?, ?> template = switch (kind) {
            case "Pod" -> null;
            case "CronJob" -> map(map(map(spec.get("jobTemplate")).get("spec")).get("template"));
            default -> map(spec.get("template"));
        };
        if (template == null) {
            return own;
        }
        Map<String, String> labels = labels(map(template.get("metadata")).get("labels"));
        return labels.isEmpty() ? own : labels;
    }

    /** A label selector; a Service's {@code spec.selector} is a plain map of labels ({@code plainMap}). */
    private static Map<?, ?> labelSelector(Object value, boolean plainMap) {
        if (!(value instanceof Map<?, ?> m)) {
            return null;
        }
        return plainMap ? Map.of("matchLabels", m) : m;
    }

    private static String app(Map<String, String> labels) {
        String app = labels.get("app.kubernetes.io/name");
        return app != null ? app : labels.get("app");
    }

    private static String nsName(String ns) {
        return ns == null || ns.isEmpty() ? "(no namespace)" : ns;
    }

    private static String key(String kind, String ns, String name) {
        return kind + '\0' + ns + '\0' + name;
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static Map<String, String> labels(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        return out;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
