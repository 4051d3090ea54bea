package io.jenkins.plugins.aigovernance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.core.testing.TerraformGraphFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aigov risk} finds the dependents of a change in the resource graph of the plan, extra states and manifests:
 * real repositories, plans and manifests generated here, scored through the CLI.
 */
class DependentsCommandTest {

    private static final PersonIdent CLAUDE = GitFixture.person("Claude", "noreply@anthropic.com");
    private static final String BOUNDARY_ARN = "arn:aws:iam::123456789012:policy/org-boundary";

    @TempDir
    Path dir;

    private GitFixture git;

    @BeforeEach
    void repository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# infra\n").write("iam/boundary.tf", "resource \"aws_iam_policy\" \"boundary\" {}\n");
        git.commit("initial");
    }

    private static JsonNode json(RiskCommandTest.Result r) throws Exception {
        assertThat(r.err()).isEmpty();
        return new ObjectMapper().readTree(r.out());
    }

    private static List<String> listed(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("dependents").path("graph").path("listed").forEach(d -> out.add(d.path("address").asText()));
        return out;
    }

    private static List<String> rules(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("reasons").forEach(r -> out.add(r.path("rule").asText()));
        return out;
    }

    private RiskCommandTest.Result risk(String... extra) {
        List<String> args = new ArrayList<>(List.of("risk", "--repo", git.directory().toString()));
        args.addAll(List.of(extra));
        return RiskCommandTest.run(args.toArray(String[]::new));
    }

    /** The shared boundary in the root module, and one role per module using it (state values and configuration). */
    private static TerraformGraphFixture boundaryPlan(int modules, boolean rolesInPlan) {
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_iam_policy.boundary", "aws_iam_policy", "{\"arn\":\"" + BOUNDARY_ARN + "\",\"id\":\"" + BOUNDARY_ARN
                        + "\",\"name\":\"org-boundary\",\"policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}")
                .change("aws_iam_policy.boundary", "[\"update\"]")
                .resource("aws_s3_bucket.logs", "aws_s3_bucket", "{\"arn\":\"arn:aws:s3:::acme-logs\",\"id\":\"acme-logs\","
                        + "\"tags\":{\"boundary\":\"" + BOUNDARY_ARN + "\"}}");
        if (rolesInPlan) {
            roles(plan, modules);
        }
        return plan;
    }

    private static void roles(TerraformGraphFixture f, int modules) {
        for (int i = 1; i <= modules; i++) {
            String m = "svc_%02d".formatted(i);
            f.resource("module." + m + ".aws_iam_role.this", "aws_iam_role", "{\"arn\":\"arn:aws:iam::123456789012:role/" + m
                    + "\",\"id\":\"" + m + "\",\"name\":\"" + m + "\",\"permissions_boundary\":\"" + BOUNDARY_ARN + "\"}");
            f.moduleInput(m, "boundary_arn", "aws_iam_policy.boundary.arn", "aws_iam_policy.boundary");
            f.configResource(m, "aws_iam_role.this", "permissions_boundary", "var.boundary_arn");
        }
    }

    private void agentEditsBoundary() {
        git.write("iam/boundary.tf", "resource \"aws_iam_policy\" \"boundary\" { # optimised\n}\n");
        git.commit("Optimise the permission boundary", CLAUDE);
    }

    @Test
    void sharedBoundaryOfDozensOfRolesChangedByAnAgentIsCriticalWithEveryDependentListed() throws Exception {
        Path plan = boundaryPlan(47, true).writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();

        JsonNode doc = json(risk("--plan", plan.toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(doc.path("provenance").path("source").asText()).isEqualTo("ai-agent");
        assertThat(rules(doc)).contains("dependents", "shared-resource");
        JsonNode graph = doc.path("dependents").path("graph");
        assertThat(graph.path("resources").asInt()).isEqualTo(47);
        assertThat(graph.path("units").asInt()).isEqualTo(47);
        assertThat(graph.path("capped").asBoolean()).isFalse();
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= 47; i++) {
            expected.add("module.svc_%02d.aws_iam_role.this".formatted(i));
        }
        assertThat(listed(doc)).containsExactlyInAnyOrderElementsOf(expected);
        graph.path("listed").forEach(d -> {
            assertThat(d.path("edge").asText()).isEqualTo("permission-boundary-of");
            assertThat(d.path("from").asText()).isEqualTo("aws_iam_policy.boundary");
        });
        JsonNode changed = graph.path("changed").get(0);
        assertThat(changed.path("address").asText()).isEqualTo("aws_iam_policy.boundary");
        assertThat(changed.path("shared").asBoolean()).isTrue();
        assertThat(doc.path("blastRadiusFactors").path("dependents").asDouble()).isGreaterThan(0.95);

        RiskCommandTest.Result text = risk("--plan", plan.toString());
        assertThat(text.out()).contains("tier          CRITICAL")
                .contains("`aws_iam_policy.boundary` is the permission boundary of 47 aws_iam_role in 47 modules")
                .contains("reaches       47 resources in 47 units")
                .contains("top units     module.svc_01 (1)");
    }

    @Test
    void configurationAloneLinksTheModulesWhenThePlanHasNoPriorState() throws Exception {
        Path plan = boundaryPlan(12, true).withoutPriorState().writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", plan.toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(listed(doc)).hasSize(12);
        assertThat(doc.path("dependents").path("graph").path("notes").toString()).contains("no prior_state");
    }

    @Test
    void boundaryUsersOnlyInASecondStateFileAreFoundWithState() throws Exception {
        Path plan = boundaryPlan(0, false).writePlan(dir.resolve("plan.json"));
        TerraformGraphFixture apps = new TerraformGraphFixture();
        roles(apps, 30);
        Path state = apps.writeState(dir.resolve("states/apps.json"));
        agentEditsBoundary();

        JsonNode alone = json(risk("--plan", plan.toString(), "--json"));
        assertThat(listed(alone)).isEmpty();
        assertThat(rules(alone)).doesNotContain("dependents");

        JsonNode doc = json(risk("--plan", plan.toString(), "--state", state.toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(listed(doc)).hasSize(30).contains("module.svc_30.aws_iam_role.this");
        assertThat(doc.path("dependents").path("graph").path("listed").get(0).path("source").asText()).isEqualTo(state.toString());
        assertThat(doc.path("dependents").path("graph").path("unitList").get(0).path("unit").asText()).startsWith(state + " module.svc_");
        assertThat(doc.path("fingerprint").asText()).isNotEqualTo(alone.path("fingerprint").asText());

        Files.writeString(dir.resolve("states/broken.json"), "{\"format_version\":\"1.0\",\"values\":");
        RiskCommandTest.Result broken = risk("--plan", plan.toString(), "--state", dir.resolve("states/broken.json").toString());
        assertThat(broken.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(broken.err()).contains("broken.json");
        RiskCommandTest.Result missing = risk("--plan", plan.toString(), "--state", dir.resolve("states/none.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("none.json").contains("state file not found");
        Files.writeString(dir.resolve("states/dup.json"), "{\"format_version\":\"1.0\",\"format_version\":\"1.0\",\"values\":{}}");
        assertThat(risk("--plan", plan.toString(), "--state", dir.resolve("states/dup.json").toString()).err()).contains("dup.json");
        Files.writeString(dir.resolve("states/trailing.json"), apps.stateJson() + "{}");
        RiskCommandTest.Result trailing = risk("--plan", plan.toString(), "--state", dir.resolve("states/trailing.json").toString());
        assertThat(trailing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(trailing.err()).contains("trailing.json").contains("unexpected content after the JSON object");
        Files.writeString(dir.resolve("states/not-terraform.json"), "{\"kind\":\"List\"}");
        assertThat(risk("--plan", plan.toString(), "--state", dir.resolve("states/not-terraform.json").toString()).err())
                .contains("not-terraform.json").contains("not Terraform JSON");
    }

    @Test
    void sharedSecurityGroupOpenedToTheWorld() throws Exception {
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_security_group.shared", "aws_security_group", "{\"arn\":\"arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1b2c3d\","
                        + "\"id\":\"sg-0a1b2c3d\",\"ingress\":[{\"cidr_blocks\":[\"0.0.0.0/0\"],\"from_port\":0,\"to_port\":65535}]}")
                .change("aws_security_group.shared", "[\"update\"]");
        for (int i = 1; i <= 4; i++) {
            plan.resource("module.app" + i + ".aws_instance.web", "aws_instance", "{\"id\":\"i-00" + i + "\",\"arn\":\"arn:aws:ec2:eu-west-1:123456789012:instance/i-00" + i
                    + "\",\"vpc_security_group_ids\":[\"sg-0a1b2c3d\"]}");
        }
        plan.resource("aws_instance.other", "aws_instance", "{\"id\":\"i-999\",\"vpc_security_group_ids\":[\"sg-ffff0000\"]}");
        Path file = plan.writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", file.toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("HIGH");
        assertThat(rules(doc)).contains("shared-resource", "dependents");
        assertThat(listed(doc)).containsExactlyInAnyOrder("module.app1.aws_instance.web", "module.app2.aws_instance.web",
                "module.app3.aws_instance.web", "module.app4.aws_instance.web");
        assertThat(doc.path("dependents").path("graph").path("changed").get(0).path("summary").asText())
                .isEqualTo("`aws_security_group.shared` is the security group of 4 aws_instance in 4 modules; 4 resources in 4 other units in all");
    }

    @Test
    void sharedKmsKeyPolicyReachesTheBucketsItEncrypts() throws Exception {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_kms_key.shared", "aws_kms_key", "{\"arn\":\"" + key + "\",\"id\":\"1234abcd-12ab-34cd-56ef-1234567890ab\","
                        + "\"policy\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"AWS\\\":\\\"*\\\"},\\\"Action\\\":\\\"kms:*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}")
                .change("aws_kms_key.shared", "[\"update\"]");
        for (int i = 1; i <= 11; i++) {
            plan.resource("module.data" + i + ".aws_s3_bucket_server_side_encryption_configuration.this",
                    "aws_s3_bucket_server_side_encryption_configuration", "{\"id\":\"bucket-" + i + "\",\"rule\":[{\"apply_server_side_encryption_by_default\":"
                            + "[{\"kms_master_key_id\":\"" + key + "\",\"sse_algorithm\":\"aws:kms\"}]}]}");
        }
        Path file = plan.writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", file.toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(listed(doc)).hasSize(11);
        doc.path("dependents").path("graph").path("listed").forEach(d -> assertThat(d.path("edge").asText()).isEqualTo("encrypts"));
        assertThat(rules(doc)).contains("shared-resource");
    }

    @Test
    void noFalseDependentsWhenNothingReferencesTheChange() throws Exception {
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_s3_bucket.assets", "aws_s3_bucket", "{\"arn\":\"arn:aws:s3:::acme-assets\",\"id\":\"acme-assets\"}")
                .change("aws_s3_bucket.assets", "[\"update\"]")
                .resource("module.web.aws_cloudfront_distribution.cdn", "aws_cloudfront_distribution",
                        "{\"id\":\"E2QWRUHAPOMQZL\",\"tags\":{\"origin\":\"arn:aws:s3:::acme-assets\"},\"description\":\"serves acme-assets\","
                                + "\"comment\":\"acme-assets\"}")
                .resource("module.web.aws_iam_role.web", "aws_iam_role", "{\"id\":\"web\",\"arn\":\"arn:aws:iam::123456789012:role/web\"}");
        Path file = plan.writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", file.toString(), "--json"));
        assertThat(listed(doc)).isEmpty();
        assertThat(rules(doc)).doesNotContain("dependents", "shared-resource");
        assertThat(doc.path("dependents").path("units").asInt()).isZero();
    }

    @Test
    void referenceCyclesEndAndTheChangedResourceIsNotItsOwnDependent() throws Exception {
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_security_group.a", "aws_security_group", "{\"id\":\"sg-aaaa1111\",\"ingress\":[{\"security_groups\":[\"sg-bbbb2222\"]}]}")
                .resource("module.b.aws_security_group.b", "aws_security_group", "{\"id\":\"sg-bbbb2222\",\"ingress\":[{\"security_groups\":[\"sg-aaaa1111\"]}]}")
                .change("aws_security_group.a", "[\"update\"]")
                .configResource(null, "aws_security_group.a", "ingress", "module.b.sg_id", "module.b")
                .moduleInput("b", "peer", "aws_security_group.a.id", "aws_security_group.a")
                .configResource("b", "aws_security_group.b", "ingress", "var.peer");
        Path file = plan.writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", file.toString(), "--json"));
        assertThat(listed(doc)).containsExactly("module.b.aws_security_group.b");
    }

    private static String deployment(String name, String how) {
        String read = switch (how) {
            case "envFrom" -> "          envFrom:\n            - configMapRef:\n                name: shared-config\n";
            case "env" -> "          env:\n            - name: MODE\n              valueFrom:\n                configMapKeyRef:\n                  name: shared-config\n                  key: mode\n";
            default -> "";
        };
        String volume = how.equals("volume") ? "      volumes:\n        - name: cfg\n          projected:\n            sources:\n              - configMap:\n                  name: shared-config\n" : "";
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: shop
                  labels: {app: %s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                %s      containers:
                        - name: app
                          image: shop/%s:1
                %s""".formatted(name, name, name, name, volume, name, read);
    }

    @Test
    void configMapReadByManyDeploymentsReachesThemAll() throws Exception {
        String[] ways = {"envFrom", "env", "volume"};
        git.write("k8s/shared-config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared-config, namespace: shop}\ndata: {mode: a}\n");
        for (int i = 1; i <= 12; i++) {
            git.write("k8s/app" + i + ".yaml", deployment("app" + i, ways[i % 3]));
        }
        git.write("k8s/unrelated.yaml", deployment("unrelated", "none"));
        git.commit("manifests");
        git.write("k8s/shared-config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared-config, namespace: shop}\ndata: {mode: b}\n");
        git.commit("Switch mode", CLAUDE);
        JsonNode doc = json(risk("--manifests", git.directory().resolve("k8s").toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.add("Deployment/shop/app" + i);
        }
        assertThat(listed(doc)).containsExactlyInAnyOrderElementsOf(expected);
        doc.path("dependents").path("graph").path("listed").forEach(d -> assertThat(d.path("edge").asText()).isEqualTo("config-of"));
        assertThat(doc.path("dependents").path("graph").path("changed").get(0).path("summary").asText())
                .startsWith("`ConfigMap/shop/shared-config` is read by 12 Deployment in 12 apps");
    }

    @Test
    void clusterRoleBoundToManySubjects() throws Exception {
        StringBuilder subjects = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            subjects.append("  - {kind: ServiceAccount, name: runner, namespace: team").append(i).append("}\n");
        }
        git.write("rbac/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deployer}\n"
                + "rules:\n  - {apiGroups: [apps], resources: [deployments], verbs: [get]}\n");
        git.write("rbac/binding.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: deployer}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}\nsubjects:\n" + subjects
                + "  - {kind: Group, name: platform-admins, apiGroup: rbac.authorization.k8s.io}\n");
        git.write("rbac/other.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: viewer}\nrules: []\n");
        git.commit("rbac");
        git.write("rbac/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deployer}\n"
                + "rules:\n  - {apiGroups: [apps], resources: [deployments], verbs: [get, list, patch]}\n");
        git.commit("Let the deployer patch", CLAUDE);
        JsonNode doc = json(risk("--manifests", git.directory().resolve("rbac").toString(), "--json"));
        assertThat(doc.path("tier").asText()).isEqualTo("CRITICAL");
        assertThat(rules(doc)).contains("shared-resource", "dependents");
        List<String> expected = new ArrayList<>(List.of("ClusterRoleBinding/deployer", "Group/platform-admins"));
        for (int i = 1; i <= 11; i++) {
            expected.add("ServiceAccount/team" + i + "/runner");
        }
        assertThat(listed(doc)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** A security group two instances in two modules use: shared at the default threshold, not when the policy asks for three. */
    private Path securityGroupOfTwo() {
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("aws_security_group.shared", "aws_security_group", "{\"id\":\"sg-0a1b2c3d\"}")
                .change("aws_security_group.shared", "[\"update\"]");
        for (int i = 1; i <= 2; i++) {
            plan.resource("module.app" + i + ".aws_instance.web", "aws_instance", "{\"id\":\"i-00" + i + "\",\"vpc_security_group_ids\":[\"sg-0a1b2c3d\"]}");
        }
        return plan.writePlan(dir.resolve("plan.json"));
    }

    @Test
    void theSharedThresholdIsAPolicySetting() throws Exception {
        Path plan = securityGroupOfTwo();
        agentEditsBoundary();
        JsonNode byDefault = json(risk("--plan", plan.toString(), "--json"));
        assertThat(rules(byDefault)).contains("shared-resource");
        assertThat(byDefault.path("dependents").path("graph").path("changed").get(0).path("shared").asBoolean()).isTrue();

        Path three = dir.resolve("three.yml");
        Files.writeString(three, "apiVersion: ai-governance/v1\nrisk:\n  sharedUsers: 3\n");
        JsonNode relaxed = json(risk("--plan", plan.toString(), "--policy", three.toString(), "--json"));
        assertThat(rules(relaxed)).doesNotContain("shared-resource");
        assertThat(relaxed.path("dependents").path("graph").path("changed").get(0).path("shared").asBoolean()).isFalse();
        assertThat(listed(relaxed)).hasSize(2);

        Path one = dir.resolve("one.yml");
        Files.writeString(one, "apiVersion: ai-governance/v1\nrisk:\n  sharedUsers: 1\n");
        JsonNode strict = json(risk("--plan", plan.toString(), "--policy", one.toString(), "--json"));
        assertThat(rules(strict)).contains("shared-resource");
        assertThat(strict.path("tier").asText()).isIn("HIGH", "CRITICAL");

        Path zero = dir.resolve("zero.yml");
        Files.writeString(zero, "apiVersion: ai-governance/v1\nrisk:\n  sharedUsers: 0\n");
        RiskCommandTest.Result bad = risk("--plan", plan.toString(), "--policy", zero.toString());
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("zero.yml").contains("sharedUsers").contains("at least 1");
    }

    @Test
    void sharedUsersFromTheRepositoryPolicyAtTheBaseRevision() throws Exception {
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\nrisk:\n  sharedUsers: 3\n");
        git.commit("policy");
        Path plan = securityGroupOfTwo();
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", plan.toString(), "--base", "HEAD~1", "--head", "HEAD", "--json"));
        assertThat(rules(doc)).doesNotContain("shared-resource");
        assertThat(listed(doc)).hasSize(2);
    }

    @Test
    void referencesToResourcesInNoStateAreNotedAndNeverLowerTheTier() throws Exception {
        TerraformGraphFixture plan = new TerraformGraphFixture()
                .resource("module.app.aws_iam_role.app", "aws_iam_role", "{\"arn\":\"arn:aws:iam::123456789012:role/app\",\"id\":\"app\","
                        + "\"permissions_boundary\":\"arn:aws:iam::123456789012:policy/boundary-elsewhere\"}")
                .change("module.app.aws_iam_role.app", "[\"update\"]")
                .configResource("app", "aws_iam_role.app", "permissions_boundary", "aws_iam_policy.not_in_any_state");
        Path file = plan.writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode withoutGraph = json(risk("--json"));
        JsonNode doc = json(risk("--plan", file.toString(), "--json"));
        String notes = doc.path("dependents").path("graph").path("notes").toString();
        assertThat(notes).contains("arn:aws:iam::123456789012:policy/boundary-elsewhere").contains("--state")
                .contains("module.app.aws_iam_policy.not_in_any_state");
        assertThat(listed(doc)).isEmpty();
        RiskTier tier = RiskTier.valueOf(doc.path("tier").asText());
        assertThat(tier).isGreaterThanOrEqualTo(RiskTier.valueOf(withoutGraph.path("tier").asText())).isGreaterThanOrEqualTo(RiskTier.HIGH);
    }

    @Test
    void moduleInstancesOfCountAndForEachMapBackToTheirModuleCall() throws Exception {
        TerraformGraphFixture plan = boundaryPlan(0, false);
        List<String> expected = new ArrayList<>();
        for (String instance : List.of("svc[\"a\"]", "svc[\"b\"]", "svc[\"c\"]", "svc[\"d\"]", "svc[\"e\"]", "db[0]", "db[1]", "db[2]")) {
            String address = "module." + instance + ".aws_iam_role.this";
            // no permissions_boundary value: only the configuration links the instances to the boundary
            plan.resource(address, "aws_iam_role", "{\"arn\":\"arn:aws:iam::123456789012:role/" + instance.replaceAll("\\W", "") + "\"}");
            expected.add(address);
        }
        for (String call : List.of("svc", "db")) {
            plan.moduleInput(call, "boundary_arn", "aws_iam_policy.boundary.arn", "aws_iam_policy.boundary");
            plan.configResource(call, "aws_iam_role.this", "permissions_boundary", "var.boundary_arn");
        }
        Path file = plan.writePlan(dir.resolve("plan.json"));
        agentEditsBoundary();
        JsonNode doc = json(risk("--plan", file.toString(), "--json"));
        assertThat(listed(doc)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(doc.path("dependents").path("graph").path("units").asInt()).isEqualTo(8);
        List<String> units = new ArrayList<>();
        doc.path("dependents").path("graph").path("unitList").forEach(u -> units.add(u.path("unit").asText()));
        assertThat(units).contains("module.svc[\"a\"]", "module.db[2]");
        doc.path("dependents").path("graph").path("listed").forEach(d -> assertThat(d.path("edge").asText()).isEqualTo("permission-boundary-of"));
        assertThat(doc.path("tier").asText()).isEqualTo("HIGH");
    }
}
