package io.jenkins.plugins.aigovernance.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.ChangeRequest;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.change.ChangedFileReader;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeEvaluator;
import io.jenkins.plugins.aigovernance.core.testing.GitFixture;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which changed files are governance inputs and how each is read, end to end through the engine over real
 * repositories: files that are not inputs never stop the gate, inputs that cannot be read fail closed alone,
 * the environment is read from the change, cluster-wide configuration is HIGH everywhere, partial plans are
 * never scored as complete ones.
 */
class InputReadingScenarioTest {

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
                .write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
                .write("docker-compose.yml", "services:\n  web:\n    image: nginx\n");
        base = git.commit("initial import").name();
    }

    private ChangeContext analyze(String environment, Path plan) {
        return engine.analyze(new ChangeRequest(git.directory(), base, "HEAD", plan, null, null, environment, null));
    }

    private RiskAssessment score(String environment) {
        return engine.assessRisk(analyze(environment, null));
    }

    private static List<String> rules(RiskAssessment a) {
        return a.reasons().stream().map(RiskReason::rule).toList();
    }

    private static String aliases(int n) {
        StringBuilder b = new StringBuilder("base: &b {x: 1}\nuses:\n");
        for (int i = 0; i < n; i++) {
            b.append("  - *b\n");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ not inputs never stop the gate

    @Test
    void filesThatAreNotInputsNeverStopTheGate() {
        byte[] lockfile = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(lockfile, (byte) 'a');
        System.arraycopy("lockfileVersion: '9.0'\npackages:\n  x: ".getBytes(), 0, lockfile, 0, 33);
        git.write("pnpm-lock.yaml", lockfile)
                .write("docker-compose.yml", "services:\n  web:\n    image: nginx\n  web:\n    image: httpd\n")
                .write(".github/dependabot.yml", aliases(30))
                .write("data/fixture.json", "{\"a\": 1, \"a\": 2}");
        git.commit("lockfile, compose file with a repeated key, alias-heavy YAML, JSON data");

        RiskAssessment a = score("staging");
        assertThat(a.summary().resources()).isZero();
        assertThat(a.notes()).isEmpty();
        assertThat(rules(a)).contains("dependency-update");
    }

    @Test
    void deletedFilesThatCannotBeReadAddNothing() {
        git.write("k8s/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n").commit("broken manifest");
        base = git.resolve("HEAD").name();
        git.delete("k8s/broken.yaml").delete("docker-compose.yml").commit("remove them");

        RiskAssessment a = score("staging");
        assertThat(a.summary().resources()).isZero();
        assertThat(a.notes()).isEmpty();
    }

    @Test
    void deletedManifestsStillSayWhatTheyDelete() {
        git.write("k8s/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n").commit("namespace");
        base = git.resolve("HEAD").name();
        git.delete("k8s/ns.yaml").commit("drop it");

        ChangeContext ctx = analyze("staging", null);
        assertThat(ctx.change().resources()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("Namespace/payments");
            assertThat(r.action()).isEqualTo(ResourceAction.DELETE);
        });
    }

    // ------------------------------------------------------------------ inputs that cannot be read fail closed, alone

    @Test
    void unreadableManifestFailsClosedForThatFileOnly() {
        git.write("k8s/rbac.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: viewers
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: Group, name: devs}]
                """)
                .write("k8s/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop-staging}\ndata: {a: b}\n")
                .write("docker-compose.yml", "services:\n  a: {}\n  a: {}\n");
        git.commit("a binding with a repeated roleRef", GitFixture.person("Claude", "noreply@anthropic.com"));

        ChangeContext ctx = analyze("staging", null);
        assertThat(ctx.change().resources()).extracting(ResourceChange::address)
                .containsExactlyInAnyOrder("ConfigMap/shop-staging/app", ChangedFileReader.UNREADABLE_MANIFEST + "/k8s/rbac.yaml");
        ResourceChange failed = ctx.change().resources().stream().filter(r -> r.type().equals(ChangedFileReader.UNREADABLE_MANIFEST))
                .findFirst().orElseThrow();
        assertThat(failed.traits()).contains(ResourceTrait.RBAC, ResourceTrait.IAM_ACCOUNT_LEVEL, ResourceTrait.CLUSTER_SCOPED);
        assertThat(failed.file()).isEqualTo("k8s/rbac.yaml");
        RiskAssessment a = engine.assessRisk(ctx);
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(a.notes()).filteredOn(n -> n.kind() == InputNote.Kind.READ_FAIL_CLOSED).singleElement().satisfies(n -> {
            assertThat(n.input()).isEqualTo("k8s/rbac.yaml");
            assertThat(n.message()).contains("duplicate key").contains("read as a cluster-wide RBAC grant");
        });
        // the scope gate sees the strictest reading: an AI agent may not make it
        ScopeDecision d = new ScopeEvaluator(ctx.policy(), engine.clock()).evaluate(ctx, List.of());
        assertThat(d.allowed()).isFalse();
    }

    @Test
    void oversizedManifestFailsClosed() {
        StringBuilder big = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n");
        while (big.length() < 9 * 1024 * 1024) {
            big.append("  k").append(big.length()).append(": ").append("x".repeat(200)).append('\n');
        }
        git.write("k8s/huge.yaml", big.toString()).commit("huge config map");

        RiskAssessment a = score("staging");
        assertThat(a.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(InputNote.Kind.READ_FAIL_CLOSED);
            assertThat(n.message()).contains("over the limit");
        });
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
    }

    /** Real IAM documents carry // comments (the aws-samples SCP examples): not JSON, so read as Allow * on *. */
    @Test
    void policyDocumentWithCommentsFailsClosed() {
        git.write("policies/deny-regions.json", """
                {
                  // deny everything outside two regions
                  "Version": "2012-10-17",
                  "Statement": [{"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"}]
                }
                """).commit("scp");

        RiskAssessment a = score("staging");
        assertThat(a.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(a.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(InputNote.Kind.READ_FAIL_CLOSED);
            assertThat(n.input()).isEqualTo("policies/deny-regions.json");
            assertThat(n.message()).contains("treated as Allow * on *");
        });
    }

    // ------------------------------------------------------------------ environment

    @Test
    void devVariablesAreLowWithTheEnvironmentReadFromThePath() {
        git.write("env/dev/terraform.tfvars", "instance_type = \"t3.small\"\n").commit("dev sizing");

        RiskAssessment a = score(null);
        assertThat(a.environment()).isEqualTo("development");
        assertThat(a.tier()).isEqualTo(RiskTier.LOW);
        assertThat(a.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(InputNote.Kind.ENVIRONMENT);
            assertThat(n.message()).contains("env/dev/terraform.tfvars");
        });
    }

    @Test
    void stagingDeploymentIsMediumWithoutAnEnvironment() {
        git.write("deploy/staging/app.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop, namespace: shop-staging}
                spec: {replicas: 2}
                """).commit("scale staging");

        RiskAssessment a = score(null);
        assertThat(a.environment()).isEqualTo("staging");
        assertThat(a.tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(rules(a)).doesNotContain("production-infrastructure");
    }

    @Test
    void mixedEvidenceTakesTheStrictest() {
        git.write("env/dev/terraform.tfvars", "a = 1\n").write("helm/shop/values-prod.yaml", "replicas: 6\n").commit("both");

        RiskAssessment a = score(null);
        assertThat(a.environment()).isEqualTo("production");
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
    }

    @Test
    void noEvidenceMeansProduction() {
        git.write("k8s/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\n")
                .write("src/test/java/CartTest.java", "class CartTest {}\n").commit("config");

        RiskAssessment a = score(null);
        assertThat(a.environment()).isEqualTo("production");
        assertThat(rules(a)).contains("production-infrastructure");
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(a.notes()).singleElement().satisfies(n -> assertThat(n.message()).contains("ConfigMap/shop/app names no environment"));
    }

    @Test
    void noEvidenceAtAllLeavesTheEnvironmentUnknown() {
        git.write("src/main/java/com/acme/shop/Cart.java", "class Cart { int n; }\n").commit("code");
        RiskAssessment a = score(null);
        assertThat(a.environment()).isNull();
        assertThat(a.notes()).isEmpty();
    }

    /** An added dev file cannot make a plan (which names no environment) look like development. */
    @Test
    void aDevFileDoesNotTurnAPlanIntoDevelopment() throws Exception {
        git.write("env/dev/terraform.tfvars", "a = 1\n").commit("dev");
        Path plan = new TerraformPlanFixture().change("aws_lambda_function.api", "aws_lambda_function", "[\"update\"]", "{}")
                .writeTo(dir.resolve("plan.json"));
        RiskAssessment a = engine.assessRisk(analyze(null, plan));
        assertThat(a.environment()).isEqualTo("production");
        assertThat(rules(a)).contains("production-infrastructure");
    }

    // ------------------------------------------------------------------ cluster-wide configuration

    @Test
    void clusterScopedConfigurationIsHighInEveryEnvironment() {
        git.write("deploy/dev/cluster.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: rollouts.argoproj.io}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: ingress-nginx-admission}
                ---
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: critical-apps}
                value: 1000000
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: fast}
                provisioner: ebs.csi.aws.com
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: ClusterAnalysisTemplate
                metadata: {name: success-rate}
                """).commit("cluster config");

        for (String env : new String[] {"dev", "staging", null}) {
            RiskAssessment a = score(env);
            assertThat(a.tier()).as(String.valueOf(env)).isEqualTo(RiskTier.HIGH);
            assertThat(a.reasons()).filteredOn(r -> r.rule().equals("cluster-config")).singleElement()
                    .satisfies(r -> assertThat(r.count()).isEqualTo(5));
        }
    }

    // ------------------------------------------------------------------ plans

    @Test
    void partialPlansAreNeverScoredAsComplete() throws Exception {
        git.write("README.md", "# shop\n\nnotes\n").commit("docs");
        String complete = new TerraformPlanFixture().change("aws_sqs_queue.jobs", "aws_sqs_queue", "[\"update\"]", "{}").json();
        Path whole = Files.writeString(dir.resolve("whole.json"), complete);
        Path deferred = Files.writeString(dir.resolve("deferred.json"), complete.replaceFirst("\\{", "{\"complete\":false,"));
        Path errored = Files.writeString(dir.resolve("errored.json"), complete.replaceFirst("\\{", "{\"errored\":true,"));

        RiskAssessment ok = engine.assessRisk(analyze("dev", whole));
        assertThat(ok.tier()).isEqualTo(RiskTier.MEDIUM);
        RiskAssessment d = engine.assessRisk(analyze("dev", deferred));
        assertThat(d.tier()).isEqualTo(RiskTier.CRITICAL);
        assertThat(rules(d)).contains("plan-incomplete");
        assertThat(d.notes()).extracting(InputNote::kind).contains(InputNote.Kind.PLAN_INCOMPLETE);
        RiskAssessment e = engine.assessRisk(analyze("dev", errored));
        assertThat(rules(e)).contains("plan-errored");
        assertThat(e.notes()).extracting(InputNote::kind).contains(InputNote.Kind.PLAN_ERRORED);
    }

    /** Resource policies are IAM: HIGH at least for risk, and denied to AI agents by scope, like identity policies. */
    @Test
    void resourcePoliciesAreIamForRiskAndScope() throws Exception {
        git.write("README.md", "# shop\n\nnotes\n").commit("docs", GitFixture.person("Claude", "noreply@anthropic.com"));
        String queuePolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:eu-west-1:012345678910:jobs\","
                + "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:eu-west-1:012345678910:events\"}}}]}";
        for (String type : List.of("aws_sqs_queue_policy", "aws_sns_topic_policy", "aws_ecr_repository_policy", "aws_s3_bucket_policy")) {
            Path plan = new TerraformPlanFixture().change(type + ".this", type, "[\"update\"]",
                    TerraformPlanFixture.policyAttribute("policy", queuePolicy)).writeTo(dir.resolve(type + ".json"));
            ChangeContext ctx = analyze("dev", plan);
            RiskAssessment a = engine.assessRisk(ctx);
            assertThat(a.tier()).as(type).isEqualTo(RiskTier.HIGH);
            assertThat(rules(a)).as(type).contains("iam-documents");
            assertThat(new ScopeEvaluator(ctx.policy(), engine.clock()).evaluate(ctx, List.of()).allowed()).as(type).isFalse();
        }
    }

    @Test
    void destroyedCountsEveryDestroyAndForgetIsNone() throws Exception {
        git.write("README.md", "# shop\n\nnotes\n").commit("docs");
        Path plan = new TerraformPlanFixture()
                .change("aws_db_instance.orders", "aws_db_instance", "[\"delete\"]", "null")
                .change("aws_lambda_function.worker", "aws_lambda_function", "[\"delete\",\"create\"]", "{}")
                .change("aws_cloudwatch_log_group.app", "aws_cloudwatch_log_group", "[\"delete\"]", "null")
                .change("aws_s3_bucket.archive", "aws_s3_bucket", "[\"forget\"]", "null")
                .writeTo(dir.resolve("plan.json"));

        RiskAssessment a = engine.assessRisk(analyze("dev", plan));
        assertThat(a.summary().resources()).isEqualTo(4);
        assertThat(a.summary().destroyed()).isEqualTo(3);
        assertThat(a.summary().destroyedStatefulOrNetwork()).isEqualTo(1);
        assertThat(a.reasons()).filteredOn(r -> r.rule().equals("stateful-destroy")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).containsExactly("aws_db_instance.orders"));
    }

    /** A forget drops a database from the state: nothing manages or protects it any longer (state loss). */
    @Test
    void forgettingAStatefulResourceInProductionIsAtLeastHigh() throws Exception {
        git.write("README.md", "# shop\n\nforget\n").commit("docs");
        Path plan = new TerraformPlanFixture()
                .change("aws_db_instance.orders", "aws_db_instance", "[\"forget\"]", "null")
                .change("aws_lambda_function.worker", "aws_lambda_function", "[\"forget\"]", "null")
                .writeTo(dir.resolve("plan.json"));
        RiskAssessment prod = engine.assessRisk(analyze("production", plan));
        assertThat(prod.tier()).isGreaterThanOrEqualTo(RiskTier.HIGH);
        assertThat(prod.reasons()).filteredOn(r -> r.rule().equals("forgotten-stateful")).singleElement()
                .satisfies(r -> assertThat(r.subjects()).containsExactly("aws_db_instance.orders"));
        assertThat(prod.summary().destroyed()).isZero();
        // unknown environments are production; a development forget keeps its rules' tier
        assertThat(rules(engine.assessRisk(analyze(null, plan)))).contains("forgotten-stateful");
        assertThat(rules(engine.assessRisk(analyze("dev", plan)))).doesNotContain("forgotten-stateful");
    }
}

