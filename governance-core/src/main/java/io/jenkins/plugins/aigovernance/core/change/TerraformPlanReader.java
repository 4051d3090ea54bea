package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the JSON form of a Terraform plan ({@code terraform show -json PLANFILE}) into
 * {@link ResourceChange}s, streaming: the plan is never held as a tree, bulky sections
 * ({@code prior_state}, {@code planned_values}, {@code configuration}, {@code resource_drift}, ...)
 * and attribute values are skipped, and only the few IAM attributes of {@code change.before/after}
 * are read. The sha256 of the plan's bytes is computed in the same pass. Nothing is written anywhere.
 *
 * <p>For each {@code resource_changes[]} entry: data sources ({@code mode: data}) and no-ops are counted,
 * not listed; {@code change.actions} maps to {@link ResourceAction} ({@code ["delete","create"]} and
 * {@code ["create","delete"]} are {@link ResourceAction#REPLACE}; {@code ["forget"]} is {@link ResourceAction#FORGET},
 * not a destroy; any other combination is read as {@code REPLACE} with a detail and an
 * {@link InputNote.Kind#UNRECOGNIZED_ACTION} note, failing closed). Plan formats: {@code format_version} 0.1 and 0.2
 * (Terraform 0.12 to 1.0) and 1.x (Terraform 1.1+, OpenTofu); see {@link #supported(String)}. A plan with
 * {@code complete: false} or {@code errored: true} is read, and says so in {@link PlanReadResult#complete()},
 * {@link PlanReadResult#errored()} and its notes. Traits:
 * <ul>
 * <li>structural ones by resource type: {@link ResourceTrait#IAM} ({@code aws_iam_*}, {@code google_*_iam_*},
 *     {@code google_service_account*}, {@code azurerm_role_*}, {@code kubernetes_service_account*}),
 *     {@link ResourceTrait#SECRET}, {@link ResourceTrait#CERTIFICATE}, {@link ResourceTrait#NAMESPACE},
 *     {@link ResourceTrait#RBAC}, {@link ResourceTrait#NETWORK_POLICY};</li>
 * <li>from AWS policy documents (JSON strings) in {@code policy}, {@code assume_role_policy} (always
 *     {@link ResourceTrait#IAM_TRUST_POLICY}), {@code inline_policy[].policy}, {@code access_policies}:
 *     whatever {@link IamPolicyAnalyzer} finds in {@code after} ({@code before} for deletes). Fail closed, as
 *     {@link IamPolicyAnalysis#unreadable(String)} ({@code Allow * on *}): an unreadable document, and a document
 *     known only after apply where it is required ({@code assume_role_policy}, {@code policy} of {@code *_policy}
 *     types, a configured {@code inline_policy}); optional computed ones ({@code aws_s3_bucket.policy},
 *     {@code aws_kms_key.policy}) are unknown whenever they are not configured and are not analysed;</li>
 * <li>{@link ResourceTrait#IAM_PERMISSION_BOUNDARY} when {@code permissions_boundary} is set on create, or
 *     set, changed or removed by an update or replace;</li>
 * <li>{@link ResourceTrait#IAM_ACCOUNT_LEVEL} for {@code policy_arn} / {@code managed_policy_arns} naming
 *     {@code AdministratorAccess}, {@code IAMFullAccess} or {@code AWSOrganizationsFullAccess}, Google
 *     {@code roles/owner} / {@code roles/editor} grants and Azure {@code Owner} / {@code User Access Administrator}
 *     assignments; {@link ResourceTrait#IAM_PUBLIC_PRINCIPAL} for Google {@code allUsers} / {@code allAuthenticatedUsers}.</li>
 * </ul>
 *
 * <p>Every problem is an {@link InvalidInputException} naming the plan file: missing, a directory, larger
 * than {@link InputLimits#maxPlanBytes()} (checked before reading), malformed JSON (with line and column),
 * nesting or string length over the limits, not a plan (saying what it looks like: Terraform state, an ARM or
 * CloudFormation template, a fragment of a plan), or an unsupported {@code format_version}. The bytes may be UTF-8 or
 * UTF-16/32 with a byte order mark (PowerShell's {@code >} writes UTF-16). This class holds no mutable state.
 */
public final class TerraformPlanReader {

    /** {@link InputDigest#kind()} of plans. */
    public static final String DIGEST_KIND = "terraform-plan";

    private static final Set<String> GOOGLE_ADMIN_ROLES = Set.of("roles/owner", "roles/editor");
    private static final Set<String> GOOGLE_PUBLIC_MEMBERS = Set.of("allUsers", "allAuthenticatedUsers");
    private static final Set<String> AZURE_ADMIN_ROLES = Set.of("Owner", "User Access Administrator");
    /** Attributes of {@code change.before/after} holding AWS policy documents as JSON strings. */
    private static final List<String> DOCUMENT_FIELDS = List.of("policy", "access_policies", "access_policy");
    /** Attributes read by name; any other string attribute is read when it holds a policy document. */
    private static final Set<String> NAMED_FIELDS = Set.of("policy", "access_policies", "access_policy", "assume_role_policy",
            "permissions_boundary", "policy_arn", "role", "member", "role_definition_name", "managed_policy_arns", "members", "inline_policy");
    /** Marks an {@code inline_policy} element whose {@code policy} is known only after apply. */
    private static final String INLINE_POLICY_DOCUMENT = "inline_policy[].policy";

    /** A Terraform resource type as provider schemas spell it. */
    private static final java.util.regex.Pattern TERRAFORM_TYPE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final InputLimits limits;
    private final JsonFactory factory;
    private final IamPolicyAnalyzer analyzer;

    /** A reader with {@link InputLimits#defaults()}. */
    public TerraformPlanReader() {
        this(InputLimits.defaults());
    }

    public TerraformPlanReader(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.analyzer = new IamPolicyAnalyzer(limits);
        this.factory = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictFactory(limits.jsonConstraints(limits.maxPlanBytes()));
    }

    /**
     * Reads a plan JSON file. Its size is checked against {@link InputLimits#maxPlanBytes()} before any byte is read.
     *
     * @throws InvalidInputException naming the file, for every problem with it
     */
    public PlanReadResult read(Path planFile) {
        return read(planFile, null);
    }

    /**
     * Reads a plan JSON file, handing the sections this reader skips to {@code sections} in the same pass.
     *
     * @param sections reads {@code prior_state}, {@code planned_values}, {@code configuration}, ...; {@code null} for none
     * @throws InvalidInputException naming the file, for every problem with it
     */
    public PlanReadResult read(Path planFile, PlanSectionListener sections) {
        String name = planFile.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(planFile, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "plan file not found");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read plan file: " + e, e);
        }
        if (attributes.isDirectory()) {
            throw new InvalidInputException(name, "is a directory, not a plan file (expected the output of terraform show -json PLANFILE)");
        }
        if (attributes.size() > limits.maxPlanBytes()) {
            throw new InvalidInputException(name, "plan file is " + bytes(attributes.size()) + ", over the limit of "
                    + bytes(limits.maxPlanBytes()) + " (maxPlanBytes)");
        }
        try (InputStream in = Files.newInputStream(planFile)) {
            return read(name, in, sections);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(name, "cannot read plan file: permission denied", e);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read plan file: " + e, e);
        }
    }

    /**
     * Reads plan JSON from a stream (which is not closed), e.g. standard input; a stream longer than
     * {@link InputLimits#maxPlanBytes()} is refused when the limit is reached.
     *
     * @param name how errors and the digest name the input
     * @throws InvalidInputException naming {@code name}, for every problem with the input
     */
    public PlanReadResult read(String name, InputStream in) {
        return read(name, in, null);
    }

    /**
     * Reads plan JSON from a stream (which is not closed), handing the sections this reader skips to {@code sections}.
     *
     * @param sections reads {@code prior_state}, {@code planned_values}, {@code configuration}, ...; {@code null} for none
     * @throws InvalidInputException naming {@code name}, for every problem with the input
     */
    public PlanReadResult read(String name, InputStream in, PlanSectionListener sections) {
        Reading reading = null;
        // sha256 runs on a second thread over exactly the bytes the parser consumes
        ParallelDigestInputStream digesting = new ParallelDigestInputStream(in);
        try (JsonParser parser = factory.createParser(digesting)) {
            reading = new Reading(name, parser, sections);
            reading.plan();
            digesting.transferTo(OutputStream.nullOutputStream());
            String hex = digesting.finish();
            return reading.result(new InputDigest(DIGEST_KIND, name, hex));
        } catch (JsonProcessingException e) {
            JsonLocation at = reading == null ? null : reading.parser.currentLocation();
            throw new InvalidInputException(name, "not a readable Terraform plan: " + JsonProblem.describe(e, at), e);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read plan: " + e, e);
        } finally {
            digesting.stopHashing();
        }
    }

    /** One pass over one plan. */
    private final class Reading {
        private final String name;
        private final JsonParser parser;
        private final PlanSectionListener sections;
        private final List<ResourceChange> resources = new ArrayList<>();
        /** Plans repeat documents (the same trust policy on many roles): each distinct one is analysed once. */
        private final Map<String, IamPolicyAnalysis> analyses = new HashMap<>();
        private String formatVersion;
        private String terraformVersion;
        private boolean sawResourceChanges;
        private boolean sawPlannedValues;
        private boolean sawStateValues;
        private boolean errored;
        private boolean incomplete;
        /** Top-level fields of other JSON documents, to say what a file that is not a plan is. */
        private boolean sawArmSchema;
        private boolean sawCloudFormation;
        private boolean sawConfiguration;
        private final List<InputNote> notes = new ArrayList<>();
        private int resourceCount;
        private int unchangedCount;
        private int dataSourceCount;

        Reading(String name, JsonParser parser, PlanSectionListener sections) {
            this.name = name;
            this.parser = parser;
            this.sections = sections;
        }

        /** Hands a section this reader does not need to the listener, else skips it. */
        private void other(String field) throws IOException {
            if (sections == null || !sections.section(field, parser)) {
                parser.skipChildren();
            }
        }

        void plan() throws IOException {
            JsonToken t = parser.nextToken();
            if (t == null) {
                throw notAPlan("the file is empty");
            }
            if (t != JsonToken.START_OBJECT) {
                throw notAPlan("the top level is not a JSON object");
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken v = parser.nextToken();
                switch (field) {
                    case "format_version" -> formatVersion = string(v, field);
                    case "terraform_version" -> terraformVersion = string(v, field);
                    case "errored" -> {
                        errored = v == JsonToken.VALUE_TRUE;
                        parser.skipChildren();
                    }
                    case "complete" -> {
                        incomplete = v == JsonToken.VALUE_FALSE;
                        parser.skipChildren();
                    }
                    case "resource_changes" -> resourceChanges(v);
                    case "planned_values" -> {
                        sawPlannedValues = true;
                        other(field);
                    }
                    case "values" -> {
                        sawStateValues = true;
                        parser.skipChildren();
                    }
                    case "configuration" -> {
                        sawConfiguration = true;
                        other(field);
                    }
                    case "$schema" -> {
                        sawArmSchema |= v == JsonToken.VALUE_STRING && parser.getText().contains("deploymentTemplate");
                        parser.skipChildren();
                    }
                    case "contentVersion" -> {
                        sawArmSchema = true;
                        parser.skipChildren();
                    }
                    case "AWSTemplateFormatVersion", "Resources" -> {
                        sawCloudFormation = true;
                        parser.skipChildren();
                    }
                    default -> other(field);
                }
            }
            if (parser.nextToken() != null) {
                throw problem("unexpected content after the plan's JSON object");
            }
            if (formatVersion == null || (!sawResourceChanges && !sawPlannedValues)) {
                throw notAPlan(whatItIs());
            }
            if (!supported(formatVersion)) {
                throw new InvalidInputException(name, "unsupported plan format_version " + formatVersion + " (this reader understands "
                        + "0.1 and 0.2, written by Terraform 0.12 to 1.0, and 1.x, written by Terraform 1.1+ and OpenTofu)");
            }
            if (errored) {
                notes.add(new InputNote(InputNote.Kind.PLAN_ERRORED, name, "Terraform reported errors while planning (errored: true): "
                        + "the plan lists only part of the change and cannot be applied; scored as a partial plan"));
            }
            if (incomplete) {
                notes.add(new InputNote(InputNote.Kind.PLAN_INCOMPLETE, name, "the plan is incomplete (complete: false): deferred "
                        + "changes are not listed and need another plan; scored as a partial plan"));
            }
        }

        /** What a JSON object that is not a plan looks like. */
        private String whatItIs() {
            if (sawStateValues) {
                return "this looks like Terraform state (terraform show -json without a plan file)";
            }
            if (sawArmSchema) {
                return "this looks like an Azure Resource Manager (ARM) template ($schema / contentVersion)";
            }
            if (sawCloudFormation) {
                return "this looks like an AWS CloudFormation template (AWSTemplateFormatVersion / Resources)";
            }
            if (formatVersion == null && (sawPlannedValues || sawResourceChanges || sawConfiguration)) {
                return "this looks like a fragment of a plan (plan sections without format_version)";
            }
            return formatVersion == null ? "it has no format_version" : "it has no resource_changes or planned_values";
        }

        PlanReadResult result(InputDigest digest) {
            List<String> warnings = notes.stream().map(InputNote::message).toList();
            return new PlanReadResult(resources, digest, formatVersion, terraformVersion, resourceCount, unchangedCount,
                    dataSourceCount, warnings, !incomplete, errored, notes);
        }

        private void resourceChanges(JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_NULL) {
                sawResourceChanges = true;
                return;
            }
            if (v != JsonToken.START_ARRAY) {
                throw problem("resource_changes is not an array");
            }
            sawResourceChanges = true;
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw problem("an entry of resource_changes is not an object");
                }
                resourceCount++;
                Entry e = new Entry(parser.currentLocation().getLineNr());
                String field;
                while ((field = parser.nextFieldName()) != null) {
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "address" -> e.address = string(value, field);
                        case "mode" -> e.mode = string(value, field);
                        case "type" -> e.type = string(value, field);
                        case "name" -> e.name = string(value, field);
                        case "provider_name" -> e.provider = string(value, field);
                        case "deposed" -> e.deposed = string(value, field);
                        case "action_reason" -> e.actionReason = string(value, field);
                        case "previous_address" -> e.previousAddress = string(value, field);
                        case "change" -> change(e, value);
                        default -> parser.skipChildren();
                    }
                }
                add(e);
            }
        }

        private void change(Entry e, JsonToken v) throws IOException {
            if (v != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "actions" -> e.actions = actions(value);
                    case "before" -> e.before = attributes(value);
                    case "after" -> e.after = attributes(value);
                    case "after_unknown" -> e.afterUnknown = unknowns(value);
                    default -> parser.skipChildren();
                }
            }
        }

        private List<String> actions(JsonToken v) throws IOException {
            if (v != JsonToken.START_ARRAY) {
                throw problem("change.actions is not an array");
            }
            List<String> out = new ArrayList<>(2);
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw problem("change.actions holds a value that is not a string");
                }
                out.add(parser.getText());
            }
            return out;
        }

        /** The few IAM attributes of a before/after object; {@code null} when there are none. */
        private Map<String, Object> attributes(JsonToken v) throws IOException {
            if (v != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            Map<String, Object> out = null;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                Object captured;
                switch (field) {
                    case "policy", "access_policies", "access_policy", "assume_role_policy", "permissions_boundary", "policy_arn",
                            "role", "member", "role_definition_name" -> captured = scalar(value);
                    case "managed_policy_arns", "members" -> captured = strings(value);
                    case "inline_policy" -> captured = value == JsonToken.VALUE_STRING ? parser.getText() : inlinePolicies(value);
                    default -> {
                        // a policy document in an attribute of any name (policy_document, content, ...)
                        if (value == JsonToken.VALUE_STRING && looksLikeDocument(parser.getText())) {
                            captured = parser.getText();
                            break;
                        }
                        parser.skipChildren();
                        continue;
                    }
                }
                if (captured != null) {
                    if (out == null) {
                        out = new HashMap<>(8);
                    }
                    out.put(field, captured);
                }
            }
            return out;
        }

        /** A string value; {@link Entry#NOT_A_STRING} for objects, arrays, numbers; {@code null} for null. */
        private Object scalar(JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            if (v == JsonToken.VALUE_NULL) {
                return null;
            }
            parser.skipChildren();
            return Entry.NOT_A_STRING;
        }

        private List<String> strings(JsonToken v) throws IOException {
            if (v != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return null;
            }
            List<String> out = new ArrayList<>();
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_STRING) {
                    out.add(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
            return out;
        }

        /** Consumes one {@code policy} value of an {@code inline_policy} element. */
        @FunctionalInterface
        private interface PolicyValue {
            void accept(JsonToken value) throws IOException;
        }

        /**
         * Walks {@code inline_policy: [{name, policy}, ...]}, handing each element's {@code policy} value
         * to {@code each} (which consumes it) and skipping everything else.
         *
         * @return false when the value is not an array (it is skipped)
         */
        private boolean eachInlinePolicy(JsonToken v, PolicyValue each) throws IOException {
            if (v != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return false;
            }
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                String field;
                while ((field = parser.nextFieldName()) != null) {
                    JsonToken value = parser.nextToken();
                    if (field.equals("policy")) {
                        each.accept(value);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return true;
        }

        /** The policy of each {@code inline_policy} element; {@code null} when it is not a list. */
        private List<Object> inlinePolicies(JsonToken v) throws IOException {
            List<Object> out = new ArrayList<>();
            boolean list = eachInlinePolicy(v, value -> {
                Object p = scalar(value);
                if (p != null) {
                    out.add(p);
                }
            });
            return list ? out : null;
        }

        /** Names of IAM attributes in {@code after_unknown} that are known only after apply. */
        private Set<String> unknowns(JsonToken v) throws IOException {
            if (v == JsonToken.VALUE_TRUE) {
                return Entry.ALL_UNKNOWN;
            }
            if (v != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            Set<String> out = null;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                boolean unknown = false;
                switch (field) {
                    case "policy", "access_policies", "access_policy", "assume_role_policy", "permissions_boundary", "policy_arn" -> {
                        unknown = value == JsonToken.VALUE_TRUE;
                        parser.skipChildren();
                    }
                    case "inline_policy" -> {
                        // true as a whole: not configured (optional + computed); per element: a configured document
                        unknown = anyPolicyUnknown(value);
                        field = INLINE_POLICY_DOCUMENT;
                    }
                    default -> parser.skipChildren();
                }
                if (unknown) {
                    if (out == null) {
                        out = new HashSet<>(4);
                    }
                    out.add(field);
                }
            }
            return out;
        }

        /** Whether any {@code inline_policy} element's document is known only after apply. */
        private boolean anyPolicyUnknown(JsonToken v) throws IOException {
            boolean[] unknown = {false};
            eachInlinePolicy(v, value -> {
                unknown[0] |= value == JsonToken.VALUE_TRUE;
                parser.skipChildren();
            });
            return unknown[0];
        }

        private String string(JsonToken v, String field) throws IOException {
            if (v == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            if (v == JsonToken.VALUE_NULL) {
                return null;
            }
            throw problem(field + " is not a string");
        }

        private void add(Entry e) {
            if ("data".equals(e.mode)) {
                dataSourceCount++;
                return;
            }
            if (e.address == null || e.type == null) {
                throw new InvalidInputException(name, "the resource_changes entry at line " + e.line + " has no address or type");
            }
            if (!TERRAFORM_TYPE.matcher(e.type).matches()) {
                // provider schemas name resource types with ASCII letters, digits, '_' and '-'; a type with spaces or
                // look-alike letters is no type Terraform knows, and would slip past every resourceTypes rule
                throw new InvalidInputException(name, "resource " + e.address + " (line " + e.line + ") has the type '"
                        + KubernetesManifestReader.visible(e.type) + "', which is not a Terraform resource type (ASCII letters,"
                        + " digits, '_' and '-', starting with a letter or '_')");
            }
            if (e.actions == null) {
                throw new InvalidInputException(name, "resource " + e.address + " (line " + e.line + ") has no change.actions");
            }
            ResourceAction action = action(e.actions);
            if (action == ResourceAction.NO_OP) {
                unchangedCount++;
                return;
            }
            ResourceDetails details = new ResourceDetails();
            if (action == null) {
                action = ResourceAction.REPLACE;
                details.add("unrecognized plan actions " + e.actions + "; read as replace (delete + create)");
                notes.add(new InputNote(InputNote.Kind.UNRECOGNIZED_ACTION, name, "resource " + e.address + " has plan actions "
                        + e.actions + ", which this reader does not know; read as replace (delete + create)"));
            } else if (action == ResourceAction.FORGET) {
                details.add("forgotten: removed from Terraform state and kept (removed block with destroy = false); not destroyed");
            }
            EnumSet<ResourceTrait> traits = structuralTraits(e.type);
            iam(e, action, analyses, traits, details);
            if (e.deposed != null) {
                details.add("deposed object " + e.deposed);
            }
            if (e.actionReason != null) {
                details.add("reason: " + e.actionReason);
            }
            if (e.previousAddress != null) {
                details.add("moved from " + e.previousAddress);
            }
            List<String> said = details.toList();
            for (String d : said) {
                if (d.endsWith(IamPolicyAnalysis.FAIL_CLOSED)) {
                    notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, e.address, d));
                }
            }
            resources.add(new ResourceChange(ResourceSource.TERRAFORM, e.address, e.type, e.provider, e.name, null, action,
                    traits, null, said));
        }

        private InvalidInputException problem(String message) {
            JsonLocation at = parser.currentLocation();
            return new InvalidInputException(name, message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }

        private InvalidInputException notAPlan(String why) {
            return new InvalidInputException(name, "not a Terraform plan: " + why
                    + "; expected the output of terraform show -json PLANFILE");
        }
    }

    /** Whether a string attribute holds an AWS policy document (a JSON object with a {@code Statement}). */
    static boolean looksLikeDocument(String value) {
        String t = value.stripLeading();
        return t.startsWith("{") && t.contains("\"Statement\"");
    }

    /** The IAM analysis of one resource's attributes. */
    private void iam(Entry e, ResourceAction action, Map<String, IamPolicyAnalysis> analyses, Set<ResourceTrait> traits,
            ResourceDetails details) {
        boolean delete = action == ResourceAction.DELETE;
        Map<String, Object> state = delete ? e.before : e.after;
        Set<String> unknown = delete || e.afterUnknown == null ? Set.of() : e.afterUnknown;
        String type = e.type;
        if (state != null) {
            for (Map.Entry<String, Object> a : state.entrySet()) {
                if (!NAMED_FIELDS.contains(a.getKey()) && a.getValue() instanceof String) {
                    document(a.getKey(), a.getValue(), false, analyses, traits, details);
                }
            }
        }
        if (type.startsWith("aws_")) {
            // a document that is the resource's purpose (aws_iam_policy.policy, aws_s3_bucket_policy.policy,
            // aws_iam_role.assume_role_policy) fails closed when unknown; optional+computed ones
            // (aws_s3_bucket.policy, aws_kms_key.policy) are unknown whenever they are not configured
            boolean policyResource = type.endsWith("_policy");
            for (String field : DOCUMENT_FIELDS) {
                document(field, value(state, field), policyResource && unknown(unknown, field), analyses, traits, details);
            }
            if (document("assume_role_policy", value(state, "assume_role_policy"), unknown(unknown, "assume_role_policy"),
                    analyses, traits, details)) {
                traits.add(ResourceTrait.IAM_TRUST_POLICY);
            }
            if (unknown(unknown, INLINE_POLICY_DOCUMENT)) {
                document("inline_policy", null, true, analyses, traits, details);
            }
            if (value(state, "inline_policy") instanceof String inline) {
                // aws_ssoadmin_permission_set_inline_policy: the document itself
                document("inline_policy", inline, false, analyses, traits, details);
            } else if (value(state, "inline_policy") instanceof List<?> inline) {
                for (Object p : inline) {
                    document("inline_policy", p, false, analyses, traits, details);
                }
            }
            managedPolicies(state, unknown, delete, traits, details);
            if (!delete) {
                permissionsBoundary(e, action, traits, details);
            }
        } else if (type.startsWith("google_") && type.contains("_iam_")) {
            Object role = value(state, "role");
            if (role instanceof String r && GOOGLE_ADMIN_ROLES.contains(r)) {
                traits.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
                details.add("grants " + r);
            }
            for (String m : oneOrMany(state, "member", "members")) {
                if (GOOGLE_PUBLIC_MEMBERS.contains(m)) {
                    traits.add(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
                    details.add("grants " + (role instanceof String r ? r : "a role") + " to " + m + " (public)");
                }
            }
        } else if (type.equals("azurerm_role_assignment")
                && value(state, "role_definition_name") instanceof String r && AZURE_ADMIN_ROLES.contains(r)) {
            traits.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
            details.add("assigns " + r);
        }
    }

    private static boolean unknown(Set<String> unknown, String field) {
        return unknown == Entry.ALL_UNKNOWN || unknown.contains(field);
    }

    /**
     * Analyses one policy document attribute; adds its traits and details.
     *
     * @param unknown the document is known only after apply: fails closed
     * @return whether there was a document
     */
    private boolean document(String field, Object value, boolean unknown, Map<String, IamPolicyAnalysis> analyses,
            Set<ResourceTrait> traits, ResourceDetails details) {
        IamPolicyAnalysis analysis;
        if (unknown) {
            analysis = IamPolicyAnalysis.unreadable(field + " is known only after apply");
        } else if (value == Entry.NOT_A_STRING) {
            analysis = IamPolicyAnalysis.unreadable(field + " is not a JSON string");
        } else if (value instanceof String s && !s.isBlank()) {
            analysis = analyses.computeIfAbsent(s, analyzer::analyze);
        } else {
            return false;
        }
        traits.addAll(analysis.traits());
        details.addAll(analysis.details());
        return true;
    }

    /**
     * Attached managed policies ({@code policy_arn}, {@code managed_policy_arns}), judged by {@link ManagedPolicyArns}: AWS
     * administrator policies are account-level; AWS managed policies known to be read-only or service execution roles are plain
     * IAM; every other ARN fails closed as {@code Allow * on *}. A detach is judged by what is attached, never failing closed.
     */
    private static void managedPolicies(Map<String, Object> state, Set<String> unknown, boolean delete,
            Set<ResourceTrait> traits, ResourceDetails details) {
        for (String arn : oneOrMany(state, "policy_arn", "managed_policy_arns")) {
            ManagedPolicyArns.judge(arn, delete, traits, details);
        }
        if (unknown(unknown, "policy_arn")) {
            // AWS managed policies have fixed ARNs; an unknown ARN is a policy created in this plan, analysed there
            details.add("attaches a policy created in this plan");
        }
    }

    private static void permissionsBoundary(Entry e, ResourceAction action, Set<ResourceTrait> traits, ResourceDetails details) {
        String before = action == ResourceAction.CREATE ? null : boundary(value(e.before, "permissions_boundary"));
        String after = boundary(value(e.after, "permissions_boundary"));
        boolean unknown = e.afterUnknown != null && unknown(e.afterUnknown, "permissions_boundary");
        String what;
        if (unknown) {
            what = "permissions boundary known only after apply" + (before == null ? "" : " (was " + before + ")");
        } else if (Objects.equals(before, after)) {
            return;
        } else if (before == null) {
            what = "sets permissions boundary " + after;
        } else if (after == null) {
            what = "removes permissions boundary " + before;
        } else {
            what = "changes permissions boundary from " + before + " to " + after;
        }
        traits.add(ResourceTrait.IAM);
        traits.add(ResourceTrait.IAM_PERMISSION_BOUNDARY);
        details.add(what);
    }

    private static String boundary(Object value) {
        if (value == Entry.NOT_A_STRING) {
            return "(not a string)";
        }
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    private static Object value(Map<String, Object> attributes, String field) {
        return attributes == null ? null : attributes.get(field);
    }

    /** The string of attribute {@code one} and the elements of list attribute {@code many} ({@code member} and {@code members}). */
    private static List<String> oneOrMany(Map<String, Object> attributes, String one, String many) {
        List<String> out = new ArrayList<>();
        if (value(attributes, one) instanceof String s) {
            out.add(s);
        }
        if (value(attributes, many) instanceof List<?> list) {
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /**
     * Whether this reader understands a plan {@code format_version}: {@code 0.1} (Terraform 0.12 to 0.15), {@code 0.2}
     * (Terraform 1.0) and major version 1 ({@code 1.0}, {@code 1.1}, ... written by Terraform 1.1+ and OpenTofu). Their
     * {@code resource_changes} have the same shape; later minor versions only add fields, which are ignored.
     */
    static boolean supported(String formatVersion) {
        return formatVersion.equals("0.1") || formatVersion.equals("0.2") || formatVersion.equals("1") || formatVersion.startsWith("1.");
    }

    /** Plan actions to one {@link ResourceAction}; {@code null} for a combination this reader does not know. */
    static ResourceAction action(List<String> actions) {
        if (actions.size() == 1) {
            return switch (actions.get(0)) {
                case "create" -> ResourceAction.CREATE;
                case "update" -> ResourceAction.UPDATE;
                case "delete" -> ResourceAction.DELETE;
                case "read" -> ResourceAction.READ;
                case "no-op" -> ResourceAction.NO_OP;
                case "forget" -> ResourceAction.FORGET;
                default -> null;
            };
        }
        if (actions.size() == 2 && actions.contains("delete") && actions.contains("create")) {
            return ResourceAction.REPLACE;
        }
        return null;
    }

    /** The traits a resource type has by itself. */
    static EnumSet<ResourceTrait> structuralTraits(String type) {
        EnumSet<ResourceTrait> t = EnumSet.noneOf(ResourceTrait.class);
        String ty = type.toLowerCase(Locale.ROOT);
        if (ty.startsWith("aws_iam_") || (ty.startsWith("google_") && ty.contains("_iam_")) || ty.startsWith("google_service_account")
                || ty.startsWith("azurerm_role_") || ty.startsWith("kubernetes_service_account")) {
            t.add(ResourceTrait.IAM);
        }
        if (ty.startsWith("aws_secretsmanager_") || ty.startsWith("vault_") || ty.startsWith("google_secret_manager_")
                || ty.equals("azurerm_key_vault_secret") || ty.startsWith("kubernetes_secret")) {
            t.add(ResourceTrait.SECRET);
        }
        if (ty.startsWith("aws_acm") || ty.startsWith("tls_") || ty.equals("aws_iam_server_certificate")) {
            t.add(ResourceTrait.CERTIFICATE);
        }
        if (ty.startsWith("kubernetes_namespace")) {
            t.add(ResourceTrait.NAMESPACE);
        }
        if (ty.startsWith("kubernetes_cluster_role") || ty.startsWith("kubernetes_role")) {
            t.add(ResourceTrait.RBAC);
        }
        if (ty.startsWith("kubernetes_network_policy") || ty.startsWith("aws_network_acl") || ty.equals("aws_security_group_rule")
                || ty.equals("aws_vpc_security_group_ingress_rule") || ty.equals("aws_vpc_security_group_egress_rule")) {
            t.add(ResourceTrait.NETWORK_POLICY);
        }
        return t;
    }

    /** What one {@code resource_changes[]} entry said, captured while streaming. */
    private static final class Entry {
        static final Object NOT_A_STRING = new Object();
        static final Set<String> ALL_UNKNOWN = Set.of("*");

        final int line;
        String address;
        String mode;
        String type;
        String name;
        String provider;
        String deposed;
        String actionReason;
        String previousAddress;
        List<String> actions;
        Map<String, Object> before;
        Map<String, Object> after;
        Set<String> afterUnknown;

        Entry(int line) {
            this.line = line;
        }
    }

    private static String bytes(long n) {
        double gib = n / (1024.0 * 1024 * 1024);
        double mib = n / (1024.0 * 1024);
        String human = gib >= 1 ? String.format(Locale.ROOT, "%.1f GiB", gib) : String.format(Locale.ROOT, "%.1f MiB", mib);
        return n + " bytes (" + human + ")";
    }
}
