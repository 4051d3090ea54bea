package io.jenkins.plugins.aigovernance.core.change.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.jenkins.plugins.aigovernance.core.change.InputDigest;
import io.jenkins.plugins.aigovernance.core.change.InputLimits;
import io.jenkins.plugins.aigovernance.core.change.PlanSectionListener;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds one Terraform JSON document ({@code terraform show -json} of a plan or of a state) to a {@link GraphBuilder}:
 *
 * <ul>
 * <li>every resource instance of {@code prior_state}, {@code planned_values} (plans) or {@code values} (states),
 *     in {@code root_module} and all {@code child_modules}, becomes a node; its unit is its outermost module
 *     instance ({@link UnitKind#MODULE}), else the workspace ({@link UnitKind#WORKSPACE});</li>
 * <li>attribute values: each resource's {@code arn} and {@code id} identify it; string values under reference-like
 *     keys ({@code *_id}, {@code *_ids}, {@code *_arn}, {@code *_arns}, {@code role}, {@code roles}, {@code user},
 *     {@code group}, {@code security_groups}, {@code subnets}, ...), every value that is an ARN, and ARNs inside JSON
 *     policy documents (trust policies give {@link EdgeKind#TRUSTED_BY}) become edges when they name another
 *     resource of any document given; {@code tags}, {@code tags_all} and {@code description} are not read. The
 *     edge kind comes from the key ({@code permissions_boundary}, {@code policy_arn}, {@code kms_key_id},
 *     {@code vpc_security_group_ids}, {@code subnet_id}, ...). Policy attachments
 *     ({@code aws_iam_*_policy_attachment}, {@code aws_iam_policy_attachment}) also link the policy to the principals;</li>
 * <li>{@code depends_on} of state resources, and in {@code configuration}: every expression's {@code references}
 *     (resources, {@code data.*}, {@code var.*} through the module call's input expression, {@code module.x.out}
 *     through the module's output expression), {@code count}/{@code for_each} expressions and {@code depends_on},
 *     resolved per module instance. References through {@code local.*} are not in the JSON and are not seen.</li>
 * </ul>
 *
 * Streaming: the document is never held as a tree; per resource only the identifying and reference-like values
 * are kept. Use as a {@link PlanSectionListener} of the plan reader (same pass), or {@link #readFile(Path)} for an
 * extra state file; then {@link #finish()}. One instance per document; not thread-safe.
 */
public final class TerraformGraphReader implements PlanSectionListener {

    /** {@link InputDigest#kind()} of extra state files. */
    public static final String DIGEST_KIND = "terraform-state";

    private static final Set<String> ATTACHMENTS = Set.of("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment",
            "aws_iam_group_policy_attachment", "aws_iam_policy_attachment");
    private static final Set<String> PRINCIPAL_KEYS = Set.of("role", "roles", "user", "users", "group", "groups");
    private static final Set<String> UNREAD = Set.of("tags", "tags_all", "description", "timeouts");
    /** Reference-like keys without a {@code _id}/{@code _arn} suffix and without an edge kind of their own. */
    private static final Set<String> REFERENCE_KEYS = Set.of("function_name", "bucket", "queue_url", "topic", "load_balancer",
            "cluster", "repository", "key_id", "secret_id", "certificate_arn", "log_group", "stream_name", "domain_name_configuration");

    private final GraphBuilder graph;
    private final String source;
    private final boolean mainPlan;
    private final InputLimits limits;
    /** module instance path + local address -> instances. */
    private final Map<String, List<Integer>> groups = new HashMap<>();
    /** configuration address (no keys) -> instances, for depends_on; built when first needed. */
    private Map<String, List<Integer>> configGroups;
    /** configuration module path (no keys) -> module instance paths. */
    private final Map<String, Set<String>> moduleInstances = new HashMap<>();
    /** module instance path -> call name -> child module instance paths. */
    private final Map<String, Map<String, Set<String>>> children = new HashMap<>();
    private final Map<String, ConfigModule> modules = new LinkedHashMap<>();
    private final Map<String, Integer> junctions = new HashMap<>();
    private final Map<String, Integer> inJunctions = new HashMap<>();
    /** address -> node of this document's resources. */
    private final Map<String, Integer> nodes;
    /** The module instance of the previous new resource and its unit: resources come grouped by module. */
    private String lastModulePath;
    private String lastUnit;
    private UnitKind lastUnitKind;
    private final Set<String> modulePaths = new HashSet<>();
    /** Nodes whose arn or id is known. */
    private final java.util.BitSet identified = new java.util.BitSet();
    /** Attribute names are few and repeat (the parser hands out canonical instances): classified once. */
    private final Map<String, Key> keyClasses = new HashMap<>();
    private static final int MAX_CACHED_KEYS = 4096;
    private final List<Integer> dependsOnHolder = new ArrayList<>();
    private final List<String> dependsOnAddress = new ArrayList<>();
    private final Buffer buffer = new Buffer();
    private boolean sawPriorState;
    private boolean sawResources;
    private int unresolvedConfig;
    private String unresolvedConfigExample;
    private boolean sawLocals;

    /**
     * @param graph    the builder of the change's graph
     * @param source   how nodes name their origin: {@code plan} for the change's plan, else the state file's name
     * @param mainPlan whether this is the change's own plan (units are named without the source; a missing
     *                 {@code prior_state} is noted)
     */
    public TerraformGraphReader(GraphBuilder graph, String source, boolean mainPlan, InputLimits limits) {
        this.graph = graph;
        this.source = source;
        this.mainPlan = mainPlan;
        this.limits = limits;
        this.nodes = graph.resources(source);
        moduleInstances.computeIfAbsent("", k -> new LinkedHashSet<>()).add("");
    }

    @Override
    public boolean section(String field, JsonParser p) throws IOException {
        switch (field) {
            case "prior_state" -> {
                sawPriorState = true;
                state(p);
            }
            case "planned_values", "values" -> moduleValues(p);
            case "configuration" -> configuration(p);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads an extra {@code terraform show -json} output (state or plan) of at most {@link InputLimits#maxPlanBytes()},
     * strictly (duplicate keys and trailing content are refused).
     *
     * @return the file's sha256 digest ({@link #DIGEST_KIND})
     * @throws InvalidInputException naming the file: missing, a directory, too large, unreadable, malformed, or not
     *         Terraform JSON
     */
    public InputDigest readFile(Path file) {
        String name = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "state file not found");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read state file: " + e, e);
        }
        if (attributes.isDirectory()) {
            throw new InvalidInputException(name, "is a directory, not a state file (expected the output of terraform show -json)");
        }
        if (attributes.size() > limits.maxPlanBytes()) {
            throw new InvalidInputException(name, "state file is " + attributes.size() + " bytes, over the limit of "
                    + limits.maxPlanBytes() + " bytes (maxPlanBytes)");
        }
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits.jsonConstraints(limits.maxPlanBytes()))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
        MessageDigest sha = sha256();
        JsonParser p = null;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha); JsonParser parser = factory.createParser(in)) {
            p = parser;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(name, "not Terraform JSON: the top level is not an object (expected terraform show -json output)");
            }
            boolean format = false;
            boolean content = false;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                parser.nextToken();
                if (field.equals("format_version")) {
                    format = true;
                    parser.skipChildren();
                } else if (section(field, parser)) {
                    content = true;
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidInputException(name, "unexpected content after the JSON object");
            }
            if (!format || !content) {
                throw new InvalidInputException(name, "not Terraform JSON: expected terraform show -json output with format_version and"
                        + " values (state) or planned_values / prior_state (plan)");
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(name, "cannot read state file: permission denied", e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidInputException(name, "not readable Terraform JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read state file: " + e, e);
        }
        return new InputDigest(DIGEST_KIND, name, HexFormat.of().formatHex(sha.digest()));
    }

    // ---------------------------------------------------------------- values

    /** A state or plan document's {@code values}. */
    private void state(JsonParser p) throws IOException {
        onlyField(p, "values", this::moduleValues);
    }

    /**
     * Reads the field {@code wanted} of the object at the parser with {@code reader} and skips every other field (and a
     * value that is no object), in one streaming pass.
     */
    private static void onlyField(JsonParser p, String wanted, FieldReader reader) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            if (field.equals(wanted)) {
                reader.read(p);
            } else {
                p.skipChildren();
            }
        }
    }

    /** Reads the value the parser stands at. */
    @FunctionalInterface
    private interface FieldReader {
        void read(JsonParser p) throws IOException;
    }

    private void moduleValues(JsonParser p) throws IOException {
        onlyField(p, "root_module", this::module);
    }

    private void module(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if ((field.equals("resources") || field.equals("child_modules")) && v == JsonToken.START_ARRAY) {
                boolean resources = field.equals("resources");
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (resources) {
                        resource(p);
                    } else {
                        module(p);
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void resource(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        Buffer b = buffer.reset();
        String address = null;
        String type = null;
        Integer seen = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (field) {
                case "address" -> {
                    address = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    seen = address == null ? null : nodes.get(address);
                }
                case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "values" -> {
                    if (seen != null && identified.get(seen)) {
                        p.skipChildren(); // seen in the other tree with its identity: nothing more to learn (see values)
                    } else {
                        values(p, b, seen != null);
                    }
                }
                case "depends_on" -> {
                    if (v == JsonToken.START_ARRAY) {
                        JsonToken t;
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t == JsonToken.VALUE_STRING) {
                                b.dependsOn.add(p.getText());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (address == null || type == null) {
            return;
        }
        sawResources = true;
        Integer known = seen;
        int node;
        if (known != null) {
            node = known;
        } else {
            int moduleEnd = TerraformAddress.moduleEnd(address);
            if (lastModulePath == null || lastModulePath.length() != moduleEnd || !address.startsWith(lastModulePath)) {
                lastModulePath = address.substring(0, moduleEnd);
                String outer = TerraformAddress.outermostModule(lastModulePath);
                if (outer == null) {
                    lastUnit = mainPlan ? "root module" : source;
                    lastUnitKind = UnitKind.WORKSPACE;
                } else {
                    lastUnit = mainPlan ? outer : source + " " + outer;
                    lastUnitKind = UnitKind.MODULE;
                }
                if (modulePaths.add(lastModulePath)) {
                    registerModule(lastModulePath);
                }
            }
            node = graph.add(nodes, source, address, type, lastUnit, lastUnitKind);
            // module instance path + local address: the address up to the resource's own instance key
            int key = address.indexOf('[', moduleEnd);
            groups.computeIfAbsent(key < 0 ? address : address.substring(0, key), k -> new ArrayList<>(1)).add(node);
        }
        for (int i = 0; i < b.identities.size(); i++) {
            graph.identity(node, b.identities.get(i));
            identified.set(node);
        }
        List<String> policies = null;
        List<String> principals = null;
        boolean attachment = ATTACHMENTS.contains(type);
        for (int i = 0; i < b.refValues.size(); i++) {
            graph.valueReference(node, b.refKinds.get(i), b.refValues.get(i));
            if (attachment) {
                String key = b.refKeys.get(i);
                if (key.equals("policy_arn")) {
                    (policies == null ? policies = new ArrayList<>(1) : policies).add(b.refValues.get(i));
                } else if (PRINCIPAL_KEYS.contains(key)) {
                    (principals == null ? principals = new ArrayList<>(2) : principals).add(b.refValues.get(i));
                }
            }
        }
        if (policies != null && principals != null) {
            for (String policy : policies) {
                for (String principal : principals) {
                    graph.valueJoin(policy, principal, EdgeKind.ATTACHED_TO);
                }
            }
        }
        for (int i = 0; i < b.dependsOn.size(); i++) {
            dependsOnHolder.add(node);
            dependsOnAddress.add(b.dependsOn.get(i));
        }
    }

    private void registerModule(String modulePath) {
        String path = modulePath;
        while (!path.isEmpty()) {
            String config = TerraformAddress.parse(path + "x.y").configModulePath();
            if (!moduleInstances.computeIfAbsent(config, k -> new LinkedHashSet<>()).add(path)) {
                return;
            }
            String parent = TerraformAddress.parentModule(path);
            children.computeIfAbsent(parent, k -> new HashMap<>())
                    .computeIfAbsent(TerraformAddress.callName(path), k -> new LinkedHashSet<>()).add(path);
            path = parent;
        }
    }

    /**
     * Reads a resource's attribute values.
     *
     * @param identitiesOnly the resource was seen in the other tree ({@code planned_values} / {@code prior_state}):
     *        only its {@code arn} and {@code id} are read (a replaced resource's old ARN is only in {@code prior_state});
     *        its references are the same in both trees unless the plan changes it, and a changed resource is never a
     *        dependent
     */
    private void values(JsonParser p, Buffer b, boolean identitiesOnly) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            Key c = key(field);
            if (c.cls == IDENTITY) {
                if (v == JsonToken.VALUE_STRING) {
                    b.identities.add(p.getText());
                } else {
                    p.skipChildren();
                }
            } else if (identitiesOnly || c.cls == UNREAD_KEY) {
                p.skipChildren();
            } else if (v == JsonToken.VALUE_STRING) {
                if (c.cls != NOTHING) {
                    string(p, c, c, b, c.cls == REFERENCE);
                }
            } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                value(p, v, c, c, b, c.cls);
            }
        }
    }

    private void value(JsonParser p, JsonToken v, Key top, Key key, Buffer b, byte keyClass) throws IOException {
        if (v == JsonToken.START_OBJECT) {
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                Key c = key(field);
                if (c.cls == UNREAD_KEY) {
                    p.skipChildren();
                } else {
                    value(p, t, top, c, b, c.cls == IDENTITY ? REFERENCE : c.cls);
                }
            }
        } else if (v == JsonToken.START_ARRAY) {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                value(p, t, top, key, b, keyClass);
            }
        } else if (v == JsonToken.VALUE_STRING && keyClass != NOTHING) {
            string(p, top, key, b, keyClass == REFERENCE);
        }
    }

    private static final byte NOTHING = 0;
    private static final byte REFERENCE = 1;
    private static final byte DOCUMENT = 2;
    private static final byte UNREAD_KEY = 3;
    private static final byte IDENTITY = 4;

    /**
     * An attribute name, classified once: what its values may hold ({@link #NOTHING}: strings not decoded, nested
     * values still read; a {@link #REFERENCE}; a {@link #DOCUMENT} or ARN; {@link #UNREAD_KEY}: tags, descriptions,
     * skipped; the resource's own {@link #IDENTITY}, {@code arn} and {@code id}, while a nested {@code arn} names
     * another resource), the edge kind its name gives ({@link #kindOf(String)}) and whether it is a trust policy.
     */
    private record Key(String name, byte cls, EdgeKind kind, boolean trust) {
    }

    private Key key(String name) {
        Key c = keyClasses.get(name);
        if (c == null) {
            byte cls = name.equals("arn") || name.equals("id") ? IDENTITY : UNREAD.contains(name) ? UNREAD_KEY
                    : referenceKey(name) ? REFERENCE : documentKey(name) ? DOCUMENT : NOTHING;
            c = new Key(name, cls, kindOf(name), name.equals("assume_role_policy"));
            if (keyClasses.size() < MAX_CACHED_KEYS) {
                keyClasses.put(name, c);
            }
        }
        return c;
    }

    /** The edge kind of a value under {@code key} inside top-level attribute {@code top}: the key's own, else the top's. */
    private static EdgeKind kind(Key top, Key key) {
        return key.kind != EdgeKind.REFERENCES ? key.kind : top.kind;
    }

    /** A string under a reference or document key; other strings (names, CIDRs, user data) are never decoded. */
    private void string(JsonParser p, Key top, Key key, Buffer b, boolean reference) throws IOException {
        int len = p.getTextLength();
        if (len < 3) {
            return;
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        boolean arn = len > 4 && c[off] == 'a' && c[off + 1] == 'r' && c[off + 2] == 'n' && c[off + 3] == ':';
        if (reference || arn) {
            b.ref(key.name, kind(top, key), p.getText());
        } else if ((c[off] == '{' || c[off] == '[') && contains(c, off, len, "arn:")) {
            EdgeKind k = top.trust ? EdgeKind.TRUSTED_BY : kind(top, key);
            String text = p.getText();
            int at = 0;
            while ((at = text.indexOf("arn:", at)) >= 0) {
                int end = at;
                while (end < text.length() && !terminates(text.charAt(end))) {
                    end++;
                }
                b.ref(key.name, k, text.substring(at, end));
                at = end;
            }
        }
    }

    private static boolean terminates(char ch) {
        return ch == '"' || ch == '\'' || ch == ',' || ch == ']' || ch == '}' || ch == '\\' || Character.isWhitespace(ch);
    }

    private static boolean contains(char[] c, int off, int len, String needle) {
        int n = needle.length();
        outer:
        for (int i = off; i <= off + len - n; i++) {
            for (int j = 0; j < n; j++) {
                if (c[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Keys whose string values name other resources (by id, ARN or name); a nested {@code arn} names another resource. */
    static boolean referenceKey(String key) {
        return key.endsWith("_id") || key.endsWith("_ids") || key.endsWith("_arn") || key.endsWith("_arns") || key.equals("arn")
                || PRINCIPAL_KEYS.contains(key) || REFERENCE_KEYS.contains(key) || kindOf(key) != EdgeKind.REFERENCES;
    }

    /** Keys holding JSON documents (IAM policies) or values that may be ARNs. */
    static boolean documentKey(String key) {
        return key.endsWith("policy") || key.endsWith("policies") || key.endsWith("_document") || key.endsWith("_json")
                || key.equals("principal") || key.equals("principals") || key.equals("resource") || key.equals("resources")
                || key.equals("target") || key.equals("destination") || key.equals("source") || key.equals("identifiers");
    }

    /** The edge kind an attribute's name gives. */
    static EdgeKind kindOf(String key) {
        return switch (key) {
            case "permissions_boundary" -> EdgeKind.PERMISSION_BOUNDARY_OF;
            case "policy_arn", "policy_arns", "managed_policy_arns" -> EdgeKind.ATTACHED_TO;
            case "role", "roles", "role_arn", "iam_role_arn", "execution_role_arn", "task_role_arn", "service_role", "service_role_arn",
                    "iam_instance_profile", "instance_profile", "instance_profile_arn", "iam_role", "role_name" -> EdgeKind.ROLE_OF;
            case "security_groups", "vpc_security_group_ids", "security_group_ids", "security_group_id", "source_security_group_id" ->
                    EdgeKind.SECURITY_GROUP_OF;
            case "kms_key_id", "kms_key_arn", "kms_master_key_id", "kms_key", "key_arn", "kms_key_identifier", "encryption_key_arn",
                    "sse_kms_key_id", "kms_arn" -> EdgeKind.ENCRYPTS;
            case "subnet_id", "subnet_ids", "subnets" -> EdgeKind.IN_SUBNET;
            case "vpc_id" -> EdgeKind.IN_VPC;
            case "target_group_arn", "target_group_arns" -> EdgeKind.TARGET_GROUP_OF;
            case "zone_id", "hosted_zone_id" -> EdgeKind.DNS_ZONE_OF;
            case "log_group_name", "log_group_arn", "log_destination", "destination_arn", "cloudwatch_log_group_arn",
                    "log_destination_arn" -> EdgeKind.LOG_DESTINATION_OF;
            default -> EdgeKind.REFERENCES;
        };
    }

    /** What one resource object held, reused between resources. */
    private static final class Buffer {
        final List<String> identities = new ArrayList<>();
        final List<String> refKeys = new ArrayList<>();
        final List<EdgeKind> refKinds = new ArrayList<>();
        final List<String> refValues = new ArrayList<>();
        final List<String> dependsOn = new ArrayList<>();

        Buffer reset() {
            identities.clear();
            refKeys.clear();
            refKinds.clear();
            refValues.clear();
            dependsOn.clear();
            return this;
        }

        void ref(String key, EdgeKind kind, String value) {
            refKeys.add(key);
            refKinds.add(kind);
            refValues.add(value);
        }
    }

    // ---------------------------------------------------------------- configuration

    /** One attribute's reference. */
    private record AttrRef(String attr, String ref) {
    }

    /** A module's configuration: its resources, module calls and outputs with their references. */
    private static final class ConfigModule {
        final Map<String, List<AttrRef>> resources = new LinkedHashMap<>();
        final Map<String, List<AttrRef>> calls = new LinkedHashMap<>();
        final Map<String, List<AttrRef>> outputs = new LinkedHashMap<>();
    }

    private void configuration(JsonParser p) throws IOException {
        onlyField(p, "root_module", q -> configModule(q, ""));
    }

    private void configModule(JsonParser p, String path) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        ConfigModule m = modules.computeIfAbsent(path, k -> new ConfigModule());
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (field) {
                case "resources" -> {
                    if (v != JsonToken.START_ARRAY) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        configResource(p, m);
                    }
                }
                case "module_calls" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    String call;
                    while ((call = p.nextFieldName()) != null) {
                        p.nextToken();
                        configCall(p, m, path, call);
                    }
                }
                case "outputs" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    String output;
                    while ((output = p.nextFieldName()) != null) {
                        p.nextToken();
                        List<AttrRef> refs = m.outputs.computeIfAbsent(output, k -> new ArrayList<>());
                        collect(p, output, refs);
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private void configResource(JsonParser p, ConfigModule m) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String address = null;
        List<AttrRef> refs = new ArrayList<>();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (field) {
                case "address" -> address = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "expressions" -> collect(p, "", refs);
                case "count_expression", "for_each_expression" -> collect(p, "count", refs);
                case "depends_on" -> strings(p, "depends_on", refs);
                default -> p.skipChildren();
            }
        }
        if (address != null) {
            m.resources.computeIfAbsent(address, k -> new ArrayList<>()).addAll(refs);
        }
    }

    private void configCall(JsonParser p, ConfigModule m, String path, String call) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        List<AttrRef> inputs = m.calls.computeIfAbsent(call, k -> new ArrayList<>());
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "expressions" -> collect(p, "", inputs);
                case "module" -> configModule(p, path + "module." + call + ".");
                default -> p.skipChildren();
            }
        }
    }

    /** Every string of every {@code references} array below the current value, with the nearest attribute name. */
    private void collect(JsonParser p, String attr, List<AttrRef> out) throws IOException {
        JsonToken v = p.currentToken();
        if (v == JsonToken.START_OBJECT) {
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                if (field.equals("references")) {
                    strings(p, attr, out);
                } else if (field.equals("constant_value")) {
                    p.skipChildren();
                } else {
                    collect(p, field.equals("expression") ? attr : attr.isEmpty() || isBlockAttribute(field) ? field : attr, out);
                }
            }
        } else if (v == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                collect(p, attr, out);
            }
        }
    }

    /** Nested block attributes carry their own name when it says more than the block's ({@code kms_key_id} in a block). */
    private static boolean isBlockAttribute(String field) {
        return referenceKey(field);
    }

    private void strings(JsonParser p, String attr, List<AttrRef> out) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                out.add(new AttrRef(attr, p.getText()));
            } else {
                p.skipChildren();
            }
        }
    }

    // ---------------------------------------------------------------- resolution

    /** Resolves configuration references and {@code depends_on} into edges; call once after reading. */
    public void finish() {
        if (mainPlan && !sawPriorState && sawResources) {
            graph.note("the plan has no prior_state (a first apply?): dependents come only from planned values and configuration");
        }
        for (int i = 0; i < dependsOnHolder.size(); i++) {
            int j = configJunction(dependsOnAddress.get(i));
            if (j >= 0) {
                graph.edge(j, dependsOnHolder.get(i), EdgeKind.REFERENCES);
            }
        }
        for (Map.Entry<String, ConfigModule> e : modules.entrySet()) {
            ConfigModule m = e.getValue();
            for (String instance : moduleInstances.getOrDefault(e.getKey(), Set.of())) {
                for (Map.Entry<String, List<AttrRef>> r : m.resources.entrySet()) {
                    int out = outJunction(instance + r.getKey());
                    if (out >= 0) {
                        link(instance, r.getValue(), out);
                    }
                }
                for (Map.Entry<String, List<AttrRef>> c : m.calls.entrySet()) {
                    Set<String> calls = children.getOrDefault(instance, Map.of()).getOrDefault(c.getKey(), Set.of());
                    for (String child : calls) {
                        for (AttrRef in : c.getValue()) {
                            EdgeKind k = kindOf(in.attr());
                            for (int t : resolve(instance, in.ref(), c.getValue())) {
                                graph.edge(t, junction("var", child, in.attr()), k);
                            }
                        }
                    }
                }
                for (Map.Entry<String, List<AttrRef>> o : m.outputs.entrySet()) {
                    int out = junction("output", instance, o.getKey());
                    for (AttrRef ref : o.getValue()) {
                        for (int t : resolve(instance, ref.ref(), o.getValue())) {
                            graph.edge(t, out, EdgeKind.INTERNAL);
                        }
                    }
                }
            }
        }
        if (unresolvedConfig > 0) {
            graph.note(source + ": " + unresolvedConfig + " configuration reference(s) name resources in no state (e.g. "
                    + unresolvedConfigExample + ")");
        }
        if (sawLocals) {
            graph.note(source + ": references through locals (local.*) are not in terraform show -json and are not followed");
        }
    }

    private void link(String instance, List<AttrRef> refs, int out) {
        for (AttrRef ref : refs) {
            EdgeKind k = ref.attr().equals("depends_on") || ref.attr().equals("count") ? EdgeKind.REFERENCES : kindOf(ref.attr());
            for (int t : resolve(instance, ref.ref(), refs)) {
                graph.edge(t, out, k);
            }
        }
    }

    /** The junctions a reference inside module instance {@code instance} stands for. */
    private List<Integer> resolve(String instance, String ref, List<AttrRef> siblings) {
        if (ref.startsWith("var.")) {
            return instance.isEmpty() ? List.of() : List.of(junction("var", instance, segment(ref, 4)));
        }
        if (ref.startsWith("module.")) {
            String call = segment(ref, 7);
            int after = 7 + call.length();
            String output = after < ref.length() && ref.charAt(after) == '.' ? segment(ref, after + 1) : null;
            if (output == null) {
                String specific = "module." + call + ".";
                for (AttrRef s : siblings) {
                    if (s.ref().startsWith(specific)) {
                        return List.of(); // the specific module.call.output reference is resolved instead
                    }
                }
            }
            List<Integer> out = new ArrayList<>();
            for (String child : children.getOrDefault(instance, Map.of()).getOrDefault(call, Set.of())) {
                if (output != null) {
                    out.add(junction("output", child, output));
                } else {
                    ConfigModule cm = modules.get(TerraformAddress.parse(child + "x.y").configModulePath());
                    if (cm != null) {
                        for (String o : cm.outputs.keySet()) {
                            out.add(junction("output", child, o));
                        }
                    }
                }
            }
            return out;
        }
        if (ref.startsWith("local.")) {
            sawLocals = true;
            return List.of();
        }
        if (ref.startsWith("each.") || ref.startsWith("count.") || ref.startsWith("path.") || ref.startsWith("self.")
                || ref.startsWith("terraform.")) {
            return List.of();
        }
        String local;
        if (ref.startsWith("data.")) {
            String type = segment(ref, 5);
            int nameAt = 5 + type.length() + 1;
            local = nameAt < ref.length() ? "data." + type + "." + segment(ref, nameAt) : null;
        } else {
            String type = segment(ref, 0);
            int nameAt = type.length() + 1;
            local = nameAt < ref.length() ? type + "." + segment(ref, nameAt) : null;
        }
        if (local == null) {
            return List.of();
        }
        int in = inJunction(instance + local);
        return in < 0 ? List.of() : List.of(in);
    }

    private static String segment(String s, int from) {
        int end = from;
        while (end < s.length() && s.charAt(end) != '.' && s.charAt(end) != '[') {
            end++;
        }
        return s.substring(from, end);
    }

    private int junction(String kind, String instance, String name) {
        return junctions.computeIfAbsent(kind + ' ' + instance + ' ' + name, k -> graph.junction());
    }

    /**
     * A junction all instances of a configuration address in one module instance lead into (the instance itself when
     * there is one); -1 when there are none.
     */
    private int inJunction(String key) {
        List<Integer> instances = groups.get(key);
        if (instances == null) {
            unresolvedConfig++;
            if (unresolvedConfigExample == null) {
                unresolvedConfigExample = key;
            }
            return -1;
        }
        if (instances.size() == 1) {
            return instances.get(0); // one instance: no junction needed
        }
        Integer j = inJunctions.get(key);
        if (j != null) {
            return j;
        }
        int n = graph.junction();
        inJunctions.put(key, n);
        for (int i : instances) {
            graph.edge(i, n, EdgeKind.INTERNAL);
        }
        return n;
    }

    /**
     * A junction leading to all instances of a configuration address in one module instance (the instance itself when
     * there is one); -1 when there are none. Called once per configuration address and module instance.
     */
    private int outJunction(String key) {
        List<Integer> instances = groups.get(key);
        if (instances == null) {
            return -1;
        }
        if (instances.size() == 1) {
            return instances.get(0);
        }
        int n = graph.junction();
        for (int i : instances) {
            graph.edge(n, i, EdgeKind.INTERNAL);
        }
        return n;
    }

    /** A junction all instances of a configuration address (any module instance) lead into, for {@code depends_on}. */
    private int configJunction(String address) {
        Integer j = junctions.get("dep " + address);
        if (j != null) {
            return j;
        }
        if (configGroups == null) {
            configGroups = new HashMap<>();
            for (Map.Entry<String, Integer> e : nodes.entrySet()) {
                configGroups.computeIfAbsent(TerraformAddress.parse(e.getKey()).configAddress(), k -> new ArrayList<>(1)).add(e.getValue());
            }
        }
        String config = TerraformAddress.parse(address).configAddress();
        List<Integer> instances = configGroups.get(config);
        if (instances == null) {
            return -1;
        }
        int n = graph.junction();
        junctions.put("dep " + address, n);
        for (int i : instances) {
            graph.edge(i, n, EdgeKind.INTERNAL);
        }
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
