package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.core.testing.TerraformGraphFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge kinds of the resource graph through {@code aigov risk}: each Kubernetes reference kind in a real repository
 * (one changed file per commit), manifests outside the repository, IAM policy attachments, declared services combined
 * with the graph, and the note for ARNs of resources in no state.
 */
class DependentsKindsCommandTest {

    @TempDir
    Path dir;

    private GitFixture git;

    @BeforeEach
    void repository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("k8s/00-namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        git.write("k8s/crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: carts.acme.io}\n"
                + "spec:\n  group: acme.io\n  names: {kind: Cart, plural: carts}\n  scope: Namespaced\n");
        git.write("k8s/cart.yaml", "apiVersion: acme.io/v1\nkind: Cart\nmetadata: {name: main, namespace: shop}\nspec: {}\n");
        git.write("k8s/web.yaml", workload("web", "frontend"));
        git.write("k8s/api.yaml", workload("api", "backend"));
        git.write("k8s/batch.yaml", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: shop}\nspec:\n  schedule: '@daily'\n"
                + "  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: nightly, tier: batch}}\n        spec:\n"
                + "          imagePullSecrets: [{name: registry}]\n          containers: [{name: job, image: acme/nightly:1}]\n");
        git.write("k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n"
                + "  ports: [{port: 80}]\n");
        git.write("k8s/ingress.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules:\n"
                + "    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n");
        git.write("k8s/policy.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: no-batch, namespace: shop}\n"
                + "spec:\n  podSelector:\n    matchExpressions: [{key: tier, operator: NotIn, values: [batch]}]\n  policyTypes: [Ingress]\n");
        git.write("k8s/pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: shop}\n"
                + "spec:\n  minAvailable: 1\n  selector: {matchLabels: {app: api}}\n");
        git.write("k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: registry, namespace: shop}\ntype: kubernetes.io/dockerconfigjson\n");
        git.write("k8s/webhook.yaml", webhook("v1"));
        git.commit("shop");
    }

    private static String workload(String name, String tier) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: shop}\nspec:\n  selector: {matchLabels: {app: " + name
                + "}}\n  template:\n    metadata: {labels: {app: " + name + ", tier: " + tier + "}}\n    spec:\n      serviceAccountName: " + name
                + "\n      containers: [{name: app, image: acme/" + name + ":1}]\n";
    }

    private static String webhook(String version) {
        return "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: sidecar-" + version + "}\n"
                + "webhooks:\n  - name: inject.acme.io\n    clientConfig: {service: {name: injector, namespace: mesh}}\n"
                + "    rules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]\n"
                + "    admissionReviewVersions: [v1]\n    sideEffects: None\n";
    }

    private Map<String, String> dependents(String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("risk", "--repo", git.directory().toString(), "--json"));
        args.addAll(java.util.List.of(extra));
        RiskCommandTest.Result r = RiskCommandTest.run(args.toArray(String[]::new));
        assertThat(r.err()).isEmpty();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        Map<String, String> out = new LinkedHashMap<>();
        doc.path("dependents").path("graph").path("listed").forEach(d -> out.put(d.path("address").asText(), d.path("edge").asText()));
        return out;
    }

    private Map<String, String> afterChanging(String path, String content) throws Exception {
        git.write(path, content).commit("change " + path);
        return dependents("--manifests", git.directory().resolve("k8s").toString());
    }

    @Test
    void serviceIsTheBackendOfTheIngressAndSelectsItsPods() throws Exception {
        assertThat(afterChanging("k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n"
                + "  selector: {app: web}\n  ports: [{port: 8080}]\n"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Ingress/shop/web", "backend-of", "Deployment/shop/web", "selects"));
    }

    private static String deployment(String namespace, String name) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: " + namespace + "}\nspec:\n"
                + "  selector: {matchLabels: {app: " + name + "}}\n  template:\n    metadata: {labels: {app: " + name + "}}\n"
                + "    spec:\n      containers: [{name: app, image: acme/" + name + ":1}]\n";
    }

    @Test
    void networkPolicyPeersInIngressFromAndEgressToDependOnThePolicy() throws Exception {
        git.write("k8s/payments.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments, labels: {team: payments}}\n");
        git.write("k8s/ledger.yaml", deployment("payments", "ledger"));
        git.write("k8s/refunds.yaml", deployment("payments", "refunds"));
        git.write("k8s/monitor.yaml", deployment("ops", "monitor"));
        git.write("k8s/elsewhere.yaml", deployment("staging", "ledger"));
        String policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-peers, namespace: shop}\nspec:\n"
                + "  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n"
                + "        - podSelector: {matchLabels: {tier: frontend}}\n"
                + "        - namespaceSelector: {matchLabels: {team: payments}}\n          podSelector: {matchLabels: {app: ledger}}\n"
                + "        - ipBlock: {cidr: 10.0.0.0/8}\n  egress:\n    - to:\n"
                + "        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}\n      ports: [{port: %d}]\n";
        git.write("k8s/peers.yaml", policy.formatted(443)).commit("peers");
        assertThat(afterChanging("k8s/peers.yaml", policy.formatted(8443)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Deployment/shop/api", "selects", "Deployment/shop/web", "peer-of",
                        "Deployment/payments/ledger", "peer-of", "Deployment/ops/monitor", "peer-of"));
    }

    @Test
    void networkPolicyAndDisruptionBudgetSelectByExpressionsAndLabels() throws Exception {
        assertThat(afterChanging("k8s/policy.yaml", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: no-batch, namespace: shop}\n"
                + "spec:\n  podSelector:\n    matchExpressions: [{key: tier, operator: NotIn, values: [batch]}]\n  policyTypes: [Ingress, Egress]\n"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Deployment/shop/web", "selects", "Deployment/shop/api", "selects"));
        assertThat(afterChanging("k8s/pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: shop}\n"
                + "spec:\n  minAvailable: 2\n  selector: {matchLabels: {app: api}}\n"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Deployment/shop/api", "selects"));
    }

    @Test
    void crdDefinesItsCustomResourcesAndSecretsReachTheirReaders() throws Exception {
        assertThat(afterChanging("k8s/crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: carts.acme.io}\n"
                + "spec:\n  group: acme.io\n  names: {kind: Cart, plural: carts}\n  scope: Cluster\n"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Cart/shop/main", "defines"));
        assertThat(afterChanging("k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: registry, namespace: shop}\n"
                + "type: kubernetes.io/dockerconfigjson\ndata: {}\n"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("CronJob/shop/nightly", "secret-of"));
    }

    @Test
    void webhookAdmitsTheWorkloadsAndTheNamespaceContainsEverything() throws Exception {
        assertThat(afterChanging("k8s/webhook.yaml", webhook("v1").replace("CREATE", "CREATE, UPDATE")))
                .containsOnlyKeys("Deployment/shop/web", "Deployment/shop/api", "CronJob/shop/nightly")
                .containsValue("admits");
        Map<String, String> all = afterChanging("k8s/00-namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}\n");
        assertThat(all).containsEntry("Cart/shop/main", "contains").containsEntry("Secret/shop/registry", "contains")
                .containsEntry("Ingress/shop/web", "contains").doesNotContainKey("Namespace/shop").hasSize(9);
    }

    @Test
    void manifestsOutsideTheRepositoryAreAllAppliedAndReachEachOther() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("rendered"));
        Files.writeString(outside.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: flags, namespace: shop}\ndata: {a: b}\n");
        for (String name : new String[] {"a", "b"}) {
            Files.writeString(outside.resolve(name + ".yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name
                    + ", namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: x, envFrom: [{configMapRef: {name: flags}}]}]\n");
        }
        git.write("README.md", "x\n").commit("docs");
        assertThat(dependents("--manifests", outside.toString()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Deployment/shop/a", "config-of", "Deployment/shop/b", "config-of"));
    }

    @Test
    void policyAttachmentsReachThePrincipalsAndDeclaredServicesAddUnits() throws Exception {
        String policy = "arn:aws:iam::123456789012:policy/shared";
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_iam_policy.shared", "aws_iam_policy", "{\"arn\":\"" + policy + "\",\"id\":\"" + policy + "\"}")
                .change("aws_iam_policy.shared", "[\"update\"]");
        for (String m : new String[] {"a", "b"}) {
            plan.resource("module." + m + ".aws_iam_role.svc", "aws_iam_role", "{\"id\":\"svc-" + m + "\",\"arn\":\"arn:aws:iam::123456789012:role/svc-" + m
                    + "\",\"permissions_boundary\":\"arn:aws:iam::999999999999:policy/elsewhere\"}");
            plan.resource("module." + m + ".aws_iam_role_policy_attachment.svc", "aws_iam_role_policy_attachment",
                    "{\"id\":\"svc-" + m + "-att\",\"role\":\"svc-" + m + "\",\"policy_arn\":\"" + policy + "\"}");
        }
        Path file = plan.writePlan(dir.resolve("plan.json"));
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\nmetadata: {name: t, version: '1'}\nrisk:\n  services:\n"
                + "    - {name: iam, paths: ['iam/**']}\n    - {name: payments, paths: ['payments/**'], dependsOn: [iam]}\n").commit("policy");
        git.write("iam/shared.tf", "# shared\n").commit("iam");
        RiskCommandTest.Result r = RiskCommandTest.run("risk", "--repo", git.directory().toString(), "--plan", file.toString(), "--json");
        assertThat(r.err()).isEmpty();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode graph = doc.path("dependents").path("graph");
        Map<String, String> listed = new LinkedHashMap<>();
        graph.path("listed").forEach(d -> listed.put(d.path("address").asText(), d.path("edge").asText()));
        assertThat(listed).containsEntry("module.a.aws_iam_role.svc", "attached-to").containsEntry("module.b.aws_iam_role.svc", "attached-to")
                .containsEntry("module.a.aws_iam_role_policy_attachment.svc", "attached-to");
        assertThat(graph.path("units").asInt()).isEqualTo(2);
        assertThat(doc.path("dependents").path("dependents").toString()).contains("payments");
        assertThat(doc.path("dependents").path("units").asInt()).isEqualTo(3);
        assertThat(graph.path("changed").get(0).path("shared").asBoolean()).isTrue();
        assertThat(graph.path("notes").toString()).contains("arn:aws:iam::999999999999:policy/elsewhere").contains("--state");
        assertThat(doc.path("tier").asText()).isIn("HIGH", "CRITICAL");
    }
}
