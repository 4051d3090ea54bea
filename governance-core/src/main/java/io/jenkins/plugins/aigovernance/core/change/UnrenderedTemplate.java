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
 * rules or role are otherwise unknown until rendered, so the text decides), and a pod spec line where
 * {@code privileged|hostPID|hostIPC|hostNetwork} (key quoted or not) is templated or a YAML 1.1 true spelling in any case
 * ({@code true|yes|on|y}), a {@code hostPath:} key, or an added capability beyond the Pod Security Standards' baseline
 * ({@link KubernetesManifestReader#BASELINE_CAPABILITIES}) or a templated one is a privileged workload (fail closed: what
 * the template renders is unknown). {@code kind: {{ "X" }}} (a quoted literal in a template action) is the kind X.
 * Only objects the YAML reading did not already find are added (counted by kind), so a plain document of the file is
 * not counted twice.
 */
final class UnrenderedTemplate {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---.*$");
    /** {@code kind: X}, {@code kind: "X"}, or a quoted literal in a template action: {@code kind: {{ "X" }}} (also {@code {{- 'X' -}}}). */
    private static final Pattern KIND = Pattern.compile("(?m)^[\"']?kind[\"']?:[ \\t]*(?:\\{\\{-?[ \\t]*[\"'`]([A-Za-z][A-Za-z0-9]*)[\"'`][ \\t]*-?}}"
            + "|[\"']?([A-Za-z][A-Za-z0-9]*)[\"']?)[ \\t]*(?:#.*)?$");
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion:[ \\t]*[\"']?([^\"'\\s#]+)");
    private static final Pattern ACCOUNT_LEVEL = Pattern.compile("cluster-admin|[\"']\\*[\"']");
    /**
     * A privileged switch (key quoted or not) whose value is templated ({@code {{}) or a YAML 1.1 true spelling in any case
     * ({@code true|yes|on|y}, quoted or not: fail closed, since what a template renders is not known), or a
     * {@code hostPath:} key.
     */
    private static final Pattern HOST = Pattern.compile("(?<![A-Za-z_])[\"']?(?:(?:privileged|hostPID|hostIPC|hostNetwork)[\"']?[ \\t]*:[ \\t]*"
            + "(?:[\"']?\\{\\{|[\"']?(?i:true|yes|on|y)[\"']?(?![A-Za-z0-9_-]))|hostPath[\"']?[ \\t]*:)");
    /** An {@code add:} key and what follows it on its line: a flow list, a template action, or nothing (a block list). */
    private static final Pattern ADDED = Pattern.compile("(?<![A-Za-z_])[\"']?add[\"']?:[ \\t]*([^\\r\\n]*)");
    /** A {@code capabilities:} key; its {@code add:} is read from the rest of its line and the lines indented below it. */
    private static final Pattern CAPABILITIES = Pattern.compile("(?<![A-Za-z_])[\"']?capabilities[\"']?:");
    /** A value a template fills in ({@code {{ toYaml .Values.caps }}}, {@code {{- include ... }}}), not control flow. */
    private static final Pattern FILLED_IN = Pattern.compile("(?m)^[ \\t]*\\{\\{(?!-?[ \\t]*(?:(?:if|else|end|with|range)\\b|/\\*))");
    private static final Pattern COMMENT = Pattern.compile("(?:^|[ \\t])#.*");
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
            String k = kind.group(1) != null ? kind.group(1) : kind.group(2);
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

    /**
     * Whether an {@code add:} list names a capability beyond baseline ({@link KubernetesManifestReader#beyondBaseline}), or
     * is (or holds) a value a template fills in. A block list is the {@code - } lines after the key indented at least as
     * far as the key; comments are not read.
     */
    private static boolean addsNodeCapability(String doc) {
        Matcher caps = CAPABILITIES.matcher(doc);
        while (caps.find()) {
            int lineStart = doc.lastIndexOf('\n', caps.start()) + 1;
            int column = caps.start() - lineStart;
            int end = doc.indexOf('\n', caps.end());
            end = end < 0 ? doc.length() : end;
            while (end < doc.length()) {
                int next = doc.indexOf('\n', end + 1);
                String line = doc.substring(end + 1, next < 0 ? doc.length() : next);
                if (!line.isBlank() && line.length() - line.stripLeading().length() <= column) {
                    break;
                }
                end = next < 0 ? doc.length() : next;
            }
            String block = doc.substring(caps.end(), end);
            if (FILLED_IN.matcher(block).find() || addsBeyondBaseline(doc.substring(lineStart, end))) {
                return true;
            }
        }
        return false;
    }

    /** {@link #addsNodeCapability} for the text of one {@code capabilities:} key, from the start of its line. */
    private static boolean addsBeyondBaseline(String doc) {
        Matcher m = ADDED.matcher(doc);
        while (m.find()) {
            String rest = COMMENT.matcher(m.group(1)).replaceAll("").strip();
            if (rest.startsWith("[")) {
                // a flow list ends at its ']': what follows (", drop: [ALL]}") is another key
                rest = rest.indexOf(']') < 0 ? rest : rest.substring(0, rest.indexOf(']') + 1);
            } else if (!rest.contains("{{")) {
                rest = rest.split("[,}]", 2)[0];
            }
            StringBuilder items = new StringBuilder(rest);
            if (rest.isBlank()) {
                int column = m.start() - (doc.lastIndexOf('\n', m.start()) + 1);
                String[] lines = doc.substring(m.end()).split("\\R", -1);
                for (int i = 1; i < lines.length; i++) {
                    String line = lines[i];
                    int indent = line.length() - line.stripLeading().length();
                    if (!line.stripLeading().startsWith("-") || indent < column) {
                        break;
                    }
                    items.append(' ').append(COMMENT.matcher(line.stripLeading().substring(1)).replaceAll(""));
                }
            }
            if (items.indexOf("{{") >= 0) {
                return true;
            }
            Matcher cap = CAPABILITY.matcher(items);
            while (cap.find()) {
                if (KubernetesManifestReader.beyondBaseline(cap.group())) {
                    return true;
                }
            }
        }
        return false;
    }
}
