package io.jenkins.plugins.aigovernance.core.change;

import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.CERTIFICATE;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_ACCOUNT_LEVEL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_PERMISSION_BOUNDARY;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_PUBLIC_PRINCIPAL;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_TRUST_POLICY;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_WILDCARD_ACTION;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.IAM_WILDCARD_RESOURCE;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.NAMESPACE;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.NETWORK_POLICY;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.RBAC;
import static io.jenkins.plugins.aigovernance.core.change.ResourceTrait.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TerraformPlanReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String AWS = "registry.terraform.io/hashicorp/aws";

    @TempDir
    Path dir;

    private final TerraformPlanReader reader = new TerraformPlanReader();

    // ------------------------------------------------------------------ plan building

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A policy document as Terraform shows it: compact JSON inside a string. */
    private static String policy(Object... statements) {
        return new ObjectMapper().valueToTree(Map.of("Version", "2012-10-17", "Statement", List.of(statements))).toString();
    }

    private static Map<String, Object> statement(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> resource(String address, String type, List<String> actions, Map<String, Object> before,
            Map<String, Object> after) {
        return resource(address, "managed", type, actions, before, after, Map.of());
    }

    private static Map<String, Object> resource(String address, String mode, String type, List<String> actions,
            Map<String, Object> before, Map<String, Object> after, Map<String, Object> afterUnknown) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("address", address);
        int dot = address.lastIndexOf('.');
        String prefix = address.substring(0, address.lastIndexOf('.', dot - 1) < 0 ? 0 : address.lastIndexOf('.', dot - 1));
        if (prefix.startsWith("module.")) {
            r.put("module_address", prefix);
        }
        r.put("mode", mode);
        r.put("type", type);
        r.put("name", address.substring(dot + 1));
        r.put("provider_name", AWS);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("actions", actions);
        change.put("before", before);
        change.put("after", after);
        change.put("after_unknown", afterUnknown);
        change.put("before_sensitive", before == null ? false : Map.of());
        change.put("after_sensitive", after == null ? false : Map.of());
        r.put("change", change);
        return r;
    }

    /** Bulky attributes like those of real resources, to be skipped. */
    private static Map<String, Object> bulk(Map<String, Object> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arn", "arn:aws:service:eu-west-1:123456789012:thing/x");
        m.put("tags", Map.of("team", "payments", "env", "prod"));
        m.put("timeouts", null);
        m.put("nested", List.of(Map.of("deep", List.of(Map.of("policy", "not a document", "role", "roles/owner")))));
        m.putAll(attributes);
        return m;
    }

    private static Map<String, Object> plan(List<Map<String, Object>> resources) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format_version", "1.2");
        p.put("terraform_version", "1.9.5");
        p.put("variables", Map.of("env", Map.of("value", "prod")));
        // sections that must be skipped, with content that would mislead a careless reader
        p.put("planned_values", Map.of("root_module", Map.of("resources", List.of(Map.of("address", "aws_iam_policy.ghost",
                "values", Map.of("policy", policy(statement("Effect", "Allow", "Action", "*", "Resource", "*"))))))));
        p.put("resource_drift", List.of(resource("aws_iam_policy.drifted", "aws_iam_policy", List.of("update"), Map.of(),
                Map.of("policy", policy(statement("Effect", "Allow", "Action", "*", "Resource", "*"))))));
        p.put("resource_changes", resources);
        p.put("output_changes", Map.of("resource_changes", Map.of("actions", List.of("delete"))));
        p.put("prior_state", Map.of("format_version", "1.0", "values", Map.of("root_module", Map.of())));
        p.put("configuration", Map.of("root_module", Map.of("resources", List.of(Map.of("address", "aws_vpc.main")))));
        p.put("relevant_attributes", List.of(Map.of("resource", "aws_vpc.main", "attribute", List.of("id"))));
        p.put("timestamp", "2025-01-01T00:00:00Z");
        p.put("applyable", true);
        p.put("complete", true);
        p.put("errored", false);
        return p;
    }

    private static List<Map<String, Object>> realisticResources() {
        String trust = policy(statement("Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::123456789012:root"),
                "Action", "sts:AssumeRole"));
        String admin = policy(statement("Sid", "Admin", "Effect", "Allow", "Action", "*", "Resource", "*"));
        String publicRead = policy(statement("Effect", "Allow", "Principal", "*", "Action", "s3:GetObject",
                "Resource", "arn:aws:s3:::prod-site/*"));
        String scoped = policy(statement("Effect", "Allow", "Action", List.of("s3:GetObject"), "Resource", "arn:aws:s3:::prod-data/*"));
        List<Map<String, Object>> r = new ArrayList<>();
        r.add(resource("data.aws_iam_policy_document.trust", "data", "aws_iam_policy_document", List.of("read"), null,
                Map.of("json", admin), Map.of()));
        r.add(resource("module.iam.aws_iam_role.deploy", "aws_iam_role", List.of("create"), null,
                bulk(Map.of("name", "prod-deploy", "assume_role_policy", trust,
                        "permissions_boundary", "arn:aws:iam::123456789012:policy/boundary"))));
        r.add(resource("module.iam.aws_iam_policy.admin", "aws_iam_policy", List.of("create"), null,
                bulk(Map.of("name", "prod-admin", "policy", admin))));
        Map<String, Object> vpc = resource("module.net.aws_vpc.main", "aws_vpc", List.of("delete", "create"),
                bulk(Map.of("cidr_block", "10.0.0.0/16")), bulk(Map.of("cidr_block", "10.1.0.0/16")));
        vpc.put("action_reason", "replace_because_cannot_update");
        r.add(vpc);
        r.add(resource("aws_db_instance.orders", "aws_db_instance", List.of("delete"),
                bulk(Map.of("engine", "postgres", "allocated_storage", 100)), null));
        r.add(resource("aws_iam_role.app", "aws_iam_role", List.of("update"),
                bulk(Map.of("assume_role_policy", trust, "permissions_boundary", "arn:aws:iam::123456789012:policy/boundary")),
                bulk(Map.of("assume_role_policy", trust, "permissions_boundary", ""))));
        r.add(resource("aws_iam_role_policy_attachment.admin", "aws_iam_role_policy_attachment", List.of("create"), null,
                Map.of("role", "prod-deploy", "policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess")));
        r.add(resource("aws_s3_bucket_policy.site", "aws_s3_bucket_policy", List.of("update"),
                Map.of("bucket", "prod-site", "policy", scoped), Map.of("bucket", "prod-site", "policy", publicRead)));
        r.add(resource("aws_instance.web[0]", "aws_instance", List.of("no-op"), bulk(Map.of()), bulk(Map.of())));
        r.add(resource("module.net.module.sg[\"web\"].aws_security_group_rule.ingress", "aws_security_group_rule",
                List.of("create"), null, bulk(Map.of("from_port", 443))));
        r.add(resource("aws_iam_role.legacy", "aws_iam_role", List.of("create", "delete"), bulk(Map.of()),
                bulk(Map.of("assume_role_policy", trust, "inline_policy", List.of(Map.of("name", "inline", "policy",
                        policy(statement("Effect", "Allow", "Action", "iam:PutRolePermissionsBoundary", "Resource", "*")))),
                        "managed_policy_arns", List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")))));
        return r;
    }

    private Path write(String name, Object plan) throws IOException {
        return write(name, json(plan));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, ResourceChange> byAddress(PlanReadResult result) {
        return result.resources().stream().collect(Collectors.toMap(ResourceChange::address, Function.identity()));
    }

    // ------------------------------------------------------------------ reading

    @Test
    void readsResourceChangesOfARealisticPlan() throws Exception {
        Path file = write("prod.tfplan.json", plan(realisticResources()));

        PlanReadResult result = reader.read(file);

        assertThat(result.formatVersion()).isEqualTo("1.2");
        assertThat(result.terraformVersion()).isEqualTo("1.9.5");
        assertThat(result.resourceCount()).isEqualTo(11);
        assertThat(result.dataSourceCount()).isEqualTo(1);
        assertThat(result.unchangedCount()).isEqualTo(1);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.resources()).extracting(ResourceChange::address).containsExactly(
                "module.iam.aws_iam_role.deploy",
                "module.iam.aws_iam_policy.admin",
                "module.net.aws_vpc.main",
                "aws_db_instance.orders",
                "aws_iam_role.app",
                "aws_iam_role_policy_attachment.admin",
                "aws_s3_bucket_policy.site",
                "module.net.module.sg[\"web\"].aws_security_group_rule.ingress",
                "aws_iam_role.legacy");
        assertThat(result.resources()).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(ResourceSource.TERRAFORM);
            assertThat(r.provider()).isEqualTo(AWS);
            assertThat(r.namespace()).isNull();
            assertThat(r.file()).isNull();
        });
    }

    @Test
    void mapsActionsIncludingBothReplaceOrders() throws Exception {
        Map<String, ResourceChange> r = byAddress(reader.read(write("plan.json", plan(realisticResources()))));

        assertThat(r.get("module.iam.aws_iam_role.deploy").action()).isEqualTo(ResourceAction.CREATE);
        assertThat(r.get("aws_iam_role.app").action()).isEqualTo(ResourceAction.UPDATE);
        assertThat(r.get("aws_db_instance.orders").action()).isEqualTo(ResourceAction.DELETE);
        assertThat(r.get("module.net.aws_vpc.main").action()).isEqualTo(ResourceAction.REPLACE);
        assertThat(r.get("module.net.aws_vpc.main").details()).containsExactly("reason: replace_because_cannot_update");
        assertThat(r.get("aws_iam_role.legacy").action()).isEqualTo(ResourceAction.REPLACE);
        assertThat(r.get("module.net.module.sg[\"web\"].aws_security_group_rule.ingress").name()).isEqualTo("ingress");
        assertThat(TerraformPlanReader.action(List.of("read"))).isEqualTo(ResourceAction.READ);
        assertThat(TerraformPlanReader.action(List.of("no-op"))).isEqualTo(ResourceAction.NO_OP);
        assertThat(TerraformPlanReader.action(List.of("forget"))).isEqualTo(ResourceAction.FORGET);
        assertThat(TerraformPlanReader.action(List.of("delete", "forget"))).isNull();
    }

    @Test
    void analysesIamDocumentsInTheChange() throws Exception {
        Map<String, ResourceChange> r = byAddress(reader.read(write("plan.json", plan(realisticResources()))));

        ResourceChange role = r.get("module.iam.aws_iam_role.deploy");
        assertThat(role.traits()).containsExactlyInAnyOrder(IAM, IAM_TRUST_POLICY, IAM_PERMISSION_BOUNDARY);
        assertThat(role.details()).containsExactly("Allow sts:AssumeRole to AWS arn:aws:iam::123456789012:root",
                "sets permissions boundary arn:aws:iam::123456789012:policy/boundary");

        ResourceChange admin = r.get("module.iam.aws_iam_policy.admin");
        assertThat(admin.traits()).contains(IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, IAM_ACCOUNT_LEVEL);
        assertThat(admin.details()).containsExactly("Allow * on * (full administrator)");

        ResourceChange boundaryRemoved = r.get("aws_iam_role.app");
        assertThat(boundaryRemoved.traits()).contains(IAM_PERMISSION_BOUNDARY);
        assertThat(boundaryRemoved.details()).contains("removes permissions boundary arn:aws:iam::123456789012:policy/boundary");

        ResourceChange attachment = r.get("aws_iam_role_policy_attachment.admin");
        assertThat(attachment.traits()).containsExactlyInAnyOrder(IAM, IAM_ACCOUNT_LEVEL);
        assertThat(attachment.details()).containsExactly("attaches AdministratorAccess");

        ResourceChange bucketPolicy = r.get("aws_s3_bucket_policy.site");
        assertThat(bucketPolicy.traits()).containsExactlyInAnyOrder(IAM, IAM_PUBLIC_PRINCIPAL);
        assertThat(bucketPolicy.details()).containsExactly("Allow s3:GetObject on arn:aws:s3:::prod-site/* to * (public)");

        ResourceChange legacy = r.get("aws_iam_role.legacy");
        assertThat(legacy.traits()).contains(IAM_TRUST_POLICY, IAM_PERMISSION_BOUNDARY, IAM_WILDCARD_RESOURCE)
                .doesNotContain(IAM_ACCOUNT_LEVEL);

        assertThat(r.get("aws_db_instance.orders").traits()).isEmpty();
        assertThat(r.get("module.net.aws_vpc.main").traits()).isEmpty();
        assertThat(r.get("module.net.module.sg[\"web\"].aws_security_group_rule.ingress").traits()).containsExactly(NETWORK_POLICY);
    }

    @Test
    void deletesAreAnalysedFromBefore() throws Exception {
        String admin = policy(statement("Effect", "Allow", "Action", "*", "Resource", "*"));
        PlanReadResult result = reader.read(write("plan.json", plan(List.of(
                resource("aws_iam_policy.old", "aws_iam_policy", List.of("delete"), Map.of("policy", admin), null),
                resource("aws_iam_user_policy_attachment.old", "aws_iam_user_policy_attachment", List.of("delete"),
                        Map.of("policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"), null)))));

        assertThat(result.resources()).allSatisfy(r -> assertThat(r.traits()).contains(IAM_ACCOUNT_LEVEL));
        assertThat(result.resources().get(1).details()).containsExactly("detaches AdministratorAccess");
    }

    @Test
    void unknownDocumentsFailClosedOnlyWhereTheDocumentIsTheResource() throws Exception {
        PlanReadResult result = reader.read(write("plan.json", plan(List.of(
                resource("aws_iam_role_policy.later", "managed", "aws_iam_role_policy", List.of("create"), null,
                        Map.of("role", "r"), Map.of("policy", true)),
                resource("aws_iam_role.later", "managed", "aws_iam_role", List.of("create"), null,
                        Map.of("name", "r"), Map.of("assume_role_policy", true, "inline_policy", true, "managed_policy_arns", true)),
                resource("aws_iam_role.inline", "managed", "aws_iam_role", List.of("update"), Map.of(), Map.of("inline_policy",
                        List.of(Map.of("name", "x"))), Map.of("inline_policy", List.of(Map.of("policy", true)))),
                resource("aws_s3_bucket.logs", "managed", "aws_s3_bucket", List.of("create"), null,
                        Map.of("bucket", "logs"), Map.of("policy", true, "arn", true)),
                resource("aws_kms_key.k", "managed", "aws_kms_key", List.of("create"), null, Map.of(), Map.of("policy", true))))));
        Map<String, ResourceChange> r = byAddress(result);

        assertThat(r.get("aws_iam_role_policy.later").traits()).contains(IAM_ACCOUNT_LEVEL, IAM_WILDCARD_ACTION);
        assertThat(r.get("aws_iam_role_policy.later").details())
                .containsExactly("policy is known only after apply; treated as Allow * on *");
        assertThat(r.get("aws_iam_role.later").traits()).contains(IAM_TRUST_POLICY, IAM_ACCOUNT_LEVEL);
        assertThat(r.get("aws_iam_role.inline").details())
                .containsExactly("inline_policy is known only after apply; treated as Allow * on *");
        assertThat(r.get("aws_s3_bucket.logs").traits()).isEmpty();
        assertThat(r.get("aws_kms_key.k").traits()).isEmpty();
    }

    @Test
    void unreadableEmbeddedDocumentDoesNotAbortThePlan() throws Exception {
        PlanReadResult result = reader.read(write("plan.json", plan(List.of(
                resource("aws_iam_policy.broken", "aws_iam_policy", List.of("create"), null,
                        Map.of("policy", "{\"Statement\": [{\"Effect\": \"Allow\", ")),
                resource("aws_iam_policy.object", "aws_iam_policy", List.of("create"), null,
                        Map.of("policy", Map.of("Statement", List.of()))),
                resource("aws_sqs_queue.q", "aws_sqs_queue", List.of("create"), null, Map.of("policy", ""))))));

        assertThat(result.resources()).hasSize(3);
        ResourceChange broken = result.resources().get(0);
        assertThat(broken.traits()).contains(IAM_ACCOUNT_LEVEL, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE);
        assertThat(broken.details()).singleElement().asString()
                .startsWith("unreadable policy document (malformed JSON at line 1").endsWith("treated as Allow * on *");
        assertThat(result.resources().get(1).details()).containsExactly("policy is not a JSON string; treated as Allow * on *");
        assertThat(result.resources().get(2).traits()).isEmpty();
    }

    @Test
    void unrecognizedActionsAreReadAsReplaceAndSaySo() throws Exception {
        PlanReadResult result = reader.read(write("plan.json", plan(List.of(
                resource("aws_db_instance.odd", "aws_db_instance", List.of("archive"), Map.of(), null)))));

        assertThat(result.resources()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(ResourceAction.REPLACE);
            assertThat(r.details()).containsExactly("unrecognized plan actions [archive]; read as replace (delete + create)");
        });
        assertThat(result.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(InputNote.Kind.UNRECOGNIZED_ACTION);
            assertThat(n.input()).endsWith("plan.json");
            assertThat(n.message()).contains("aws_db_instance.odd").contains("[archive]").contains("read as replace");
        });
        assertThat(result.whole()).isTrue();
    }

    /** Policy documents sit in attributes of many names: policy_document, content (SCPs), inline_policy strings, ... */
    @Test
    void policyDocumentsInAttributesOfAnyName() throws Exception {
        String admin = policy(statement("Effect", "Allow", "Action", "*", "Resource", "*"));
        String open = policy(statement("Effect", "Allow", "Principal", "*", "Action", "logs:PutLogEvents", "Resource", "*"));
        Map<String, ResourceChange> r = byAddress(reader.read(write("plan.json", plan(List.of(
                resource("aws_cloudwatch_log_resource_policy.all", "aws_cloudwatch_log_resource_policy", List.of("create"), null,
                        bulk(Map.of("policy_document", open, "policy_name", "all"))),
                resource("aws_organizations_policy.scp", "aws_organizations_policy", List.of("update"), Map.of(),
                        Map.of("content", admin, "type", "SERVICE_CONTROL_POLICY")),
                resource("aws_ssoadmin_permission_set_inline_policy.p", "aws_ssoadmin_permission_set_inline_policy", List.of("create"),
                        null, Map.of("inline_policy", admin)),
                resource("aws_instance.web", "aws_instance", List.of("create"), null, Map.of("user_data", "{\"Statement\": 1}")))))));

        assertThat(r.get("aws_cloudwatch_log_resource_policy.all").traits()).contains(IAM, IAM_PUBLIC_PRINCIPAL);
        assertThat(r.get("aws_organizations_policy.scp").traits()).contains(IAM_ACCOUNT_LEVEL);
        assertThat(r.get("aws_ssoadmin_permission_set_inline_policy.p").traits()).contains(IAM_ACCOUNT_LEVEL);
        // a string that only looks like a document fails closed: it is read as one and cannot be
        assertThat(r.get("aws_instance.web").traits()).contains(IAM_ACCOUNT_LEVEL);
        assertThat(r.get("aws_instance.web").details()).singleElement().asString().contains("treated as Allow * on *");
    }

    /** Attached policies whose document is not in the plan fail closed, unless AWS publishes them as read-only or basic roles. */
    @Test
    void unknownManagedPoliciesFailClosed() throws Exception {
        Map<String, ResourceChange> r = byAddress(reader.read(write("plan.json", plan(List.of(
                resource("aws_iam_role_policy_attachment.logs", "aws_iam_role_policy_attachment", List.of("create"), null,
                        Map.of("role", "app", "policy_arn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")),
                resource("aws_iam_role_policy_attachment.read", "aws_iam_role_policy_attachment", List.of("create"), null,
                        Map.of("role", "app", "policy_arn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")),
                resource("aws_iam_role_policy_attachment.s3", "aws_iam_role_policy_attachment", List.of("create"), null,
                        Map.of("role", "app", "policy_arn", "arn:aws:iam::aws:policy/AmazonS3FullAccess")),
                resource("aws_iam_role.app", "aws_iam_role", List.of("update"), Map.of(),
                        Map.of("managed_policy_arns", List.of("arn:aws:iam::012345678910:policy/team-boundary"))),
                resource("aws_iam_role_policy_attachment.old", "aws_iam_role_policy_attachment", List.of("delete"),
                        Map.of("role", "app", "policy_arn", "arn:aws:iam::012345678910:policy/old"), null))))));

        assertThat(r.get("aws_iam_role_policy_attachment.logs").traits()).containsExactly(IAM);
        assertThat(r.get("aws_iam_role_policy_attachment.read").traits()).containsExactly(IAM);
        assertThat(r.get("aws_iam_role_policy_attachment.s3").traits()).contains(IAM_ACCOUNT_LEVEL);
        assertThat(r.get("aws_iam_role_policy_attachment.s3").details()).singleElement().asString()
                .contains("AmazonS3FullAccess").contains("AWS managed policy this reader does not know").contains("Allow * on *");
        assertThat(r.get("aws_iam_role.app").traits()).contains(IAM_ACCOUNT_LEVEL);
        assertThat(r.get("aws_iam_role.app").details()).singleElement().asString().contains("team-boundary").contains("not in this change");
        assertThat(r.get("aws_iam_role_policy_attachment.old").traits()).containsExactly(IAM);
    }

    /** Terraform 1.7+: a removed block with lifecycle { destroy = false } plans ["forget"]; the object stays. */
    @Test
    void forgetIsNotADestroy() throws Exception {
        Map<String, Object> before = Map.of("identifier", "orders", "engine", "postgres");
        PlanReadResult result = reader.read(write("plan.json", plan(List.of(
                resource("aws_db_instance.orders", "aws_db_instance", List.of("forget"), before, null)))));

        assertThat(result.resources()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(ResourceAction.FORGET);
            assertThat(r.action().destructive()).isFalse();
            assertThat(r.details()).singleElement().asString().contains("removed from Terraform state and kept").contains("not destroyed");
        });
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void otherClouds() throws Exception {
        Map<String, Object> google = resource("google_storage_bucket_iam_member.public", "google_storage_bucket_iam_member",
                List.of("create"), null, Map.of("role", "roles/storage.objectViewer", "member", "allUsers"));
        Map<String, Object> owner = resource("google_project_iam_binding.owners", "google_project_iam_binding",
                List.of("update"), Map.of(), Map.of("role", "roles/owner", "members", List.of("user:a@example.com")));
        Map<String, Object> azure = resource("azurerm_role_assignment.owner", "azurerm_role_assignment", List.of("create"), null,
                Map.of("role_definition_name", "Owner", "scope", "/subscriptions/1"));
        Map<String, ResourceChange> r = byAddress(reader.read(write("plan.json", plan(List.of(google, owner, azure)))));

        assertThat(r.get("google_storage_bucket_iam_member.public").traits()).containsExactlyInAnyOrder(IAM, IAM_PUBLIC_PRINCIPAL);
        assertThat(r.get("google_storage_bucket_iam_member.public").details())
                .containsExactly("grants roles/storage.objectViewer to allUsers (public)");
        assertThat(r.get("google_project_iam_binding.owners").traits()).containsExactlyInAnyOrder(IAM, IAM_ACCOUNT_LEVEL);
        assertThat(r.get("azurerm_role_assignment.owner").traits()).containsExactlyInAnyOrder(IAM, IAM_ACCOUNT_LEVEL);
    }

    @Test
    void structuralTraitsByType() {
        assertThat(TerraformPlanReader.structuralTraits("aws_iam_user")).containsExactly(IAM);
        assertThat(TerraformPlanReader.structuralTraits("google_project_iam_member")).containsExactly(IAM);
        assertThat(TerraformPlanReader.structuralTraits("google_service_account_key")).containsExactly(IAM);
        assertThat(TerraformPlanReader.structuralTraits("azurerm_role_definition")).containsExactly(IAM);
        assertThat(TerraformPlanReader.structuralTraits("aws_secretsmanager_secret_version")).containsExactly(SECRET);
        assertThat(TerraformPlanReader.structuralTraits("vault_generic_secret")).containsExactly(SECRET);
        assertThat(TerraformPlanReader.structuralTraits("google_secret_manager_secret")).containsExactly(SECRET);
        assertThat(TerraformPlanReader.structuralTraits("azurerm_key_vault_secret")).containsExactly(SECRET);
        assertThat(TerraformPlanReader.structuralTraits("kubernetes_secret_v1")).containsExactly(SECRET);
        assertThat(TerraformPlanReader.structuralTraits("aws_acm_certificate")).containsExactly(CERTIFICATE);
        assertThat(TerraformPlanReader.structuralTraits("aws_acmpca_certificate_authority")).containsExactly(CERTIFICATE);
        assertThat(TerraformPlanReader.structuralTraits("tls_private_key")).containsExactly(CERTIFICATE);
        assertThat(TerraformPlanReader.structuralTraits("kubernetes_namespace_v1")).containsExactly(NAMESPACE);
        assertThat(TerraformPlanReader.structuralTraits("kubernetes_cluster_role_binding")).containsExactly(RBAC);
        assertThat(TerraformPlanReader.structuralTraits("kubernetes_role_v1")).containsExactly(RBAC);
        assertThat(TerraformPlanReader.structuralTraits("kubernetes_network_policy")).containsExactly(NETWORK_POLICY);
        assertThat(TerraformPlanReader.structuralTraits("aws_network_acl_rule")).containsExactly(NETWORK_POLICY);
        assertThat(TerraformPlanReader.structuralTraits("aws_instance")).isEmpty();
    }

    @Test
    void digestIsTheSha256OfThePlanBytes() throws Exception {
        Path file = write("plan.json", json(plan(realisticResources())) + "\n\n");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

        PlanReadResult result = reader.read(file);

        assertThat(result.digest()).isEqualTo(new InputDigest("terraform-plan", file.toString(), expected));
    }

    @Test
    void readsFromAStreamLikeFromAFile() throws Exception {
        Path file = write("plan.json", plan(realisticResources()));

        PlanReadResult fromFile = reader.read(file);
        PlanReadResult fromStream = reader.read(file.toString(), new ByteArrayInputStream(Files.readAllBytes(file)));

        assertThat(fromStream).isEqualTo(fromFile);
    }

    @Test
    void planWithoutChangesHasNoResources() throws Exception {
        Map<String, Object> p = plan(List.of());
        p.remove("resource_changes");

        PlanReadResult result = reader.read(write("plan.json", p));

        assertThat(result.resources()).isEmpty();
        assertThat(result.resourceCount()).isZero();
    }

    @Test
    void incompletePlanIsReadAndSaysSo() throws Exception {
        Map<String, Object> p = plan(realisticResources());
        p.put("complete", false);

        PlanReadResult result = reader.read(write("plan.json", p));
        assertThat(result.warnings()).singleElement().asString().contains("complete: false");
        assertThat(result.complete()).isFalse();
        assertThat(result.whole()).isFalse();
        assertThat(result.notes()).extracting(InputNote::kind).containsExactly(InputNote.Kind.PLAN_INCOMPLETE);
        assertThat(result.resources()).isNotEmpty();
    }

    @Test
    void erroredPlanIsReadAsPartial() throws Exception {
        Map<String, Object> p = plan(realisticResources());
        p.put("errored", true);
        p.put("applyable", false);

        PlanReadResult result = reader.read(write("errored.json", p));
        assertThat(result.errored()).isTrue();
        assertThat(result.whole()).isFalse();
        assertThat(result.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(InputNote.Kind.PLAN_ERRORED);
            assertThat(n.message()).contains("errored: true").contains("partial");
        });
    }

    /** Terraform 0.12 to 0.15 write format_version 0.1, Terraform 1.0 writes 0.2: same resource_changes shape. */
    @Test
    void readsTerraform012To10Plans() throws Exception {
        for (String[] v : List.of(new String[] {"0.1", "0.12.31"}, new String[] {"0.1", "0.15.5"}, new String[] {"0.2", "1.0.11"},
                new String[] {"1.0", "1.1.9"}, new String[] {"1.2", "1.8.5"})) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("format_version", v[0]);
            p.put("terraform_version", v[1]);
            p.put("planned_values", Map.of("root_module", Map.of()));
            p.put("resource_changes", realisticResources());
            p.put("configuration", Map.of("root_module", Map.of()));
            PlanReadResult result = reader.read(write("plan-" + v[1] + ".json", p));
            assertThat(result.formatVersion()).isEqualTo(v[0]);
            assertThat(result.terraformVersion()).isEqualTo(v[1]);
            assertThat(byAddress(result).get("module.net.aws_vpc.main").action()).isEqualTo(ResourceAction.REPLACE);
        }
    }

    /** OpenTofu writes the same JSON with its own version (format_version 1.2, terraform_version 1.8.x). */
    @Test
    void readsOpenTofuPlans() throws Exception {
        Map<String, Object> p = plan(realisticResources());
        p.put("terraform_version", "1.8.3");
        assertThat(reader.read(write("tofu.json", p)).resources()).isNotEmpty();
    }

    /** Windows PowerShell's "terraform show -json plan > plan.json" writes UTF-16 LE with a byte order mark. */
    @Test
    void readsUtf16PlansWithAByteOrderMark() throws Exception {
        byte[] utf16 = ("\uFEFF" + json(plan(realisticResources()))).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        Path file = dir.resolve("win.json");
        Files.write(file, utf16);
        assertThat(reader.read(file).resources()).isNotEmpty();
    }

    // ------------------------------------------------------------------ errors

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> reader.read(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": plan file not found")
                .extracting(e -> ((InvalidInputException) e).input()).isEqualTo(missing.toString());
    }

    @Test
    void directoryIsNotAPlan() {
        assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("is a directory");
    }

    @Test
    @Timeout(10)
    void twoGigabytePlanIsRefusedBeforeReading() throws Exception {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(2L << 30); // sparse: no disk used
        }

        assertThatThrownBy(() -> reader.read(huge))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(huge + ": plan file is 2147483648 bytes (2.0 GiB), over the limit of 1073741824 bytes (1.0 GiB) (maxPlanBytes)");
    }

    @Test
    void streamLongerThanTheLimitIsRefused() throws Exception {
        byte[] bytes = json(plan(realisticResources())).getBytes(StandardCharsets.UTF_8);
        TerraformPlanReader small = new TerraformPlanReader(InputLimits.defaults().withMaxPlanBytes(1000));

        assertThatThrownBy(() -> small.read("stdin", new ByteArrayInputStream(bytes)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("stdin: not a readable Terraform plan: over a limit")
                .hasMessageContaining("maxDocumentLength");
    }

    @Test
    void truncatedJsonNamesFileAndLine() throws Exception {
        String full = json(plan(realisticResources()));
        String truncated = full.substring(0, full.indexOf("\"aws_db_instance.orders\"") + 10);
        int lines = (int) truncated.lines().count();
        Path file = write("truncated.json", truncated);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": not a readable Terraform plan: malformed JSON at line " + lines + ", column ")
                .extracting(e -> ((InvalidInputException) e).input()).isEqualTo(file.toString());
    }

    @Test
    void syntaxErrorNamesLineAndColumn() throws Exception {
        Path file = write("bad.json", "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [ } \n}");

        assertThatThrownBy(() -> reader.read(file))
                .hasMessageStartingWith(file + ": not a readable Terraform plan: malformed JSON at line 3, column 25: Unexpected close marker '}'")
                .hasMessageEndingWith("(for Array starting at [line: 3, column: 23])");
    }

    @Test
    void jsonThatIsNotAPlan() throws Exception {
        assertThatThrownBy(() -> reader.read(write("package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}")))
                .hasMessageEndingWith("package.json: not a Terraform plan: it has no format_version; expected the output of terraform show -json PLANFILE");
        assertThatThrownBy(() -> reader.read(write("state.json",
                "{\"format_version\":\"1.0\",\"terraform_version\":\"1.9.5\",\"values\":{\"root_module\":{}}}")))
                .hasMessageContaining("not a Terraform plan: this looks like Terraform state");
        assertThatThrownBy(() -> reader.read(write("array.json", "[{\"format_version\":\"1.2\"}]")))
                .hasMessageContaining("not a Terraform plan: the top level is not a JSON object");
        assertThatThrownBy(() -> reader.read(write("empty.json", "")))
                .hasMessageContaining("not a Terraform plan: the file is empty");
        assertThatThrownBy(() -> reader.read(write("two.json", "{\"format_version\":\"1.2\",\"resource_changes\":[]} {}")))
                .hasMessageContaining("unexpected content after the plan's JSON object");
    }

    @Test
    void unsupportedFormatIsRefused() throws Exception {
        for (String version : List.of("2.0", "0.0", "0.3", "10.1")) {
            Map<String, Object> future = plan(realisticResources());
            future.put("format_version", version);
            assertThatThrownBy(() -> reader.read(write("future.json", future)))
                    .hasMessageContaining("future.json: unsupported plan format_version " + version + " (this reader understands 0.1 and 0.2");
        }
    }

    /** Files found among real plan fixtures that are not plans: each refused saying what it is. */
    @Test
    void nonPlansAreRefusedSayingWhatTheyAre() throws Exception {
        assertThatThrownBy(() -> reader.read(write("arm.json", "{\"$schema\":\"https://schema.management.azure.com/schemas/"
                + "2019-04-01/deploymentTemplate.json#\",\"contentVersion\":\"1.0.0.0\",\"resources\":[]}")))
                .hasMessageContaining("not a Terraform plan: this looks like an Azure Resource Manager (ARM) template");
        assertThatThrownBy(() -> reader.read(write("cfn.json", "{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{}}")))
                .hasMessageContaining("this looks like an AWS CloudFormation template");
        assertThatThrownBy(() -> reader.read(write("fragment.json", "{\"planned_values\":{\"root_module\":{}},"
                + "\"configuration\":{\"root_module\":{}}}")))
                .hasMessageContaining("this looks like a fragment of a plan (plan sections without format_version)");
        assertThatThrownBy(() -> reader.read(write("state.json", "{\"format_version\":\"0.1\",\"terraform_version\":\"0.12.29\","
                + "\"values\":{\"root_module\":{}}}")))
                .hasMessageContaining("this looks like Terraform state");
    }

    @Test
    void malformedEntriesAreRefused() throws Exception {
        Map<String, Object> noActions = resource("aws_vpc.a", "aws_vpc", List.of(), null, Map.of());
        ((Map<?, ?>) noActions.get("change")).remove("actions");

        assertThatThrownBy(() -> reader.read(write("p1.json", plan(List.of(noActions)))))
                .hasMessageContaining("resource aws_vpc.a (line ").hasMessageContaining("has no change.actions");
        assertThatThrownBy(() -> reader.read(write("p2.json", "{\"format_version\":\"1.2\",\"resource_changes\":[{\"type\":\"aws_vpc\"}]}")))
                .hasMessageContaining("the resource_changes entry at line 1 has no address or type");
        assertThatThrownBy(() -> reader.read(write("p3.json", "{\"format_version\":\"1.2\",\"resource_changes\":{}}")))
                .hasMessageContaining("resource_changes is not an array (line 1, column ");
        assertThatThrownBy(() -> reader.read(write("p4.json", "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":7}]}")))
                .hasMessageContaining("address is not a string");
    }

    @Test
    @Timeout(10)
    void deepNestingIsAClearErrorNotAStackOverflow() throws Exception {
        String deep = "{\"format_version\":\"1.2\",\"planned_values\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        Path file = write("deep.json", deep);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": not a readable Terraform plan: over a limit at line 1, column ")
                .hasMessageContaining("nesting depth (201) exceeds the maximum allowed (200, limit maxNestingDepth)");
    }

    @Test
    void hugeStringValueIsRefusedWhenRead() throws Exception {
        TerraformPlanReader small = new TerraformPlanReader(InputLimits.defaults().withMaxStringLength(10_000));
        String longPolicy = policy(statement("Effect", "Allow", "Action", "s3:GetObject", "Resource", "x".repeat(20_000)));
        Path file = write("long.json", plan(List.of(resource("aws_iam_policy.long", "aws_iam_policy", List.of("create"), null,
                Map.of("policy", longPolicy)))));

        assertThatThrownBy(() -> small.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": not a readable Terraform plan: over a limit at line ")
                .hasMessageContaining("String value length")
                .hasMessageContaining("limit maxStringLength");
    }

    @Test
    void hugeStringInASkippedSectionCostsNothing() throws Exception {
        TerraformPlanReader small = new TerraformPlanReader(InputLimits.defaults().withMaxStringLength(10_000));
        Map<String, Object> p = plan(realisticResources());
        p.put("configuration", Map.of("blob", "y".repeat(50_000)));

        assertThat(small.read(write("skipped.json", p)).resources()).hasSize(9);
    }

    @Test
    void defaultLimits() {
        InputLimits d = InputLimits.defaults();

        assertThat(d.maxPlanBytes()).isEqualTo(1L << 30);
        assertThat(d.maxManifestBytes()).isEqualTo(8L << 20);
        assertThat(d.maxManifestFiles()).isEqualTo(5_000);
        assertThat(d.maxDocuments()).isEqualTo(1_000);
        assertThat(d.maxYamlAliases()).isEqualTo(20);
        assertThat(d.maxNestingDepth()).isEqualTo(200);
        assertThat(d.maxStringLength()).isEqualTo(32 << 20);
        assertThatThrownBy(() -> d.withMaxPlanBytes(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPlanBytes");
    }
}
