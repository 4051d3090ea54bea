package io.jenkins.plugins.aigovernance.core.change;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects an unrendered template (Helm, {@code {{ }}}) will apply, read from its text: what is known before it is
 * rendered is each document's top-level {@code kind:} line, and that is enough to fail closed. A Helm chart's
 * {@code ClusterRoleBinding} with {@code name: "{{ .Release.Name }}-admin"}, or one inside {@code {{- if }}}, cannot be
 * read as YAML (or reads as a map where a name should be), yet the API server will get a ClusterRoleBinding.
 *
 * <p>Each document (split at {@code ---} lines) with a top-level {@code kind: Kind} line is one object named
 * {@code <template>}, with the traits of its kind ({@link KubernetesManifestReader#traitsOf}), and, read from the
 * document's text: RBAC that names {@code cluster-admin} or a quoted {@code "*"} is account-level with wildcards (its
 * rules or role are otherwise unknown until rendered, so the text decides), and a pod spec line {@code privileged: true},
 * {@code hostPID|hostIPC|hostNetwork: true}, {@code hostPath:} or an added node capability is a privileged workload.
 * Only objects the YAML reading did not already find are added (counted by kind), so a plain document of the file is
 * not counted twice.
 */
final class UnrenderedTemplate {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---.*$");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:[ \\t]*[\"']?([A-Za-z][A-Za-z0-9]*)[\"']?[ \\t]*(?:#.*)?$");
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion:[ \\t]*[\"']?([^\"'\\s#]+)");
    private static final Pattern ACCOUNT_LEVEL = Pattern.compile("cluster-admin|[\"']\\*[\"']");
    private static final Pattern HOST = Pattern.compile("(?<![A-Za-z_])(?:(?:privileged|hostPID|hostIPC|hostNetwork):[ \\t]*[\"']?true\\b|hostPath:)");
    private static final Pattern ADDED = Pattern.compile("(?<![A-Za-z_])add:[ \\t]*(\\[[^\\]]*\\]|(?:\\R[ \\t]*-[^\\n]*)+)");
    private static final Pattern CAPABILITY = Pattern.compile("[A-Za-z_]+");

    private UnrenderedTemplate() {
    }

    /** The objects of {@code text} (a file with {@code {{}) that {@code parsed} (the YAML reading of it) does not hold. */
    static List<ResourceChange> objects(String path, String text, ResourceAction action, List<ResourceChange> parsed) {
        Map<String, Integer> known = new HashMap<>();
        for (ResourceChange r : parsed) {
            known.merge(r.type(), 1, Integer::sum);
        }
        List<ResourceChange> out = new ArrayList<>();
        int n = 0;
        for (String doc : DOCUMENT_SEPARATOR.split(text)) {
            Matcher kind = KIND.matcher(doc);
            if (!kind.find()) {
                continue;
            }
            n++;
            String k = kind.group(1);
            if (known.getOrDefault(k, 0) > 0) {
                known.merge(k, -1, Integer::sum);
                continue;
            }
            Matcher av = API_VERSION.matcher(doc);
            String apiVersion = av.find() ? av.group(1) : "";
            EnumSet<ResourceTrait> traits = EnumSet.noneOf(ResourceTrait.class);
            List<String> details = new ArrayList<>();
            details.add("read from an unrendered template: its name, namespace and fields are known once rendered "
                    + "(helm template ... and --manifests read them exactly)");
            if (KubernetesManifestReader.CLUSTER_SCOPED.contains(k)) {
                traits.add(ResourceTrait.CLUSTER_SCOPED);
            }
            KubernetesManifestReader.traitsOf(k, traits);
            if (traits.contains(ResourceTrait.RBAC) && ACCOUNT_LEVEL.matcher(doc).find()) {
                traits.addAll(Set.of(ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_WILDCARD_RESOURCE));
                details.add("names cluster-admin or \"*\"");
            }
            if (HOST.matcher(doc).find() || addsNodeCapability(doc)) {
                traits.add(ResourceTrait.PRIVILEGED_WORKLOAD);
                details.add("reaches the node (privileged, host namespaces, hostPath or a node capability)");
            }
            String name = "<template>" + (n == 1 ? "" : "#" + n);
            out.add(new ResourceChange(ResourceSource.KUBERNETES, k + "/" + name, k, apiVersion, name, null, action, traits, path, details));
        }
        return out;
    }

    private static boolean addsNodeCapability(String doc) {
        Matcher m = ADDED.matcher(doc);
        while (m.find()) {
            Matcher cap = CAPABILITY.matcher(m.group(1));
            while (cap.find()) {
                String c = cap.group().toUpperCase(java.util.Locale.ROOT);
                if (KubernetesManifestReader.NODE_CAPABILITIES.contains(c.startsWith("CAP_") ? c.substring(4) : c)) {
                    return true;
                }
            }
        }
        return false;
    }
}
