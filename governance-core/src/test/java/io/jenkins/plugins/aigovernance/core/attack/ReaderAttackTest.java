package io.jenkins.plugins.aigovernance.core.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditLog;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import io.jenkins.plugins.aigovernance.core.change.CloudFormationTemplateReader;
import io.jenkins.plugins.aigovernance.core.change.IamPolicyReader;
import io.jenkins.plugins.aigovernance.core.change.KubernetesManifestReader;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.change.TerraformPlanReader;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.policy.CanaryPlanReader;
import io.jenkins.plugins.aigovernance.core.policy.PolicyException;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.provenance.AgentTraceRecord;
import io.jenkins.plugins.aigovernance.core.scope.OpaClient;
import io.jenkins.plugins.aigovernance.core.testing.TerraformPlanFixture;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts to make a reader see something other tools do not: a key given twice (readers used to take the
 * last copy), data after the document, YAML aliases and merge keys, dates past Instant's range, look-alike
 * resource types, a stalling server. Every attempt must be refused, naming the input and the key.
 */
class ReaderAttackTest {

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- Terraform plans

    @Test
    void aPlansSecondActionsCannotTurnADeleteIntoANoOp() {
        String plan = new TerraformPlanFixture().change("aws_db_instance.main", "aws_db_instance", "[\"delete\"]", "null").json()
                .replace("\"actions\":[\"delete\"]", "\"actions\":[\"delete\"],\"actions\":[\"no-op\"]");
        assertThatThrownBy(() -> new TerraformPlanReader().read("plan.json", new ByteArrayInputStream(utf8(plan))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("plan.json").hasMessageContaining("actions");
    }

    @Test
    void aPlanWithTrailingDataIsRefused() {
        String plan = new TerraformPlanFixture().change("aws_s3_bucket.logs", "aws_s3_bucket", "[\"create\"]", "{}").json()
                + "{\"resource_changes\":[]}";
        assertThatThrownBy(() -> new TerraformPlanReader().read("plan.json", new ByteArrayInputStream(utf8(plan))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("plan.json").hasMessageContaining("after the plan's JSON object");
    }

    @Test
    void aPlanResourceTypeWithSpacesOrLookAlikeLettersIsRefused() {
        for (String type : List.of(" aws_iam_role", "aws_iam_role ", "aws_iam_rol\u0435", "aws_iam\u200b_role", "AWS_IAM_ROLE\u00a0")) {
            String plan = new TerraformPlanFixture().change("aws_iam_role.admin", type, "[\"create\"]", "{}").json();
            assertThatThrownBy(() -> new TerraformPlanReader().read("plan.json", new ByteArrayInputStream(utf8(plan))))
                    .as(type).isInstanceOf(InvalidInputException.class).hasMessageContaining("aws_iam_role.admin")
                    .hasMessageContaining("not a Terraform resource type");
        }
    }

    // ---- Kubernetes manifests

    @Test
    void aManifestsDuplicateKeyIsRefused() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nkind: ClusterRoleBinding\nmetadata:\n  name: x\n";
        assertThatThrownBy(() -> new KubernetesManifestReader().readDocuments("k8s/x.yaml", utf8(yaml), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("k8s/x.yaml").hasMessageContaining("kind");
    }

    @Test
    void aManifestWithTwoMergeKeysIsRefused() {
        String yaml = """
                base: &harmless {kind: ConfigMap}
                admin: &admin {kind: ClusterRoleBinding}
                apiVersion: rbac.authorization.k8s.io/v1
                <<: *harmless
                <<: *admin
                metadata:
                  name: everyone-admin
                """;
        assertThatThrownBy(() -> new KubernetesManifestReader().readDocuments("k8s/merge.yaml", utf8(yaml), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("k8s/merge.yaml").hasMessageContaining("<<");
    }

    @Test
    void oneMergeKeyIsStillReadAsYamlDefinesIt() {
        String yaml = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: &m
                  name: ops
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects:
                  - <<: {kind: Group, apiGroup: rbac.authorization.k8s.io}
                    name: system:authenticated
                """;
        var resources = new KubernetesManifestReader().readDocuments("k8s/ok.yaml", utf8(yaml), ResourceAction.UPDATE);
        assertThat(resources).singleElement().satisfies(r -> assertThat(r.details().toString()).contains("system:authenticated"));
    }

    @Test
    void aManifestKindWithALookAlikeLetterIsRefused() {
        String yaml = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterR\u043eleBinding\nmetadata:\n  name: x\n";
        assertThatThrownBy(() -> new KubernetesManifestReader().readDocuments("k8s/x.yaml", utf8(yaml), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("k8s/x.yaml").hasMessageContaining("u{043E}")
                .hasMessageContaining("not a Kubernetes kind");
    }

    @Test
    void aJsonManifestsDuplicateKeyIsRefused() {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}";
        assertThatThrownBy(() -> new KubernetesManifestReader().readDocuments("k8s/x.json", utf8(json), ResourceAction.UPDATE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("k8s/x.json").hasMessageContaining("kind");
    }

    // ---- IAM documents

    @Test
    void anIamDocumentsSecondEffectReadsAsTheWorstCase() {
        // a changed file that says it is a policy document but cannot be read strictly counts as Allow * on *
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::b/*\"}]}";
        var r = new IamPolicyReader().read("iam/admin.json", utf8(doc), ResourceAction.UPDATE).orElseThrow();
        assertThat(r.traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION, ResourceTrait.IAM_WILDCARD_RESOURCE);
        assertThat(r.details()).anySatisfy(d -> assertThat(d).contains("Effect").contains("Allow * on *"));
    }

    @Test
    void anIamDocumentWithTrailingDataReadsAsTheWorstCase() {
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]} {}";
        var r = new IamPolicyReader().read("iam/admin.json", utf8(doc), ResourceAction.UPDATE).orElseThrow();
        assertThat(r.traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION);
    }

    @Test
    void anIamDocumentInsideAPlanWithADuplicateKeyReadsAsTheWorstCase() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        String plan = new TerraformPlanFixture().change("aws_iam_policy.p", "aws_iam_policy", "[\"create\"]",
                TerraformPlanFixture.policyAttribute("policy", document)).json();
        var read = new TerraformPlanReader().read("plan.json", new ByteArrayInputStream(utf8(plan)));
        assertThat(read.resources()).singleElement().satisfies(r -> assertThat(r.traits()).contains(ResourceTrait.IAM_WILDCARD_ACTION));
    }

    // ---- CloudFormation templates

    @Test
    void aTemplatesSecondResourcesSectionOrTypeIsRefused() {
        // CloudFormation calls the behaviour of a repeated section undefined: a harmless first Resources must not hide the second
        for (String template : List.of("Resources:\n  A: {Type: AWS::SNS::Topic}\nResources:\n  A: {Type: AWS::IAM::Role}\n",
                "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Type: AWS::IAM::User\n",
                "{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\"}}, \"Resources\": {\"A\": {\"Type\": \"AWS::IAM::Role\"}}}")) {
            assertThatThrownBy(() -> new CloudFormationTemplateReader().read("infra/stack.yaml", utf8(template), null, ResourceAction.CREATE))
                    .as(template).isInstanceOf(InvalidInputException.class).hasMessageContaining("infra/stack.yaml")
                    .hasMessageContaining("uplicate");
        }
    }

    @Test
    void aTemplateTagOrTypeOtherToolsReadDifferentlyIsRefused() {
        for (String template : List.of("Resources:\n  A: {Type: AWS::IAM::Role, Properties: {Path: !Include role.yaml}}\n",
                "Resources:\n  A: {Type: 'AWS::IAM::Role\u200b'}\n  B: {Type: AWS::SNS::Topic}\n",
                "Resources:\n  A: {Type: AWS::SNS::Topic}\n---\nResources:\n  A: {Type: AWS::IAM::Role}\n",
                "Mappings:\n  M: &m {a: 1}\n  N: &n {b: 2}\nResources:\n  A:\n    <<: *m\n    <<: *n\n    Type: AWS::IAM::Role\n")) {
            assertThatThrownBy(() -> new CloudFormationTemplateReader().read("infra/stack.yaml", utf8(template), null, ResourceAction.CREATE))
                    .as(template).isInstanceOf(InvalidInputException.class).hasMessageContaining("infra/stack.yaml");
        }
    }

    // ---- policies and canary plans

    @Test
    void aPolicyAliasCannotReadAsTheAnchorsName() {
        // Jackson would read "*LOW" as the string LOW, every other YAML tool as CRITICAL
        String yaml = """
                apiVersion: ai-governance/v1
                metadata: {name: p, version: "1"}
                risk:
                  defaultTier: &LOW CRITICAL
                  rules:
                    - id: iam
                      tier: *LOW
                      reason: IAM
                      match: {paths: ["iam/**"]}
                """;
        assertThatThrownBy(() -> new PolicyLoader().parse("policy.yml", utf8(yaml), "file"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("policy.yml").hasMessageContaining("*LOW");
    }

    @Test
    void aPolicyMergeKeyIsRefused() {
        String yaml = "apiVersion: ai-governance/v1\nmetadata: {name: p, version: \"1\"}\nrisk:\n  <<: {defaultTier: LOW}\n";
        assertThatThrownBy(() -> new PolicyLoader().parse("policy.yml", utf8(yaml), "file"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("policy.yml").hasMessageContaining("<<");
    }

    @Test
    void aPolicysDuplicateKeyIsRefused() {
        String yaml = "apiVersion: ai-governance/v1\nmetadata: {name: p, version: \"1\"}\nrisk:\n  defaultTier: HIGH\n  defaultTier: LOW\n";
        assertThatThrownBy(() -> new PolicyLoader().parse("policy.yml", utf8(yaml), "file"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("policy.yml").hasMessageContaining("defaultTier");
    }

    @Test
    void aCanaryPlansAliasAndDuplicateKeyAreRefused() {
        String alias = "name: c\nsteps:\n  - &w {setWeight: 10}\n  - *w\n";
        assertThatThrownBy(() -> new CanaryPlanReader().parse("canary.yml", utf8(alias), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("canary.yml").hasMessageContaining("*w");
        String dup = "name: c\nname: d\nsteps: []\n";
        assertThatThrownBy(() -> new CanaryPlanReader().parse("canary.yml", utf8(dup), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("canary.yml").hasMessageContaining("name");
    }

    // ---- approvals, dates, provenance records

    @Test
    void anApprovalWithTwoApproverIdsIsRefused() {
        String json = "{\"kind\":\"approve\",\"approverId\":\"alice\",\"approverId\":\"sam\",\"fingerprint\":\"sha256:" + "1".repeat(64)
                + "\",\"tierSeen\":\"HIGH\",\"at\":\"2026-03-02T09:00:00Z\"}";
        assertThatThrownBy(() -> JsonDocuments.newMapper().readValue(json, Approval.class)).hasMessageContaining("approverId");
    }

    @Test
    void datesPastInstantsRangeAreRefusedNamingTheField() {
        for (String at : List.of("+1000000000-12-31T23:59:59Z", "+999999999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z")) {
            String json = "{\"kind\":\"approve\",\"approverId\":\"sam\",\"fingerprint\":\"sha256:" + "1".repeat(64)
                    + "\",\"tierSeen\":\"HIGH\",\"at\":\"" + at + "\"}";
            assertThatThrownBy(() -> JsonDocuments.newMapper().readValue(json, Approval.class)).as(at)
                    .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class).hasMessageContaining("at");
        }
    }

    @Test
    void anAgentTraceRecordsDuplicateKeyIsRefused() {
        String json = "{\"version\":\"0.1.0\",\"id\":\"a\",\"id\":\"b\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"files\":[]}";
        assertThatThrownBy(() -> AgentTraceRecord.parse(json, "trace")).hasMessageContaining("trace").hasMessageContaining("Duplicate field 'id'");
    }

    // ---- audit records

    @Test
    void anAuditRecordWithASecondActorDoesNotVerify() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log)) {
            a.append(AuditEvent.builder(AuditEventType.RISK_ASSESSED, Instant.parse("2026-03-01T09:00:00Z")).actor("mallory").outcome("assessed").build());
        }
        String line = Files.readString(log);
        Files.writeString(log, line.replace("\"actor\":\"mallory\"", "\"actor\":\"mallory\",\"actor\":\"alice\""));
        AuditVerification v = new AuditVerifier().verify(log);
        assertThat(v.verified()).isFalse();
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.MALFORMED);
        assertThat(v.problem().message()).contains("actor");
    }

    @Test
    void anAuditRecordStoredInAnotherSpellingDoesNotVerify() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log)) {
            a.append(AuditEvent.builder(AuditEventType.RISK_ASSESSED, Instant.parse("2026-03-01T09:00:00Z")).actor("alice").outcome("assessed").build());
        }
        String line = Files.readString(log);
        // the same content (same hash), spelled with an escape, a space and an extra top-level field
        for (String respelled : List.of(line.replace("\"actor\":\"alice\"", "\"actor\":\"\\u0061lice\""),
                line.replace("\"actor\":\"alice\"", "\"actor\": \"alice\""),
                line.replace("{\"seq\":1,", "{\"seq\":1,\"note\":\"approved by the CTO\","))) {
            Files.writeString(log, respelled);
            AuditVerification v = new AuditVerifier().verify(log);
            assertThat(v.verified()).as(respelled).isFalse();
            assertThat(v.problem().kind()).as(respelled).isEqualTo(AuditVerification.Kind.NOT_CANONICAL);
        }
        Files.writeString(log, line);
        assertThat(new AuditVerifier().verify(log).verified()).isTrue();
    }

    // ---- OPA answers

    @Test
    void anOpaAnswerWithTwoResultsOrTrailingGarbageFailsClosed() throws Exception {
        for (String body : List.of("{\"result\":{\"deny\":[\"no IAM\"]},\"result\":{\"deny\":[]}}", "{\"result\":{\"deny\":[]}} garbage",
                "{\"result\":{\"deny\":[]}}{\"result\":{\"deny\":[\"x\"]}}")) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                byte[] b = utf8(body);
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            });
            server.start();
            try {
                OpaClient c = new OpaClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5),
                        Duration.ofSeconds(20));
                assertThatThrownBy(() -> c.evaluate("ai_devops.scope", Map.of())).as(body).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("127.0.0.1").hasMessageContaining("failing closed");
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void anOpaServerStallingMidBodyTimesOutTheWholeExchange() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        byte[] allow = utf8("{\"result\":{\"deny\":[]}}");
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, allow.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(allow, 0, 5);
                o.flush();
                // stall mid-body; if the client waited this out it would read an allow and the test would fail
                release.await(30, TimeUnit.SECONDS);
                o.write(allow, 5, allow.length - 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException gone) {
                // the client hung up after its timeout
            }
        });
        server.start();
        try {
            OpaClient c = new OpaClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5),
                    Duration.ofMillis(500));
            assertThatThrownBy(() -> c.evaluate("ai_devops.scope", Map.of())).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("did not answer within 500ms").hasMessageContaining("failing closed");
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void jsonReadersShareTheStrictRules() throws Exception {
        ObjectMapper m = JsonDocuments.newMapper();
        assertThatThrownBy(() -> m.readTree("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> m.readTree("{\"a\":1} x")).isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThat(m.readTree("{\"a\":1}\n").get("a").asInt()).isEqualTo(1);
    }
}
