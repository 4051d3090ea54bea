package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads an AWS CloudFormation template (JSON or YAML, also AWS SAM) that a change adds, modifies or deletes into one
 * {@link ResourceChange} per resource: source {@link ResourceSource#CLOUDFORMATION}, address {@code path#LogicalId}, type the
 * CloudFormation type ({@code AWS::IAM::Role}), name the logical id, file the path.
 *
 * <p><b>What is a template.</b> A JSON or YAML document whose top level has {@code AWSTemplateFormatVersion}, or a
 * {@code Resources} mapping with an entry whose {@code Type} starts with {@code AWS::} or {@code Custom::} (or an
 * {@code Fn::ForEach} loop). Anything else (a Kubernetes manifest, a policy document, CI files) is not a template and is
 * left to the other readers.
 *
 * <p><b>IAM.</b> Policy documents are analysed by {@link IamPolicyAnalyzer}, the rules of standalone policy documents, after
 * their intrinsic functions are read the way that grants the most ({@link TemplatePolicyDocuments}, {@link TemplateValues}):
 * a role's {@code AssumeRolePolicyDocument} (always {@link ResourceTrait#IAM_TRUST_POLICY}) and inline
 * {@code Policies[].PolicyDocument}; {@code PolicyDocument} of {@code AWS::IAM::Policy}, {@code ManagedPolicy},
 * {@code RolePolicy}, {@code UserPolicy}, {@code GroupPolicy}; resource policies ({@code AWS::S3::BucketPolicy},
 * {@code AWS::SQS::QueuePolicy}, {@code AWS::SNS::TopicPolicy}, {@code AWS::KMS::Key} {@code KeyPolicy},
 * {@code AWS::ECR::Repository} {@code RepositoryPolicyText}, ... ({@link #DOCUMENTS}), and any other property that holds a
 * policy document (an object with {@code Statement}, or JSON text with one); {@code AWS::Lambda::Permission} and
 * {@code AWS::Lambda::LayerVersionPermission} as the statement they add. {@code ManagedPolicyArns} (and SSO
 * {@code ManagedPolicies}) are judged by {@link ManagedPolicyArns}; a managed policy of the same template is analysed where
 * it is defined; an ARN known only at deploy time fails closed. {@code PermissionsBoundary} set, changed or removed gives
 * {@link ResourceTrait#IAM_PERMISSION_BOUNDARY}, and so does every change of an {@code AWS::IAM::ManagedPolicy} that a
 * principal of the template uses as its boundary. An S3 bucket with a public canned ACL is a public principal.
 *
 * <p><b>SAM</b> ({@code Transform: AWS::Serverless-2016-10-31}): a function's or state machine's {@code Policies} are read
 * (policy documents analysed, managed policy names and ARNs judged as above); SAM policy templates
 * ({@code S3ReadPolicy: {...}}) are not expanded and fail closed ({@code Allow * on *}); a created function without
 * {@code Role} creates its execution role (IAM); a function URL with {@code AuthType: NONE} is public.
 *
 * <p><b>Changes.</b> An added file creates every resource, a deleted one deletes them (read from its last content). For a
 * modified file the previous version is read too: resources it did not have are created, resources it had that are gone
 * are deleted, resources whose definition is the same are left out (unchanged), unless a section they may read
 * ({@code Parameters}, {@code Mappings}, {@code Conditions}, {@code Transform}, {@code Globals}, ...: everything but
 * {@code Resources}, {@code Outputs}, {@code Description}, {@code Metadata}) changed; then every resource counts as updated.
 * When the previous version cannot be read, every resource is updated.
 *
 * <p><b>Fails closed.</b> A template transform other than SAM and {@code AWS::LanguageExtensions}, and any
 * {@code Fn::Transform} (a macro, {@code AWS::Include}), adds one {@value #UNREADABLE_TEMPLATE} resource
 * ({@code path#(transform)}) read as an administrator role anyone can assume ({@link #unreadable}), since what the macro
 * writes is not in the change. Strict
 * reading, as for manifests: YAML with SnakeYAML's safe constructor and CloudFormation's short-form tags ({@code !Ref},
 * {@code !Sub}, {@code !GetAtt}, {@code !Join}, {@code !If}, {@code !Select}, {@code !Split}, {@code !FindInMap},
 * {@code !ImportValue}, {@code !Base64}, {@code !Cidr}, {@code !GetAZs}, {@code !Equals}, {@code !Not}, {@code !And},
 * {@code !Or}, {@code !Condition}, {@code !Transform}); no other tag, no duplicate keys (or merge keys), the limits of
 * {@link InputLimits} (aliases, nesting, size); JSON with no duplicate keys and nothing after the document; a logical id
 * that is not alphanumeric, a resource that is not a mapping with a {@code Type} such as {@code AWS::S3::Bucket}, or
 * more than one YAML document: each is an {@link InvalidInputException} naming the file. This class holds no mutable
 * state.
 */
public final class CloudFormationTemplateReader {

    /** The type of the resource that stands for a template, or a part of one, that cannot be read. */
    public static final String UNREADABLE_TEMPLATE = "UnreadableTemplate";
    static final String SAM = "AWS::Serverless-2016-10-31";
    static final String LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";

    /**
     * The properties that hold a policy document, by resource type (CloudFormation resource reference,
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
     */
    static final Map<String, List<String>> DOCUMENTS = Map.ofEntries(
            Map.entry("AWS::IAM::Policy", List.of("PolicyDocument")), Map.entry("AWS::IAM::ManagedPolicy", List.of("PolicyDocument")),
            Map.entry("AWS::IAM::RolePolicy", List.of("PolicyDocument")), Map.entry("AWS::IAM::UserPolicy", List.of("PolicyDocument")),
            Map.entry("AWS::IAM::GroupPolicy", List.of("PolicyDocument")), Map.entry("AWS::S3::BucketPolicy", List.of("PolicyDocument")),
            Map.entry("AWS::SQS::QueuePolicy", List.of("PolicyDocument")), Map.entry("AWS::SQS::QueueInlinePolicy", List.of("PolicyDocument")),
            Map.entry("AWS::SNS::TopicPolicy", List.of("PolicyDocument")), Map.entry("AWS::SNS::TopicInlinePolicy", List.of("PolicyDocument")),
            Map.entry("AWS::KMS::Key", List.of("KeyPolicy")), Map.entry("AWS::KMS::ReplicaKey", List.of("KeyPolicy")),
            Map.entry("AWS::ECR::Repository", List.of("RepositoryPolicyText")), Map.entry("AWS::ECR::RegistryPolicy", List.of("PolicyText")),
            Map.entry("AWS::SecretsManager::ResourcePolicy", List.of("ResourcePolicy")),
            Map.entry("AWS::Logs::ResourcePolicy", List.of("PolicyDocument")),
            Map.entry("AWS::IoT::Policy", List.of("PolicyDocument")), Map.entry("AWS::ApiGateway::RestApi", List.of("Policy")),
            Map.entry("AWS::S3::AccessPoint", List.of("Policy")), Map.entry("AWS::S3::MultiRegionAccessPointPolicy", List.of("Policy")),
            Map.entry("AWS::S3Express::BucketPolicy", List.of("PolicyDocument")), Map.entry("AWS::Events::EventBus", List.of("Policy")),
            Map.entry("AWS::OpenSearchService::Domain", List.of("AccessPolicies")),
            Map.entry("AWS::Elasticsearch::Domain", List.of("AccessPolicies")),
            Map.entry("AWS::EFS::FileSystem", List.of("FileSystemPolicy")), Map.entry("AWS::Backup::BackupVault", List.of("AccessPolicy")),
            Map.entry("AWS::CodeArtifact::Domain", List.of("PermissionsPolicyDocument")),
            Map.entry("AWS::CodeArtifact::Repository", List.of("PermissionsPolicyDocument")),
            Map.entry("AWS::SSO::PermissionSet", List.of("InlinePolicy")), Map.entry("AWS::Organizations::ResourcePolicy", List.of("Content")));
    /** Types whose documents are identity policies (no principal): a statement known only at deploy time grants to them. */
    private static final Set<String> IDENTITY_TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy", "AWS::SSO::PermissionSet",
            "AWS::Serverless::Function", "AWS::Serverless::StateMachine", "AWS::Organizations::Policy");
    /** S3 canned ACLs that let anyone (or any AWS account) in. */
    private static final Set<String> PUBLIC_ACLS = Set.of("PublicRead", "PublicReadWrite", "AuthenticatedRead");
    /** The top-level sections a resource does not read: a change there leaves an unchanged resource unchanged. */
    private static final Set<String> NOT_READ_BY_RESOURCES = Set.of("Resources", "Outputs", "Description", "Metadata");
    /** CloudFormation's YAML short forms and the functions they stand for (intrinsic function reference). */
    static final Map<String, String> SHORT_FORMS = Map.ofEntries(Map.entry("!Ref", "Ref"), Map.entry("!Condition", "Condition"),
            Map.entry("!Sub", "Fn::Sub"), Map.entry("!GetAtt", "Fn::GetAtt"), Map.entry("!Join", "Fn::Join"), Map.entry("!If", "Fn::If"),
            Map.entry("!Select", "Fn::Select"), Map.entry("!Split", "Fn::Split"), Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!ImportValue", "Fn::ImportValue"), Map.entry("!Base64", "Fn::Base64"), Map.entry("!Cidr", "Fn::Cidr"),
            Map.entry("!GetAZs", "Fn::GetAZs"), Map.entry("!Equals", "Fn::Equals"), Map.entry("!Not", "Fn::Not"), Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"), Map.entry("!Transform", "Fn::Transform"));
    /** A resource type: {@code AWS::S3::Bucket}, {@code Custom::Name}, {@code Org::Service::Module::MODULE} (ASCII). */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9]+(::[A-Za-z0-9_@-]+)+");
    /** A logical id: ASCII letters and digits (template anatomy, Resources). */
    private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]+");
    private static final String FOR_EACH = "Fn::ForEach::";
    /** A variable of {@code Fn::Sub}: {@code ${X}} or {@code ${X.Attr}}, group 1 the logical id. */
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)[^}]*}");
    /** A value that is a resource of the template ({@code {Policy}}, {@code {Policy.PolicyArn}}): see {@link TemplateValues}. */
    private static final Pattern TEMPLATE_RESOURCE = Pattern.compile("\\{([A-Za-z0-9]+)(\\.[A-Za-z0-9.]+)?}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final InputLimits limits;
    private final IamPolicyAnalyzer analyzer;
    /** Made on first use, as the other readers' mappers (docs/performance.md, start-up). */
    private final Supplier<ObjectMapper> json;
    /** A YAML loader per reading thread (a {@code Yaml} is not thread-safe), as {@link KubernetesManifestReader} keeps one. */
    private final ThreadLocal<Yaml> yaml = ThreadLocal.withInitial(this::newYaml);

    /** A reader with {@link InputLimits#defaults()}. */
    public CloudFormationTemplateReader() {
        this(InputLimits.defaults());
    }

    public CloudFormationTemplateReader(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.analyzer = new IamPolicyAnalyzer(limits);
        var constraints = limits.jsonConstraints(limits.maxManifestBytes());
        this.json = new io.jenkins.plugins.aigovernance.core.document.OnFirstUse<>(
                () -> io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictMapper(constraints));
    }

    /**
     * What one changed template file holds.
     *
     * @param template  whether the file is a CloudFormation template at all
     * @param resources its changed resources
     * @param notes     what was read the strictest way ({@link InputNote.Kind#READ_FAIL_CLOSED}), with the file as input
     * @param alsoManifestOrPolicy the template's top level is also a Kubernetes object ({@code apiVersion} and {@code kind})
     *                  or a policy document: it must be read as that too
     */
    public record Read(boolean template, List<ResourceChange> resources, List<InputNote> notes, boolean alsoManifestOrPolicy) {
        static final Read NOT_A_TEMPLATE = new Read(false, List.of(), List.of(), false);

        public Read {
            resources = List.copyOf(resources);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Reads one changed template file.
     *
     * @param repoPath the file's repository path (normalized with {@link RepositoryPath#normalize(String)})
     * @param content  the version the change leaves; for a deleted file, its last content
     * @param previous for a modified or renamed file ({@code action} {@code UPDATE}), the version before; {@code null}
     *                 when there is none or it cannot be had (then every resource is updated)
     * @param action   {@code CREATE} for an added file, {@code DELETE} for a deleted one, else {@code UPDATE}
     * @return {@link Read#template()} {@code false} (and nothing) when the file is not a template
     * @throws InvalidInputException naming the file when {@code content} is over {@link InputLimits#maxManifestBytes()}, is not
     *         valid JSON or YAML, breaks a limit, or is a template that cannot be read (see the class comment); a previous
     *         version that cannot be read is not an error
     */
    public Read read(String repoPath, byte[] content, byte[] previous, ResourceAction action) {
        String path = RepositoryPath.normalize(repoPath);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(action, "action");
        Template now = parse(path, content);
        if (now == null) {
            return Read.NOT_A_TEMPLATE;
        }
        Template before = null;
        boolean beforeKnown = false;
        if (previous != null && action == ResourceAction.UPDATE) {
            try {
                before = parse(path, previous);
                beforeKnown = true;
            } catch (InvalidInputException e) {
                // the old version was never a template CloudFormation could read: nothing is known of what it deployed
                beforeKnown = false;
            }
        }
        boolean sameContext = beforeKnown && before != null && sameContext(now.root(), before.root());
        List<ResourceChange> out = new ArrayList<>();
        List<InputNote> notes = new ArrayList<>();
        if (action != ResourceAction.DELETE && !now.macros().isEmpty()
                && !(sameContext && before.macros().equals(now.macros()) && before.resources().equals(now.resources()))) {
            String why = "the template is rewritten when it is deployed by " + String.join(", ", now.macros())
                    + " (a macro): what it adds is not in this change";
            // named (transform): no logical id has parentheses, so it cannot be taken for a resource of the template
            out.add(new ResourceChange(ResourceSource.CLOUDFORMATION, path + "#(transform)", UNREADABLE_TEMPLATE, null, "(transform)", null,
                    action == ResourceAction.CREATE ? ResourceAction.CREATE : ResourceAction.UPDATE, unreadableTraits(), path,
                    List.of(why + "; read as an administrator role anyone can assume (fail closed)")));
            notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, why + "; read as an administrator role anyone can assume"));
        }
        for (Map.Entry<String, JsonNode> r : now.resources().entrySet()) {
            ResourceAction a = action;
            JsonNode was = null;
            if (action == ResourceAction.UPDATE && beforeKnown) {
                was = before == null ? null : before.resources().get(r.getKey());
                if (was == null) {
                    a = ResourceAction.CREATE;
                } else if (sameContext && was.equals(r.getValue())) {
                    continue;
                }
            }
            out.add(new Reading(path, now, r.getKey(), r.getValue(), a, was, before, action == ResourceAction.UPDATE && !beforeKnown, notes)
                    .read());
        }
        if (before != null) {
            for (Map.Entry<String, JsonNode> r : before.resources().entrySet()) {
                if (!now.resources().containsKey(r.getKey())) {
                    out.add(new Reading(path, before, r.getKey(), r.getValue(), ResourceAction.DELETE, null, null, false, notes).read());
                }
            }
        }
        JsonNode root = now.root();
        boolean other = root.path("apiVersion").isTextual() && root.path("kind").isTextual() || IamPolicyReader.document(root) != null;
        return new Read(true, out, notes, other);
    }

    /**
     * The fail-closed reading of a template that cannot be read: one resource of type {@value #UNREADABLE_TEMPLATE} with the
     * traits of the riskiest template (an administrator role, {@code Allow * on *}, that anyone can assume, with a permissions
     * boundary), so that it can never lower a tier or pass a scope rule a readable template would fail.
     */
    public static ResourceChange unreadable(String path, String why, ResourceAction action) {
        return new ResourceChange(ResourceSource.CLOUDFORMATION, path, UNREADABLE_TEMPLATE, null, path.substring(path.lastIndexOf('/') + 1),
                null, action, unreadableTraits(), path,
                List.of("unreadable template (" + why + "); read as an administrator role anyone can assume (fail closed)"));
    }

    private static Set<ResourceTrait> unreadableTraits() {
        EnumSet<ResourceTrait> t = EnumSet.copyOf(IamPolicyAnalysis.unreadable("").traits());
        t.add(ResourceTrait.IAM_TRUST_POLICY);
        t.add(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        return t;
    }

    /** The structural traits of a resource type (before any document is read). */
    static EnumSet<ResourceTrait> structuralTraits(String type) {
        EnumSet<ResourceTrait> t = EnumSet.noneOf(ResourceTrait.class);
        if (type.startsWith("AWS::IAM::") || type.startsWith("AWS::SSO::") || type.startsWith("AWS::IdentityStore::")
                || type.startsWith("AWS::Organizations::") || type.equals("AWS::EKS::AccessEntry")
                || type.equals("AWS::EKS::PodIdentityAssociation")
                || type.equals("AWS::Lambda::Permission") || type.equals("AWS::Lambda::LayerVersionPermission") || nested(type)) {
            t.add(ResourceTrait.IAM);
        }
        if (type.startsWith("AWS::Organizations::")) {
            t.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
        }
        if (type.startsWith("AWS::SecretsManager::")) {
            t.add(ResourceTrait.SECRET);
        }
        if (type.startsWith("AWS::CertificateManager::") || type.startsWith("AWS::ACMPCA::") || type.equals("AWS::IAM::ServerCertificate")) {
            t.add(ResourceTrait.CERTIFICATE);
        }
        if (type.equals("AWS::EC2::SecurityGroupIngress") || type.equals("AWS::EC2::SecurityGroupEgress") || type.equals("AWS::EC2::NetworkAcl")
                || type.equals("AWS::EC2::NetworkAclEntry") || type.equals("AWS::EC2::SubnetNetworkAclAssociation")) {
            t.add(ResourceTrait.NETWORK_POLICY);
        }
        return t;
    }

    private static boolean nested(String type) {
        return type.equals("AWS::CloudFormation::Stack") || type.equals("AWS::CloudFormation::StackSet")
                || type.equals("AWS::Serverless::Application");
    }

    /** Whether two templates agree on every section a resource may read (all but Resources, Outputs, Description, Metadata). */
    private static boolean sameContext(JsonNode a, JsonNode b) {
        Set<String> keys = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            if (!NOT_READ_BY_RESOURCES.contains(k) && !Objects.equals(a.get(k), b.get(k))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------ parsing

    /**
     * One version of a template.
     *
     * @param resources  logical id (or {@code Fn::ForEach} output key) to definition, in the template's order
     * @param macros     the transforms that rewrite it and are not read ({@code Transform: MyMacro}, {@code Fn::Transform})
     * @param boundaryOf for a managed policy of the template, the principals of the template that use it as their
     *                   permissions boundary
     */
    private record Template(JsonNode root, Map<String, JsonNode> resources, TemplateValues values, List<String> macros,
            Map<String, List<String>> boundaryOf) {
    }

    /** The template in {@code content}, or {@code null} when it is no template. */
    private Template parse(String path, byte[] content) {
        if (content.length > limits.maxManifestBytes()) {
            throw new InvalidInputException(path, "file is " + content.length + " bytes, over the limit of " + limits.maxManifestBytes()
                    + " bytes (maxManifestBytes)");
        }
        JsonNode root = null;
        int first = 0;
        while (first < content.length && (content[first] == ' ' || content[first] == '\t' || content[first] == '\r' || content[first] == '\n')) {
            first++;
        }
        if (first < content.length && content[first] == '{') {
            try {
                root = json.get().readTree(content);
            } catch (JsonProcessingException e) {
                // CloudFormation reads a template that is not JSON as YAML (which a flow-style YAML template is)
                try {
                    root = yamlRoot(path, content);
                } catch (InvalidInputException notYamlEither) {
                    throw new InvalidInputException(path, "not valid JSON: " + JsonProblem.describe(e));
                }
            } catch (IOException e) {
                throw new InvalidInputException(path, "cannot read: " + e, e);
            }
        } else {
            root = yamlRoot(path, content);
        }
        if (root == null || !isTemplate(root)) {
            return null;
        }
        return template(path, root);
    }

    /** Whether a document is a template (see the class comment). */
    static boolean isTemplate(JsonNode root) {
        if (root == null || !root.isObject()) {
            return false;
        }
        if (root.has("AWSTemplateFormatVersion")) {
            return true;
        }
        JsonNode resources = root.get("Resources");
        if (resources == null || !resources.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : resources.properties()) {
            JsonNode type = e.getValue().get("Type");
            if (e.getKey().startsWith(FOR_EACH) || (type != null && type.isTextual()
                    && (type.asText().startsWith("AWS::") || type.asText().startsWith("Custom::")))) {
                return true;
            }
        }
        return false;
    }

    /** The first YAML document that is a template (refused when there are others), or the first document, or {@code null}. */
    private JsonNode yamlRoot(String path, byte[] content) {
        List<JsonNode> documents = new ArrayList<>();
        try {
            Iterator<Object> it = yaml.get().loadAll(new UnicodeReader(new ByteArrayInputStream(content))).iterator();
            while (it.hasNext()) {
                if (documents.size() >= limits.maxDocuments()) {
                    throw new InvalidInputException(path, "more than " + limits.maxDocuments() + " documents (maxDocuments)");
                }
                documents.add(node(it.next()));
            }
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException(path, "refused: duplicate key" + where(e.getProblemMark()) + ": " + e.getProblem()
                    + " (a key given twice is read differently by different tools)");
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? "" : e.getProblem();
            if (problem.startsWith("could not determine a constructor for the tag")) {
                String tag = problem.substring("could not determine a constructor for the tag".length()).trim();
                String known = String.join(", ", new java.util.TreeSet<>(SHORT_FORMS.keySet()));
                throw new InvalidInputException(path, "refused: the tag " + tag + where(e.getProblemMark())
                        + " is not a CloudFormation intrinsic function (short forms: " + known + ")");
            }
            throw new InvalidInputException(path, "not valid YAML" + where(e.getProblemMark()) + ": " + problem
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
        } catch (YAMLException e) {
            throw new InvalidInputException(path, "refused: " + JsonProblem.firstLine(e.getMessage()) + " (YAML limits: at most "
                    + limits.maxYamlAliases() + " aliases to collections, nesting " + limits.maxNestingDepth() + " deep, "
                    + limits.maxManifestBytes() + " characters per document)");
        }
        JsonNode template = null;
        for (JsonNode d : documents) {
            if (isTemplate(d)) {
                template = d;
                break;
            }
        }
        if (template != null && documents.size() > 1) {
            throw new InvalidInputException(path, "refused: " + documents.size() + " YAML documents, one of them a CloudFormation template"
                    + " (CloudFormation reads a template file as one document)");
        }
        return template != null ? template : documents.isEmpty() ? null : documents.get(0);
    }

    private Template template(String path, JsonNode root) {
        Map<String, JsonNode> resources = new LinkedHashMap<>();
        JsonNode section = root.get("Resources");
        if (section != null && !section.isNull()) {
            if (!section.isObject()) {
                throw new InvalidInputException(path, "Resources is not a mapping of logical ids to resources");
            }
            resources(path, section, resources, 0);
        }
        Map<String, String> types = new LinkedHashMap<>();
        resources.forEach((id, def) -> types.put(id, def.get("Type").asText()));
        List<String> macros = new ArrayList<>();
        JsonNode transform = root.get("Transform");
        if (transform != null) {
            for (JsonNode t : transform.isArray() ? transform : List.of(transform)) {
                String name = t.isTextual() ? t.asText() : t.isObject() && t.path("Name").isTextual() ? t.get("Name").asText() : null;
                if (name == null) {
                    throw new InvalidInputException(path, "Transform holds " + TemplateValues.describe(t) + ", which names no transform");
                }
                if (!name.equals(SAM) && !name.equals(LANGUAGE_EXTENSIONS)) {
                    macros.add("Transform " + name);
                }
            }
        }
        inlineMacros(root, macros);
        Map<String, List<String>> boundaryOf = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> r : resources.entrySet()) {
            JsonNode boundary = r.getValue().path("Properties").get("PermissionsBoundary");
            if (boundary != null) {
                Set<String> referenced = new LinkedHashSet<>();
                references(boundary, referenced);
                for (String id : referenced) {
                    if ("AWS::IAM::ManagedPolicy".equals(types.get(id))) {
                        boundaryOf.computeIfAbsent(id, k -> new ArrayList<>()).add(r.getKey());
                    }
                }
            }
        }
        return new Template(root, resources, new TemplateValues(types, root.get("Mappings")), List.copyOf(macros), boundaryOf);
    }

    private void resources(String path, JsonNode section, Map<String, JsonNode> out, int loops) {
        for (Map.Entry<String, JsonNode> e : section.properties()) {
            String id = e.getKey();
            JsonNode def = e.getValue();
            if (id.startsWith(FOR_EACH)) {
                // AWS::LanguageExtensions: [identifier, collection, {output key: resource}]; the identifier's values are not
                // read (a reference to it is known only at deploy time)
                if (loops >= 4 || !def.isArray() || def.size() != 3 || !def.get(2).isObject()) {
                    throw new InvalidInputException(path, "Resources " + id
                            + " is not an Fn::ForEach loop [identifier, collection, {key: resource}]");
                }
                resources(path, def.get(2), out, loops + 1);
                continue;
            }
            if (loops == 0 && !LOGICAL_ID.matcher(id).matches()) {
                throw new InvalidInputException(path, "the logical id '" + KubernetesManifestReader.visible(id)
                        + "' is not a CloudFormation logical id (ASCII letters and digits)");
            }
            JsonNode type = def.get("Type");
            if (!def.isObject() || type == null || !type.isTextual() || !TYPE.matcher(type.asText()).matches()) {
                throw new InvalidInputException(path, "resource " + KubernetesManifestReader.visible(id) + " has no Type such as AWS::S3::Bucket"
                        + (type != null && type.isTextual() ? " ('" + KubernetesManifestReader.visible(type.asText()) + "')" : ""));
            }
            if (out.putIfAbsent(id, def) != null) {
                throw new InvalidInputException(path, "resource " + KubernetesManifestReader.visible(id) + " is defined twice");
            }
        }
    }

    /** Every {@code Fn::Transform} of the template (a macro or {@code AWS::Include} writing part of it), found in one pass. */
    private static void inlineMacros(JsonNode root, List<String> macros) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isObject()) {
                JsonNode t = n.get("Fn::Transform");
                if (t != null) {
                    macros.add("Fn::Transform " + (t.path("Name").isTextual() ? t.get("Name").asText() : TemplateValues.describe(t)));
                }
                n.elements().forEachRemaining(todo::push);
            } else if (n.isArray()) {
                n.elements().forEachRemaining(todo::push);
            }
        }
    }

    /** The logical ids a value names: {@code Ref X}, {@code Fn::GetAtt X...}, {@code ${X}} / {@code ${X.Attr}} in {@code Fn::Sub}. */
    private static void references(JsonNode n, Set<String> out) {
        if (TemplateValues.intrinsic(n)) {
            String f = TemplateValues.function(n);
            JsonNode arg = n.get(f);
            if (f.equals("Ref") && arg.isTextual()) {
                out.add(arg.asText());
                return;
            }
            if (f.equals("Fn::GetAtt")) {
                String s = arg.isTextual() ? arg.asText() : arg.path(0).asText();
                out.add(s.contains(".") ? s.substring(0, s.indexOf('.')) : s);
                return;
            }
            if (f.equals("Fn::Sub")) {
                String s = arg.isTextual() ? arg.asText() : arg.path(0).asText();
                Matcher m = SUB_VARIABLE.matcher(s);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        if (n.isContainerNode()) {
            n.elements().forEachRemaining(e -> references(e, out));
        }
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** A SnakeYAML value as a JSON tree (keys as text); the nesting is bounded by the loader's limit. */
    private static JsonNode node(Object o) {
        if (o == null) {
            return F.nullNode();
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode out = F.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.set(String.valueOf(e.getKey()), node(e.getValue()));
            }
            return out;
        }
        if (o instanceof Collection<?> c) {
            ArrayNode out = F.arrayNode(c.size());
            for (Object e : c) {
                out.add(node(e));
            }
            return out;
        }
        if (o instanceof Object[] a) {
            ArrayNode out = F.arrayNode(a.length);
            for (Object e : a) {
                out.add(node(e));
            }
            return out;
        }
        if (o instanceof String s) {
            return F.textNode(s);
        }
        if (o instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (o instanceof Integer i) {
            return F.numberNode(i);
        }
        if (o instanceof Long l) {
            return F.numberNode(l);
        }
        if (o instanceof BigInteger b) {
            return F.numberNode(b);
        }
        if (o instanceof Double d) {
            return F.numberNode(d);
        }
        if (o instanceof byte[] b) {
            return F.textNode(new String(b, StandardCharsets.UTF_8));
        }
        return F.textNode(String.valueOf(o));
    }

    /** A YAML loader with the manifest reader's strictness and limits, and CloudFormation's short-form tags. */
    private Yaml newYaml() {
        LoaderOptions lo = KubernetesManifestReader.strictLoaderOptions(limits);
        DumperOptions dump = new DumperOptions();
        return new Yaml(new TemplateConstructor(lo), new Representer(dump), dump, lo);
    }

    /**
     * The safe constructor with CloudFormation's short forms, each read as its long form ({@code !Ref X} is
     * {@code {"Ref": "X"}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}), and YAML timestamps read as the text
     * they are ({@code Version: 2012-10-17}, as CloudFormation reads it). Any other tag is refused.
     */
    private static final class TemplateConstructor extends KubernetesManifestReader.NoDuplicateMergeKeys {
        TemplateConstructor(LoaderOptions options) {
            super(options);
            for (Map.Entry<String, String> e : SHORT_FORMS.entrySet()) {
                yamlConstructors.put(new Tag(e.getKey()), new Intrinsic(e.getValue()));
            }
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode s) {
                    String text = constructScalar(s);
                    int dot = text.indexOf('.');
                    value = function.equals("Fn::GetAtt") && dot > 0 ? List.of(text.substring(0, dot), text.substring(dot + 1)) : text;
                } else if (node instanceof SequenceNode q) {
                    value = constructSequence(q);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<Object, Object> m = new LinkedHashMap<>(2);
                m.put(function, value);
                return m;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------ resources

    /** Reading one resource of a template: its traits, details and the notes on what was read the strictest way. */
    private final class Reading {
        private final String path;
        private final Template t;
        private final String id;
        private final String type;
        private final JsonNode def;
        /** The Properties being read: each branch in turn when they are an {@code Fn::If}. */
        private JsonNode props;
        private final ResourceAction action;
        private final JsonNode was;
        private final Template before;
        private final boolean previousUnknown;
        private final List<InputNote> notes;
        private final boolean delete;
        private final EnumSet<ResourceTrait> traits;
        private final List<String> lead = new ArrayList<>();
        private final ResourceDetails body = new ResourceDetails();
        private final List<String> failClosed = new ArrayList<>();
        private final List<String> deployTime = new ArrayList<>();
        private final TemplatePolicyDocuments documents;

        /**
         * @param was    the resource's definition in the previous version, {@code null} when it had none or it is unknown
         * @param before the previous version, {@code null} when there is none or it cannot be read
         */
        Reading(String path, Template t, String id, JsonNode def, ResourceAction action, JsonNode was, Template before,
                boolean previousUnknown, List<InputNote> notes) {
            this.path = path;
            this.t = t;
            this.id = id;
            this.def = def;
            this.type = def.get("Type").asText();
            this.props = def.path("Properties");
            this.action = action;
            this.was = was;
            this.before = before;
            this.previousUnknown = previousUnknown;
            this.notes = notes;
            this.delete = action == ResourceAction.DELETE;
            this.traits = structuralTraits(type);
            this.documents = new TemplatePolicyDocuments(t.values());
        }

        ResourceChange read() {
            for (JsonNode variant : variants(def.path("Properties"))) {
                props = variant;
                properties();
            }
            List<String> principals = t.boundaryOf().get(id);
            if (principals != null) {
                // a managed policy that principals use as their boundary: changing it changes what each of them may do
                traits.add(ResourceTrait.IAM);
                traits.add(ResourceTrait.IAM_PERMISSION_BOUNDARY);
                lead.add(0, "is the permissions boundary of " + shortList(principals) + " (" + principals.size()
                        + (principals.size() == 1 ? " principal" : " principals") + " in this template)");
            }
            return change();
        }

        /**
         * What the Properties can be: both branches of an {@code Fn::If} (each read as the Properties), none for
         * {@code AWS::NoValue} or {@code Fn::Transform} (a macro: the template fails closed for it); any other function is
         * known only at deploy time and fails closed.
         */
        private List<JsonNode> variants(JsonNode p) {
            if (!TemplateValues.intrinsic(p)) {
                return List.of(p);
            }
            String f = TemplateValues.function(p);
            JsonNode arg = p.get(f);
            if (f.equals("Fn::If") && arg.isArray() && arg.size() == 3) {
                List<JsonNode> out = new ArrayList<>(variants(arg.get(1)));
                out.addAll(variants(arg.get(2)));
                return out;
            }
            if (!f.equals("Fn::Transform") && !(f.equals("Ref") && "AWS::NoValue".equals(arg.asText()))) {
                failClosed("Properties is " + TemplateValues.describe(p) + ", known only at deploy time");
            }
            return List.of(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        }

        private void properties() {
            Set<String> handled = new LinkedHashSet<>();
            TemplatePolicyDocuments.Kind kind = IDENTITY_TYPES.contains(type) ? TemplatePolicyDocuments.Kind.IDENTITY
                    : TemplatePolicyDocuments.Kind.RESOURCE;
            switch (type) {
                case "AWS::IAM::Role" -> {
                    boundary(handled);
                    document(prop("AssumeRolePolicyDocument", handled), TemplatePolicyDocuments.Kind.RESOURCE, "AssumeRolePolicyDocument", true);
                    inline(prop("Policies", handled));
                    managed(prop("ManagedPolicyArns", handled), "ManagedPolicyArns", false);
                }
                case "AWS::IAM::User" -> {
                    boundary(handled);
                    inline(prop("Policies", handled));
                    managed(prop("ManagedPolicyArns", handled), "ManagedPolicyArns", false);
                    if (props.has("LoginProfile")) {
                        lead.add("has a console password (LoginProfile)");
                    }
                }
                case "AWS::IAM::Group" -> {
                    inline(prop("Policies", handled));
                    managed(prop("ManagedPolicyArns", handled), "ManagedPolicyArns", false);
                }
                case "AWS::IAM::AccessKey" -> lead.add("creates an access key (long-lived credentials) for user "
                        + TemplateValues.describe(props.path("UserName")));
                case "AWS::SSO::PermissionSet" -> {
                    boundary(handled);
                    managed(prop("ManagedPolicies", handled), "ManagedPolicies", false);
                }
                case "AWS::Organizations::Policy" -> {
                    JsonNode content = prop("Content", handled);
                    TemplateValues.Text policyType = t.values().text(props.path("Type"), new ArrayList<>());
                    boolean resourceControl = policyType.values().contains("RESOURCE_CONTROL_POLICY");
                    if (policyType.unknown() || policyType.values().contains("SERVICE_CONTROL_POLICY") || resourceControl) {
                        document(content, resourceControl ? TemplatePolicyDocuments.Kind.RESOURCE : TemplatePolicyDocuments.Kind.IDENTITY,
                                "Content", false);
                    }
                }
                case "AWS::Lambda::Permission", "AWS::Lambda::LayerVersionPermission" -> permission(handled);
                case "AWS::Events::EventBusPolicy" -> eventBusPolicy(handled);
                case "AWS::S3::Bucket" -> bucketAcl(prop("AccessControl", handled));
                case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" -> serverless(handled);
                case "AWS::Serverless::Api", "AWS::Serverless::HttpApi" -> serverlessApi();
                default -> {
                    if (nested(type)) {
                        lead.add("a nested stack (" + TemplateValues.describe(firstOf("TemplateURL", "Location", "TemplateBody"))
                                + "): what it creates is read only from its own template, when that is a changed file");
                    }
                }
            }
            for (String field : DOCUMENTS.getOrDefault(type, List.of())) {
                document(prop(field, handled), kind, field, false);
            }
            if (props.isObject()) {
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    if (!handled.contains(p.getKey())) {
                        walk(p.getValue(), kind);
                    }
                }
            }
        }

        private ResourceChange change() {
            ResourceDetails details = new ResourceDetails();
            details.addAll(lead);
            List<String> unique = new ArrayList<>(new LinkedHashSet<>(deployTime));
            if (!unique.isEmpty()) {
                String summary = "known only at deploy time, read as the riskiest value: " + shortList(unique);
                details.add(summary);
                notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, id + " (" + type + "): " + summary));
            }
            details.addAll(failClosed);
            details.addAll(body.toList());
            for (String d : failClosed) {
                notes.add(new InputNote(InputNote.Kind.READ_FAIL_CLOSED, path, id + " (" + type + "): " + d));
            }
            return new ResourceChange(ResourceSource.CLOUDFORMATION, path + "#" + id, type, null, id, null, action, traits, path,
                    details.toList());
        }

        private JsonNode prop(String name, Set<String> handled) {
            handled.add(name);
            JsonNode v = props.get(name);
            return v == null || v.isMissingNode() ? null : v;
        }

        private JsonNode firstOf(String... names) {
            for (String n : names) {
                if (props.has(n)) {
                    return props.get(n);
                }
            }
            return F.textNode("?");
        }

        private void analysis(IamPolicyAnalysis a) {
            traits.addAll(a.traits());
            if (a.readable()) {
                body.addAll(a.details());
            } else {
                failClosed.addAll(a.details());
            }
        }

        private void failClosed(String why) {
            analysis(IamPolicyAnalysis.unreadable(why));
        }

        /**
         * One policy document value: an object with {@code Statement}, JSON text, or an intrinsic function ({@code Fn::If}:
         * both branches; {@code Fn::ToJsonString}: its object; text built with {@code Fn::Sub} / {@code Fn::Join}: read once
         * built, failing closed when a part is known only at deploy time, since such a part can add statements).
         */
        private void document(JsonNode value, TemplatePolicyDocuments.Kind kind, String field, boolean trust) {
            if (value == null || value.isNull()) {
                return;
            }
            if (trust) {
                traits.add(ResourceTrait.IAM_TRUST_POLICY);
            }
            if (TemplateValues.intrinsic(value)) {
                String f = TemplateValues.function(value);
                JsonNode arg = value.get(f);
                if (f.equals("Fn::If") && arg.isArray() && arg.size() == 3) {
                    document(arg.get(1), kind, field, trust);
                    document(arg.get(2), kind, field, trust);
                    return;
                }
                if (f.equals("Fn::ToJsonString")) {
                    document(arg, kind, field, trust);
                    return;
                }
                List<String> parts = new ArrayList<>();
                TemplateValues.Text text = t.values().text(value, parts);
                if (text.values().isEmpty() && text.absent()) {
                    return;
                }
                if (text.unknown()) {
                    failClosed(field + " is " + TemplateValues.describe(value) + ", known only at deploy time"
                            + (parts.isEmpty() ? "" : " (" + shortList(parts) + ")"));
                    return;
                }
                for (String s : text.values()) {
                    analysis(analyzer.analyze(s));
                }
                return;
            }
            if (value.isTextual()) {
                analysis(analyzer.analyze(value.asText()));
            } else if (value.isObject() && value.has("Statement")) {
                analysis(analyzer.analyze(documents.plain(value, kind, deployTime)));
            } else {
                analysis(analyzer.analyze(value));
            }
        }

        /** Properties not read by name: any policy document among them is read (an object with Statement, or JSON text). */
        private void walk(JsonNode n, TemplatePolicyDocuments.Kind kind) {
            if (TemplateValues.intrinsic(n)) {
                String f = TemplateValues.function(n);
                JsonNode arg = n.get(f);
                if (f.equals("Fn::If") && arg.isArray() && arg.size() == 3) {
                    walk(arg.get(1), kind);
                    walk(arg.get(2), kind);
                } else if (f.equals("Fn::ToJsonString")) {
                    walk(arg, kind);
                } else if (mentionsStatement(n)) {
                    document(n, kind, "a policy document", false);
                }
                return;
            }
            if (n.isObject()) {
                if (n.has("Statement")) {
                    document(n, kind, "a policy document", false);
                    return;
                }
                n.elements().forEachRemaining(e -> walk(e, kind));
            } else if (n.isArray()) {
                n.elements().forEachRemaining(e -> walk(e, kind));
            } else if (n.isTextual() && TerraformPlanReader.looksLikeDocument(n.asText())) {
                document(n, kind, "a policy document", false);
            }
        }

        /** {@code Policies} of a role, user or group: each entry's {@code PolicyDocument}, an identity policy. */
        private void inline(JsonNode policies) {
            if (policies == null) {
                return;
            }
            if (TemplateValues.intrinsic(policies) || !policies.isArray()) {
                inlineEntry(policies);
                return;
            }
            for (JsonNode p : policies) {
                inlineEntry(p);
            }
        }

        private void inlineEntry(JsonNode p) {
            if (TemplateValues.intrinsic(p)) {
                String f = TemplateValues.function(p);
                JsonNode arg = p.get(f);
                if (f.equals("Fn::If") && arg.isArray() && arg.size() == 3) {
                    inline(arg.get(1));
                    inline(arg.get(2));
                } else if (!(f.equals("Ref") && "AWS::NoValue".equals(arg.asText()))) {
                    failClosed("Policies holds " + TemplateValues.describe(p) + ", known only at deploy time");
                }
                return;
            }
            if (!p.isObject()) {
                failClosed("Policies holds " + TemplateValues.describe(p) + ", which is not a policy");
                return;
            }
            JsonNode doc = p.get("PolicyDocument");
            if (doc == null) {
                failClosed("a policy of Policies has no PolicyDocument");
                return;
            }
            document(doc, TemplatePolicyDocuments.Kind.IDENTITY, "PolicyDocument", false);
        }

        /**
         * Attached managed policies, by ARN (SAM also by name): a policy of this template is read where it is defined; an ARN
         * known only at deploy time fails closed (not for a delete: a detach grants nothing); any other is judged by
         * {@link ManagedPolicyArns}.
         */
        private void managed(JsonNode arns, String field, boolean names) {
            if (arns == null) {
                return;
            }
            traits.add(ResourceTrait.IAM);
            List<String> parts = new ArrayList<>();
            TemplateValues.Text all = t.values().list(arns, parts);
            boolean unknownSaid = false;
            for (String arn : all.values()) {
                Matcher m = TEMPLATE_RESOURCE.matcher(arn);
                if (m.matches() && t.values().typeOf(m.group(1)) != null) {
                    body.add((delete ? "detaches " : "attaches ") + m.group(1) + ", a policy of this template (read where it is defined)");
                } else if (arn.contains(TemplateValues.ANY)) {
                    if (delete) {
                        body.add("detaches a policy known only at deploy time");
                    } else if (!unknownSaid) {
                        unknownSaid = true;
                        failClosed("attaches " + field + " " + (parts.isEmpty() ? arn : shortList(parts)) + ", known only at deploy time");
                    }
                } else {
                    String full = names && !arn.startsWith("arn:") ? "arn:aws:iam::aws:policy/" + arn : arn;
                    ResourceDetails d = new ResourceDetails();
                    String failed = ManagedPolicyArns.judge(full, delete, traits, d);
                    if (failed != null) {
                        failClosed.add(failed);
                    } else {
                        lead.addAll(d.toList());
                    }
                }
            }
        }

        /** {@code PermissionsBoundary} set (on create), changed or removed (on update): the shared object of a boundary outage. */
        private void boundary(Set<String> handled) {
            JsonNode now = prop("PermissionsBoundary", handled);
            if (delete) {
                return;
            }
            if (now == null) {
                now = globalBoundary(t.root());
            }
            JsonNode wasProps = was == null ? null : was.path("Properties");
            JsonNode before = wasProps == null ? null : wasProps.has("PermissionsBoundary") ? wasProps.get("PermissionsBoundary")
                    : this.before == null ? null : globalBoundary(this.before.root());
            boolean beforeUnknown = wasProps != null && TemplateValues.intrinsic(wasProps);
            String what;
            if (action == ResourceAction.CREATE || previousUnknown || beforeUnknown) {
                if (now == null) {
                    return;
                }
                what = "sets permissions boundary " + TemplateValues.describe(now);
            } else if (Objects.equals(now, before)) {
                return;
            } else if (before == null) {
                what = "sets permissions boundary " + TemplateValues.describe(now);
            } else if (now == null) {
                what = "removes permissions boundary " + TemplateValues.describe(before);
            } else {
                what = "changes permissions boundary from " + TemplateValues.describe(before) + " to " + TemplateValues.describe(now);
            }
            traits.add(ResourceTrait.IAM);
            traits.add(ResourceTrait.IAM_PERMISSION_BOUNDARY);
            lead.add(0, what);
        }

        /** A SAM function's boundary from {@code Globals: Function: PermissionsBoundary}, when it gives none of its own. */
        private JsonNode globalBoundary(JsonNode root) {
            if (!type.equals("AWS::Serverless::Function")) {
                return null;
            }
            return root.path("Globals").path("Function").get("PermissionsBoundary");
        }

        /** {@code AWS::Lambda::Permission} / {@code LayerVersionPermission}: the resource-policy statement it adds. */
        private void permission(Set<String> handled) {
            JsonNode principal = prop("Principal", handled);
            ObjectNode s = F.objectNode().put("Effect", "Allow");
            JsonNode actionNode = prop("Action", handled);
            s.set("Action", actionNode == null ? F.textNode("lambda:InvokeFunction") : actionNode);
            JsonNode target = props.has("FunctionName") ? props.get("FunctionName") : props.get("LayerVersionArn");
            s.set("Resource", target == null ? F.textNode(TemplateValues.ANY) : target);
            if (principal != null) {
                String p = principal.isTextual() ? principal.asText() : "";
                String service = p.endsWith(".amazonaws.com") || p.endsWith(".amazon.com") ? "Service" : "AWS";
                s.set("Principal", F.objectNode().set(service, principal));
            }
            ObjectNode arnLike = F.objectNode();
            ObjectNode equals = F.objectNode();
            copy(prop("SourceArn", handled), arnLike, "aws:SourceArn");
            copy(prop("SourceAccount", handled), equals, "aws:SourceAccount");
            copy(prop("PrincipalOrgID", handled), equals, "aws:PrincipalOrgID");
            copy(prop("OrganizationId", handled), equals, "aws:PrincipalOrgID");
            ObjectNode condition = F.objectNode();
            if (!arnLike.isEmpty()) {
                condition.set("ArnLike", arnLike);
            }
            if (!equals.isEmpty()) {
                condition.set("StringEquals", equals);
            }
            if (!condition.isEmpty()) {
                s.set("Condition", condition);
            }
            JsonNode urlAuth = prop("FunctionUrlAuthType", handled);
            if (urlAuth != null
                    && t.values().text(urlAuth, new ArrayList<>()).values().stream().anyMatch(v -> v.equals("NONE") || v.equals("*"))) {
                lead.add("function URL without authentication (FunctionUrlAuthType NONE)");
            }
            ObjectNode doc = F.objectNode();
            doc.set("Statement", F.arrayNode().add(s));
            analysis(analyzer.analyze(documents.plain(doc, TemplatePolicyDocuments.Kind.RESOURCE, deployTime)));
        }

        private static void copy(JsonNode value, ObjectNode into, String key) {
            if (value != null) {
                into.set(key, value);
            }
        }

        /** {@code AWS::Events::EventBusPolicy}: its {@code Statement}, or the older {@code Principal} / {@code Action} / {@code Condition}. */
        private void eventBusPolicy(Set<String> handled) {
            JsonNode statement = prop("Statement", handled);
            if (statement != null) {
                ObjectNode doc = F.objectNode();
                doc.set("Statement", statement);
                document(doc, TemplatePolicyDocuments.Kind.RESOURCE, "Statement", false);
                return;
            }
            JsonNode principal = prop("Principal", handled);
            if (principal == null) {
                return;
            }
            ObjectNode s = F.objectNode().put("Effect", "Allow");
            JsonNode a = prop("Action", handled);
            s.set("Action", a == null ? F.textNode("events:PutEvents") : a);
            s.put("Resource", TemplateValues.ANY);
            s.set("Principal", F.objectNode().set("AWS", principal));
            JsonNode c = prop("Condition", handled);
            if (c != null && c.isObject() && c.has("Key") && c.has("Value")) {
                String op = c.path("Type").isTextual() ? c.get("Type").asText() : "StringEquals";
                s.set("Condition", F.objectNode().set(op, F.objectNode().set(c.get("Key").asText(), c.get("Value"))));
            }
            ObjectNode doc = F.objectNode();
            doc.set("Statement", F.arrayNode().add(s));
            document(doc, TemplatePolicyDocuments.Kind.RESOURCE, "Principal", false);
        }

        /** An S3 bucket's canned ACL: {@code PublicRead}, {@code PublicReadWrite}, {@code AuthenticatedRead} let anyone in. */
        private void bucketAcl(JsonNode acl) {
            if (acl == null) {
                return;
            }
            List<String> parts = new ArrayList<>();
            TemplateValues.Text v = t.values().text(acl, parts);
            String open = v.values().stream().filter(PUBLIC_ACLS::contains).findFirst()
                    .orElse(v.unknown() ? TemplateValues.describe(acl) : null);
            if (open != null) {
                traits.add(ResourceTrait.IAM);
                traits.add(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
                lead.add("canned ACL " + open + (v.unknown() && !PUBLIC_ACLS.contains(open) ? " (known only at deploy time)" : "")
                        + ": anyone can read the bucket (public)");
            }
        }

        /** A SAM function or state machine: its role's Policies, trust policy and boundary, a role it creates, a public URL. */
        private void serverless(Set<String> handled) {
            boundary(handled);
            document(prop("AssumeRolePolicyDocument", handled), TemplatePolicyDocuments.Kind.RESOURCE, "AssumeRolePolicyDocument", true);
            samPolicies(prop("Policies", handled));
            JsonNode role = prop("Role", handled);
            boolean hadRole = was != null && was.path("Properties").has("Role");
            if (role == null && !delete && (action == ResourceAction.CREATE || hadRole)) {
                traits.add(ResourceTrait.IAM);
                lead.add("creates its execution role (no Role given): AWSLambdaBasicExecutionRole and its Policies");
            }
            JsonNode auth = props.path("FunctionUrlConfig").get("AuthType");
            if (auth != null) {
                TemplateValues.Text v = t.values().text(auth, new ArrayList<>());
                if (v.unknown() || v.values().contains("NONE")) {
                    traits.add(ResourceTrait.IAM);
                    traits.add(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
                    lead.add("function URL with AuthType " + TemplateValues.describe(auth) + ": anyone can invoke it (public)");
                }
            }
        }

        /**
         * SAM {@code Policies}: a managed policy name or ARN, a policy document, a SAM policy template (not expanded: fails
         * closed), or a list of them.
         */
        private void samPolicies(JsonNode policies) {
            if (policies == null) {
                return;
            }
            if (policies.isArray()) {
                for (JsonNode p : policies) {
                    samPolicies(p);
                }
                return;
            }
            traits.add(ResourceTrait.IAM);
            if (TemplateValues.intrinsic(policies)) {
                String f = TemplateValues.function(policies);
                JsonNode arg = policies.get(f);
                if (f.equals("Fn::If") && arg.isArray() && arg.size() == 3) {
                    samPolicies(arg.get(1));
                    samPolicies(arg.get(2));
                } else {
                    managed(policies, "Policies", true);
                }
                return;
            }
            if (policies.isTextual()) {
                managed(policies, "Policies", true);
            } else if (policies.isObject() && policies.has("Statement")) {
                document(policies, TemplatePolicyDocuments.Kind.IDENTITY, "Policies", false);
            } else if (policies.isObject()) {
                for (Iterator<String> it = policies.fieldNames(); it.hasNext(); ) {
                    failClosed("SAM policy template " + it.next() + " is not expanded (its statements are in SAM, not in this change)");
                }
            } else {
                failClosed("Policies holds " + TemplateValues.describe(policies) + ", which is not a policy");
            }
        }

        /** A SAM API's resource policy: its {@code Auth.ResourcePolicy.CustomStatements} (the other options are SAM's own). */
        private void serverlessApi() {
            JsonNode policy = props.path("Auth").get("ResourcePolicy");
            if (policy == null) {
                return;
            }
            traits.add(ResourceTrait.IAM);
            JsonNode custom = policy.get("CustomStatements");
            if (custom != null) {
                ObjectNode doc = F.objectNode();
                doc.set("Statement", custom);
                document(doc, TemplatePolicyDocuments.Kind.RESOURCE, "CustomStatements", false);
            }
            lead.add("has an API resource policy (Auth.ResourcePolicy)");
        }
    }

    /** Whether a value mentions a policy document: a {@code Statement} key or text with {@code "Statement"}, anywhere in it. */
    private static boolean mentionsStatement(JsonNode n) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            JsonNode x = todo.pop();
            if (x.isTextual() && x.asText().contains("\"Statement\"")) {
                return true;
            }
            if (x.isObject() && x.has("Statement")) {
                return true;
            }
            if (x.isContainerNode()) {
                x.elements().forEachRemaining(todo::push);
            }
        }
        return false;
    }

    private static String shortList(List<String> items) {
        if (items.size() <= 3) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, 3)) + " +" + (items.size() - 3) + " more";
    }
}
