package io.jenkins.plugins.aigovernance.core.change;

import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.CERTIFICATE;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.CLUSTER_SCOPED;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_ACCOUNT_LEVEL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_PUBLIC_PRINCIPAL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_WILDCARD_ACTION;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_WILDCARD_RESOURCE;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.NAMESPACE;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.NETWORK_POLICY;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.RBAC;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.SECRET;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.STATEFUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class KubernetesManifestReaderTest {

    private static final String STAGING = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: staging
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: everything
            rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: ["*"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: deployers
              namespace: staging
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: deployer
            subjects:
              - kind: ServiceAccount
                name: ci
                namespace: staging
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny
              namespace: staging
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            ---
            # a comment-only document separator is fine
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: staging
              labels: {app: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: web
                      image: registry.example.com/web:1.4.2
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: db-credentials
              namespace: staging
            type: Opaque
            stringData:
              password: not-a-real-one
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: ci
              namespace: staging
              annotations:
                eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/ci
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: staging}
            ---
            """;

    private static final String BILLION_LAUGHS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: lol, namespace: default}
            data:
              a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
              b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
              c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
              d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
              e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
              f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
              g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
              h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
              i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;

    @TempDir
    Path tmp;

    private final KubernetesManifestReader reader = new KubernetesManifestReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, ResourceChange> byAddress(List<ResourceChange> resources) {
        return resources.stream().collect(Collectors.toMap(ResourceChange::address, Function.identity()));
    }

    private Path file(String relative, String content) throws IOException {
        Path f = tmp.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    // ------------------------------------------------------------------ documents

    @Test
    void readsMultiDocumentYaml() {
        List<ResourceChange> resources = reader.readDocuments("deploy/staging/app.yaml", utf8(STAGING), ResourceAction.UPDATE);

        assertThat(resources).extracting(ResourceChange::address).containsExactly(
                "Namespace/staging",
                "ClusterRole/everything",
                "RoleBinding/staging/deployers",
                "NetworkPolicy/staging/default-deny",
                "Deployment/staging/web",
                "Secret/staging/db-credentials",
                "ServiceAccount/staging/ci",
                "StatefulSet/staging/db");
        assertThat(resources).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(ResourceSource.KUBERNETES);
            assertThat(r.action()).isEqualTo(ResourceAction.UPDATE);
            assertThat(r.file()).isEqualTo("deploy/staging/app.yaml");
        });
        Map<String, ResourceChange> r = byAddress(resources);
        ResourceChange ns = r.get("Namespace/staging");
        assertThat(ns.traits()).containsExactlyInAnyOrder(NAMESPACE, CLUSTER_SCOPED);
        assertThat(ns.namespace()).isNull();
        assertThat(ns.provider()).isEqualTo("v1");
        assertThat(ns.type()).isEqualTo("Namespace");
        assertThat(ns.name()).isEqualTo("staging");

        ResourceChange clusterRole = r.get("ClusterRole/everything");
        assertThat(clusterRole.traits()).containsExactlyInAnyOrder(RBAC, CLUSTER_SCOPED, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE,
                IAM_ACCOUNT_LEVEL);
        assertThat(clusterRole.details()).containsExactly("allows * on * in API groups * (cluster-admin equivalent)");

        ResourceChange binding = r.get("RoleBinding/staging/deployers");
        assertThat(binding.traits()).containsExactly(RBAC);
        assertThat(binding.details()).containsExactly("binds Role deployer in namespace staging to ServiceAccount ci");

        assertThat(r.get("NetworkPolicy/staging/default-deny").traits()).containsExactly(NETWORK_POLICY);
        ResourceChange deployment = r.get("Deployment/staging/web");
        assertThat(deployment.traits()).isEmpty();
        assertThat(deployment.namespace()).isEqualTo("staging");
        assertThat(deployment.provider()).isEqualTo("apps/v1");
        assertThat(r.get("Secret/staging/db-credentials").traits()).containsExactly(SECRET);
        assertThat(r.get("ServiceAccount/staging/ci").traits()).containsExactly(IAM);
        assertThat(r.get("ServiceAccount/staging/ci").details())
                .containsExactly("assumes cloud identity arn:aws:iam::123456789012:role/ci");
        assertThat(r.get("StatefulSet/staging/db").traits()).containsExactly(STATEFUL);
    }

    @Test
    void actionComesFromTheCaller() {
        assertThat(reader.readDocuments("a.yaml", utf8(STAGING), ResourceAction.CREATE)).allMatch(r -> r.action() == ResourceAction.CREATE);
        assertThat(reader.readDocuments("a.yaml", utf8(STAGING), ResourceAction.DELETE)).allMatch(r -> r.action() == ResourceAction.DELETE);
    }

    @Test
    void namespacedObjectWithoutNamespaceSaysSo() {
        List<ResourceChange> r = reader.readDocuments("svc.yaml", utf8("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                """), ResourceAction.UPDATE);

        assertThat(r).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo("Service/web");
            assertThat(s.namespace()).isNull();
            assertThat(s.details()).containsExactly("no namespace: applied to the namespace of the kubectl context (default unless set)");
        });
    }

    @Test
    void clusterScopedKindsIgnoreANamespace() {
        List<ResourceChange> r = reader.readDocuments("crd.yaml", utf8("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com, namespace: prod}
                ---
                apiVersion: cert-manager.io/v1
                kind: ClusterIssuer
                metadata: {name: letsencrypt}
                ---
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: web-tls, namespace: prod}
                """), ResourceAction.UPDATE);

        assertThat(r).extracting(ResourceChange::address)
                .containsExactly("CustomResourceDefinition/widgets.example.com", "ClusterIssuer/letsencrypt", "Certificate/prod/web-tls");
        assertThat(r.get(0).namespace()).isNull();
        assertThat(r.get(0).traits()).containsExactly(CLUSTER_SCOPED);
        assertThat(r.get(1).traits()).containsExactlyInAnyOrder(CERTIFICATE, CLUSTER_SCOPED);
        assertThat(r.get(2).traits()).containsExactly(CERTIFICATE);
    }

    @Test
    void bindingsToClusterAdminAndToEveryone() {
        List<ResourceChange> r = reader.readDocuments("rbac.yaml", utf8("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: ci-admin}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: ServiceAccount, name: ci, namespace: tools}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: anyone, namespace: prod}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: Group, name: "system:unauthenticated", apiGroup: rbac.authorization.k8s.io}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: pods, namespace: prod}
                rules:
                  - {apiGroups: [""], resources: [pods], verbs: ["*"]}
                  - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
                """), ResourceAction.UPDATE);
        Map<String, ResourceChange> m = byAddress(r);

        assertThat(m.get("ClusterRoleBinding/ci-admin").traits()).containsExactlyInAnyOrder(RBAC, CLUSTER_SCOPED, IAM_ACCOUNT_LEVEL);
        assertThat(m.get("ClusterRoleBinding/ci-admin").details())
                .containsExactly("binds ClusterRole cluster-admin cluster-wide to ServiceAccount ci");
        assertThat(m.get("RoleBinding/prod/anyone").traits())
                .containsExactlyInAnyOrder(RBAC, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, IAM_PUBLIC_PRINCIPAL);
        assertThat(m.get("Role/prod/pods").traits()).containsExactlyInAnyOrder(RBAC, IAM_WILDCARD_ACTION);
        assertThat(m.get("Role/prod/pods").details()).containsExactly("allows * on pods in API groups ");
    }

    @Test
    void listKindIsExpanded() {
        List<ResourceChange> r = reader.readDocuments("list.yaml", utf8("""
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: a, namespace: prod}
                  - apiVersion: v1
                    kind: Secret
                    metadata: {name: b, namespace: prod}
                """), ResourceAction.UPDATE);

        assertThat(r).extracting(ResourceChange::address).containsExactly("ConfigMap/prod/a", "Secret/prod/b");
    }

    @Test
    void aliasesAreResolvedAsKubectlWould() {
        // Jackson's YAML parser would read the second namespace as "staging" (the anchor's name)
        List<ResourceChange> r = reader.readDocuments("alias.yaml", utf8("""
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: &meta
                      name: a
                      namespace: &staging production
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      <<: *meta
                      name: b
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: c, namespace: *staging}
                """), ResourceAction.UPDATE);

        assertThat(r).extracting(ResourceChange::address)
                .containsExactly("ConfigMap/production/a", "ConfigMap/production/b", "ConfigMap/production/c");
    }

    @Test
    void jsonManifest() {
        List<ResourceChange> r = reader.readDocuments("k8s/ns.json", utf8("{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Namespace\",\n"
                + "\t\"metadata\": {\"name\": \"prod\"}\n}\n"), ResourceAction.CREATE);

        assertThat(r).singleElement().satisfies(n -> {
            assertThat(n.address()).isEqualTo("Namespace/prod");
            assertThat(n.traits()).contains(NAMESPACE);
        });
    }

    // ------------------------------------------------------------------ not Kubernetes

    @Test
    void contentThatIsNotKubernetesYieldsNothing() {
        assertThat(reader.readDocuments("docker-compose.yml", utf8("""
                services:
                  web:
                    image: nginx
                    ports: ["80:80"]
                """), ResourceAction.UPDATE)).isEmpty();
        assertThat(reader.readDocuments(".github/workflows/ci.yml", utf8("on: [push]\njobs: {build: {runs-on: ubuntu-latest}}\n"),
                ResourceAction.UPDATE)).isEmpty();
        assertThat(reader.readDocuments("cfn.yaml", utf8("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Ref N}\n"),
                ResourceAction.UPDATE)).isEmpty();
        assertThat(reader.readDocuments("empty.yaml", new byte[0], ResourceAction.UPDATE)).isEmpty();
        assertThat(reader.readDocuments("broken.yaml", utf8("a: [1, 2\nb: : :\n"), ResourceAction.UPDATE)).isEmpty();
    }

    @Test
    void helmTemplatesYieldTheKindsTheyNameForChangedFiles() {
        String unparseable = """
                {{- if .Values.enabled }}
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ include "app.fullname" . }}
                {{- end }}
                """;
        String parseable = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ .Values.name }}
                  namespace: {{ .Release.Namespace }}
                """;

        String quoted = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: "{{ .Release.Name }}-web"
                """;

        // red team: skipping them let a templated ClusterRoleBinding to cluster-admin score as application code
        assertThat(reader.readDocuments("charts/app/templates/service.yaml", utf8(unparseable), ResourceAction.UPDATE))
                .extracting(ResourceChange::address).containsExactly("Service/<template>");
        assertThat(reader.readDocuments("charts/app/templates/svc.yaml", utf8(parseable), ResourceAction.UPDATE))
                .extracting(ResourceChange::address).containsExactly("Service/<template>");
        assertThat(reader.readDocuments("charts/app/templates/deploy.yaml", utf8(quoted), ResourceAction.UPDATE))
                .singleElement().satisfies(r -> {
                    assertThat(r.type()).isEqualTo("Deployment");
                    assertThat(r.traits()).isEmpty();
                });
        String admin = """
                {{- if .Values.rbac }}
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: {{ .Release.Name }}-admin
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: ServiceAccount, name: default, namespace: {{ .Release.Namespace }}}]
                {{- end }}
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: "{{ .Release.Name }}"}
                spec:
                  template:
                    spec:
                      containers:
                        - name: agent
                          securityContext:
                            capabilities:
                              drop: [ALL]
                              add:
                                - SYS_ADMIN
                """;
        assertThat(reader.readDocuments("charts/app/templates/admin.yaml", utf8(admin), ResourceAction.CREATE))
                .extracting(ResourceChange::address, ResourceChange::traits)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ClusterRoleBinding/<template>", Set.of(ResourceTrait.CLUSTER_SCOPED,
                                ResourceTrait.RBAC, ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_WILDCARD_RESOURCE)),
                        org.assertj.core.groups.Tuple.tuple("DaemonSet/<template>#2", Set.of(ResourceTrait.PRIVILEGED_WORKLOAD)));
        String dropOnly = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"{{ .Release.Name }}\"}\nspec:\n  containers:\n"
                + "    - name: a\n      securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}\n";
        assertThat(reader.readDocuments("charts/app/templates/pod.yaml", utf8(dropOnly), ResourceAction.CREATE))
                .singleElement().satisfies(r -> assertThat(r.traits()).isEmpty());
    }

    /** A pod whose name is plain (YAML reads the document) and whose {@code securityContext} line is {@code line}. */
    private Set<ResourceTrait> templatedPod(String podLine, String containerLine) {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec:\n" + (podLine.isEmpty() ? "" : "  " + podLine + "\n")
                + "  containers:\n    - name: a\n      image: busybox\n" + (containerLine.isEmpty() ? "" : "      securityContext:\n        "
                + containerLine.replace("\n", "\n        ") + "\n");
        List<ResourceChange> parsed = reader.readDocuments("charts/app/templates/pod.yaml", utf8(pod), ResourceAction.CREATE);
        // the same lines in a document YAML cannot read ({{- if }}): read from the text
        List<ResourceChange> text = reader.readDocuments("charts/app/templates/pod2.yaml",
                utf8("{{- if .Values.debug }}\n" + pod + "{{- end }}\n"), ResourceAction.CREATE);
        assertThat(parsed).singleElement().extracting(ResourceChange::traits)
                .as("parsed and read from the text agree: %s %s", podLine, containerLine).isEqualTo(text.get(0).traits());
        return parsed.get(0).traits();
    }

    @Test
    void aTemplatedOrYaml11TruePrivilegedSwitchIsAPrivilegedWorkload() {
        // red team: each of these was MEDIUM and allowed to an agent; what a template renders is not known: fail closed
        for (String podLine : List.of("hostNetwork: {{ .Values.hostNetwork }}", "hostPID: \"{{ .Values.pid }}\"",
                "hostIPC: {{ true }}", "\"hostNetwork\": true", "hostNetwork: yes", "hostPID: On", "hostIPC: Y")) {
            assertThat(templatedPod(podLine, "")).as(podLine).contains(ResourceTrait.PRIVILEGED_WORKLOAD);
        }
        for (String line : List.of("privileged: {{ .Values.privileged }}", "privileged: {{ true }}", "\"privileged\": true",
                "privileged: yes", "'privileged': TRUE", "privileged: \"on\"", "capabilities: {add: [{{ .Values.cap }}]}",
                "capabilities:\n  add: {{ toYaml .Values.caps }}", "capabilities:\n  add:\n    - SYS_TIME",
                "capabilities: {{ toYaml .Values.caps }}")) {
            assertThat(templatedPod("", line)).as(line).contains(ResourceTrait.PRIVILEGED_WORKLOAD);
        }
        for (String off : List.of("privileged: false", "privileged: no", "allowPrivilegeEscalation: false",
                "capabilities:\n  drop: [ALL]\n  add:\n    - NET_BIND_SERVICE # bind port 80\n    - CHOWN",
                "capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}", "capabilities:\n  add: [KILL]\n  drop:\n  - ALL",
                "capabilities:\n  {{- /* the chart adds none */}}\n  {{- if .Values.drop }}\n  drop: [ALL]\n  {{- end }}")) {
            assertThat(templatedPod("hostNetwork: false", off)).as(off).doesNotContain(ResourceTrait.PRIVILEGED_WORKLOAD);
        }
    }

    @Test
    void aQuotedKindInATemplateActionAndADefaultClusterAdminRoleAreRead() {
        String binding = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: {{ "ClusterRoleBinding" }}
                metadata:
                  name: {{ .Release.Name }}-admin
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: {{ .Values.role | default "cluster-admin" }}
                subjects: [{kind: ServiceAccount, name: default, namespace: ci}]
                """;
        assertThat(reader.readDocuments("charts/app/templates/crb.yaml", utf8(binding), ResourceAction.CREATE))
                .singleElement().satisfies(r -> {
                    assertThat(r.type()).isEqualTo("ClusterRoleBinding");
                    assertThat(r.traits()).contains(ResourceTrait.CLUSTER_SCOPED, ResourceTrait.RBAC, ResourceTrait.IAM_ACCOUNT_LEVEL);
                });
        // a plain name: YAML reads the document, the templated roleRef decides
        String parsed = binding.replace("kind: {{ \"ClusterRoleBinding\" }}", "kind: ClusterRoleBinding")
                .replace("name: {{ .Release.Name }}-admin", "name: ci-admin");
        assertThat(reader.readDocuments("charts/app/templates/crb2.yaml", utf8(parsed), ResourceAction.CREATE))
                .singleElement().satisfies(r -> {
                    assertThat(r.address()).isEqualTo("ClusterRoleBinding/ci-admin");
                    assertThat(r.traits()).contains(ResourceTrait.IAM_ACCOUNT_LEVEL);
                });
        assertThat(reader.readDocuments("charts/app/templates/rb.yaml",
                utf8(parsed.replace(" | default \"cluster-admin\"", "")), ResourceAction.CREATE))
                .singleElement().satisfies(r -> assertThat(r.traits()).doesNotContain(ResourceTrait.IAM_ACCOUNT_LEVEL));
    }

    @Test
    void anAddKeyOutsideCapabilitiesIsNotACapability() {
        // a Gateway API HTTPRoute's header filter has an add: list too; only securityContext.capabilities.add adds capabilities
        String route = """
                {{- if .Values.route }}
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: {{ .Release.Name }}}
                spec:
                  rules:
                    - filters:
                        - type: RequestHeaderModifier
                          requestHeaderModifier:
                            add:
                              - name: X-Env
                                value: {{ .Values.env }}
                {{- end }}
                """;
        assertThat(reader.readDocuments("charts/app/templates/route.yaml", utf8(route), ResourceAction.CREATE))
                .singleElement().satisfies(r -> assertThat(r.traits()).doesNotContain(ResourceTrait.PRIVILEGED_WORKLOAD));
    }

    @Test
    void capabilitiesBeyondThePodSecurityStandardsBaselineAreAPrivilegedWorkload() {
        // https://kubernetes.io/docs/concepts/security/pod-security-standards/ (baseline, Capabilities): only these may be added
        for (String allowed : List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
                "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT", "cap_chown")) {
            assertThat(templatedPod("", "capabilities: {add: [" + allowed + "]}")).as(allowed).isEmpty();
        }
        for (String beyond : List.of("SYS_TIME", "MAC_ADMIN", "SYS_RESOURCE", "LINUX_IMMUTABLE", "SYS_NICE", "AUDIT_CONTROL", "SYSLOG",
                "NET_RAW", "SYS_ADMIN", "CAP_SYS_PTRACE", "all", "BLOCK_SUSPEND", "NOT_A_CAPABILITY")) {
            assertThat(templatedPod("", "capabilities: {add: [" + beyond + "]}")).as(beyond).contains(ResourceTrait.PRIVILEGED_WORKLOAD);
        }
    }

    @Test
    void aGitLfsPointerGivenAsManifestsIsAnErrorNamingTheFile() throws Exception {
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                + "size 12345\n";
        file("lfs/crb.yaml", pointer);
        file("lfsjson/crb.json", pointer);
        for (Path p : List.of(tmp.resolve("lfs"), tmp.resolve("lfs/crb.yaml"), tmp.resolve("lfsjson"), tmp.resolve("lfsjson/crb.json"))) {
            assertThatThrownBy(() -> reader.read(p)).as(p.toString())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(p.toString().endsWith("json") ? "crb.json" : "crb.yaml")
                    .hasMessageContaining("is a Git LFS pointer").hasMessageContaining("git lfs pull");
        }
    }

    @Test
    void templateMarkersInCommentsOrValuesDoNotHideAManifest() {
        String rule = """
                # {{ .Values.ignored }}
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: alerts, namespace: prod}
                spec:
                  groups:
                    - name: web
                      rules:
                        - alert: Down
                          annotations: {summary: "{{ $labels.instance }} is down"}
                """;

        assertThat(reader.readDocuments("k8s/alerts.yaml", utf8(rule), ResourceAction.UPDATE))
                .extracting(ResourceChange::address).containsExactly("PrometheusRule/prod/alerts");
    }

    @Test
    void templatedNameInADirectoryIsAnError() throws Exception {
        file("m/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \"{{ .Release.Name }}\"}\n");
        Path dir = tmp.resolve("m");

        assertThatThrownBy(() -> reader.readDirectory(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deploy.yaml: Deployment document 1: metadata.name or metadata.namespace is not a plain string");
    }

    @Test
    void templatedKindInADirectoryIsAnError() throws Exception {
        // before: skipped with a warning (no apiVersion and kind), so a templated ClusterRoleBinding was read as nothing
        file("t/crb.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: {{ \"ClusterRoleBinding\" }}\nmetadata: {name: admin}\n");

        assertThatThrownBy(() -> reader.readDirectory(tmp.resolve("t")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("crb.yaml: document 1: apiVersion or kind is not a plain string");
    }

    @Test
    void directoryGivenThroughASymlinkIsRead() throws Exception {
        file("real/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n");
        Path link = tmp.resolve("link");
        assumeThat(trySymlink(link, tmp.resolve("real"))).isTrue();

        ManifestReadResult result = reader.readDirectory(link);

        assertThat(result.resources()).extracting(ResourceChange::file).containsExactly(link + "/ns.yaml");
        assertThat(result.digest().sha256()).isEqualTo(reader.readDirectory(tmp.resolve("real")).digest().sha256());
    }

    @Test
    void brokenManifestIsAnErrorWithTheLine() {
        String broken = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                   namespace: prod
                """;

        assertThatThrownBy(() -> reader.readDocuments("k8s/cm.yaml", utf8(broken), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("k8s/cm.yaml: not valid YAML at line 5, column ")
                .extracting(e -> ((InvalidInputException) e).input()).isEqualTo("k8s/cm.yaml");
    }

    // ------------------------------------------------------------------ limits

    @Test
    @Timeout(5)
    void billionLaughsIsRefusedQuickly() {
        assertThatThrownBy(() -> reader.readDocuments("lol.yaml", utf8(BILLION_LAUGHS), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("lol.yaml: refused: Number of aliases for non-scalar nodes exceeds the specified max=20")
                .hasMessageContaining("at most 20 aliases to collections");
    }

    @Test
    @Timeout(5)
    void billionLaughsIsRefusedEvenWhenItIsNotKubernetes() {
        String bomb = BILLION_LAUGHS.substring(BILLION_LAUGHS.indexOf("data:"));

        assertThatThrownBy(() -> reader.readDocuments("values.yaml", utf8(bomb), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Number of aliases");
    }

    @Test
    void duplicateKeysAreRefused() {
        String dup = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                  namespace: staging
                  namespace: prod
                """;

        assertThatThrownBy(() -> reader.readDocuments("dup.yaml", utf8(dup), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("dup.yaml: refused: duplicate key at line 6, column 3: found duplicate key namespace");
        assertThatThrownBy(() -> reader.readDocuments("dup.json",
                utf8("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"kind\":\"Pod\"}"), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Duplicate field 'kind'");
    }

    @Test
    void aReaderReadsTheSameAfterEveryRefusalAndOnManyThreadsAtOnce() throws Exception {
        // One YAML loader a thread is kept across files: what a refused file left half-read never shows in the next one.
        String dup = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n";
        String broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   namespace: prod\n";
        String merges = "apiVersion: v1\nkind: ConfigMap\nbase: &b {a: 1}\ndata:\n  <<: *b\n  <<: *b\n";
        String deep = "apiVersion: v1\nkind: ConfigMap\ndata: " + "[".repeat(300) + "]".repeat(300) + "\n";
        List<ResourceChange> fresh = new KubernetesManifestReader().readDocuments("app.yaml", utf8(STAGING), ResourceAction.UPDATE);
        KubernetesManifestReader one = new KubernetesManifestReader();
        for (String bad : List.of(dup, broken, merges, deep, BILLION_LAUGHS)) {
            String expected = messageOf(() -> new KubernetesManifestReader().readDocuments("bad.yaml", utf8(bad), ResourceAction.UPDATE));
            assertThat(messageOf(() -> one.readDocuments("bad.yaml", utf8(bad), ResourceAction.UPDATE))).isEqualTo(expected);
            assertThat(one.readDocuments("app.yaml", utf8(STAGING), ResourceAction.UPDATE)).isEqualTo(fresh);
        }

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<ResourceChange>>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                reads.add(pool.submit(() -> one.readDocuments("app.yaml", utf8(STAGING), ResourceAction.UPDATE)));
            }
            for (var read : reads) {
                assertThat(read.get()).isEqualTo(fresh);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String messageOf(Runnable read) {
        try {
            read.run();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("read without an error");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "apiVersion: v1\nkind: ConfigMap\ndata: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        assertThatThrownBy(() -> reader.readDocuments("deep.yaml", utf8(deep), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Nesting Depth exceeded max 200");
    }

    @Test
    void documentAndSizeLimits() {
        InputLimits small = new InputLimits(1 << 20, 4096, 3, 3, 20, 50, 4096);
        KubernetesManifestReader r = new KubernetesManifestReader(small);
        String four = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n".repeat(4);

        assertThatThrownBy(() -> r.readDocuments("many.yaml", utf8(four), ResourceAction.UPDATE))
                .hasMessage("many.yaml: more than 3 documents (maxDocuments)");
        assertThatThrownBy(() -> r.readDocuments("big.yaml", new byte[4097], ResourceAction.UPDATE))
                .hasMessage("big.yaml: file is 4097 bytes, over the limit of 4096 bytes (maxManifestBytes)");
    }

    // ------------------------------------------------------------------ directories

    @Test
    void readsADirectoryInSortedOrder() throws Exception {
        file("manifests/b/deploy.yml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\n");
        file("manifests/a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n---\nfoo: bar\n");
        file("manifests/c.json", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"prod\"}}");
        file("manifests/README.md", "# not a manifest");
        Path dir = tmp.resolve("manifests");

        ManifestReadResult result = reader.readDirectory(dir);

        assertThat(result.resources()).extracting(ResourceChange::address)
                .containsExactly("Namespace/prod", "Deployment/prod/web", "Secret/prod/s");
        assertThat(result.resources()).extracting(ResourceChange::file)
                .containsExactly(dir + "/a.yaml", dir + "/b/deploy.yml", dir + "/c.json");
        assertThat(result.resources()).allMatch(r -> r.action() == ResourceAction.UPDATE);
        assertThat(result.fileCount()).isEqualTo(3);
        assertThat(result.documentCount()).isEqualTo(4);
        assertThat(result.warnings()).containsExactly("skipped document 2 of " + dir + "/a.yaml: no apiVersion and kind");
        assertThat(result.digest().kind()).isEqualTo("kubernetes-manifests");
        assertThat(result.digest().name()).isEqualTo(dir.toString());
        assertThat(result.digest().sha256()).hasSize(64);
    }

    @Test
    void directoryDigestMovesWithContentAndNames() throws Exception {
        Path a = file("m/a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n");
        Path dir = tmp.resolve("m");
        String first = reader.readDirectory(dir).digest().sha256();

        assertThat(reader.readDirectory(dir).digest().sha256()).isEqualTo(first);
        Files.writeString(a, "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod2}\n");
        String second = reader.readDirectory(dir).digest().sha256();
        assertThat(second).isNotEqualTo(first);
        Files.move(a, dir.resolve("b.yaml"));
        assertThat(reader.readDirectory(dir).digest().sha256()).isNotEqualTo(second);
    }

    @Test
    void symlinkedDirectoryOutsideIsNotFollowed() throws Exception {
        file("outside/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: leaked, namespace: prod}\n");
        file("m/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, namespace: prod}\n");
        Path dir = tmp.resolve("m");
        assumeThat(trySymlink(dir.resolve("elsewhere"), tmp.resolve("outside"))).isTrue();

        ManifestReadResult result = reader.readDirectory(dir);

        assertThat(result.resources()).extracting(ResourceChange::address).containsExactly("ConfigMap/prod/ok");
        assertThat(result.warnings()).containsExactly("skipped symbolic link elsewhere (links are not followed)");
    }

    @Test
    void symlinkedManifestFileIsRefused() throws Exception {
        file("outside/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: leaked, namespace: prod}\n");
        Path dir = Files.createDirectories(tmp.resolve("m"));
        assumeThat(trySymlink(dir.resolve("secret.yaml"), tmp.resolve("outside/secret.yaml"))).isTrue();

        assertThatThrownBy(() -> reader.readDirectory(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir + ": 'secret.yaml' is a symbolic link; links are not followed");
    }

    private static boolean trySymlink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void missingDirectoryOrAFile() throws Exception {
        Path missing = tmp.resolve("nope");
        Path plain = file("plain.yaml", "a: b\n");

        assertThatThrownBy(() -> reader.readDirectory(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": manifests directory not found");
        assertThatThrownBy(() -> reader.readDirectory(plain))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void parseErrorsInADirectoryNameTheFileAndLine() throws Exception {
        file("m/good.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n");
        file("m/values.yaml", "replicas: 3\nimage: [unclosed\n");
        Path dir = tmp.resolve("m");

        assertThatThrownBy(() -> reader.readDirectory(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir + "/values.yaml: not valid YAML at line 3, column 1")
                .extracting(e -> ((InvalidInputException) e).input()).isEqualTo(dir + "/values.yaml");
    }

    @Test
    void directoryLimits() throws Exception {
        InputLimits small = new InputLimits(1 << 20, 100, 2, 10, 20, 50, 4096);
        KubernetesManifestReader r = new KubernetesManifestReader(small);
        file("many/a.yaml", "a: 1\n");
        file("many/b.yaml", "a: 1\n");
        file("many/c.yaml", "a: 1\n");
        file("big/a.yaml", "a: '" + "x".repeat(200) + "'\n");

        assertThatThrownBy(() -> r.readDirectory(tmp.resolve("many")))
                .hasMessage(tmp.resolve("many") + ": more than 2 manifest files (maxManifestFiles)");
        assertThatThrownBy(() -> r.readDirectory(tmp.resolve("big")))
                .hasMessage(tmp.resolve("big") + "/a.yaml: file is 206 bytes, over the limit of 100 bytes (maxManifestBytes)");
    }
}
