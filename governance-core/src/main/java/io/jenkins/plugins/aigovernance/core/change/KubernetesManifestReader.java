package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads Kubernetes manifests (multi-document YAML, or JSON) into {@link ResourceChange}s, one per object;
 * {@code kind: List} items are expanded. Address {@code Kind/namespace/name}, or {@code Kind/name} for
 * cluster-scoped objects and objects without a namespace; type is the kind, provider the apiVersion.
 *
 * <p>Traits by kind: {@link ResourceTrait#RBAC} (Role, ClusterRole, RoleBinding, ClusterRoleBinding),
 * {@link ResourceTrait#IAM} (ServiceAccount), {@link ResourceTrait#NAMESPACE}, {@link ResourceTrait#NETWORK_POLICY}
 * (NetworkPolicy, Cilium and Calico policies, Istio AuthorizationPolicy), {@link ResourceTrait#SECRET} (Secret,
 * SealedSecret, ExternalSecret), {@link ResourceTrait#CERTIFICATE} (cert-manager Certificate, Issuer, ClusterIssuer,
 * CertificateSigningRequest), {@link ResourceTrait#STATEFUL} (PersistentVolumeClaim, PersistentVolume, StatefulSet),
 * {@link ResourceTrait#CLUSTER_SCOPED}. RBAC content: rules with verb {@code *} give
 * {@link ResourceTrait#IAM_WILDCARD_ACTION}, with resource {@code *} {@link ResourceTrait#IAM_WILDCARD_RESOURCE};
 * a ClusterRole with both, and a ClusterRoleBinding to {@code cluster-admin}, give {@link ResourceTrait#IAM_ACCOUNT_LEVEL};
 * bindings to {@code system:anonymous}, {@code system:unauthenticated} or {@code system:authenticated} give
 * {@link ResourceTrait#IAM_PUBLIC_PRINCIPAL}.
 *
 * <p>YAML is read with SnakeYAML's composer and safe constructor, with {@link InputLimits}: aliases to collections
 * ({@code maxYamlAliases}), nesting depth, code points per document, documents per file, and no duplicate keys.
 * (Jackson's YAML parser is not used here because it does not resolve aliases or merge keys: it reports
 * {@code namespace: *prod} as the anchor's name, which would misread what {@code kubectl} applies.)
 * Limit violations and duplicate keys are always refused with an {@link InvalidInputException} naming the file:
 * refusing is the fail-closed answer to an input built to be read differently by different tools.
 * This class holds no mutable state.
 */
public final class KubernetesManifestReader {

    /** {@link InputDigest#kind()} of manifest directories. */
    public static final String DIGEST_KIND = "kubernetes-manifests";

    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "PriorityClass", "IngressClass", "RuntimeClass",
            "APIService", "CertificateSigningRequest", "CSIDriver", "CSINode", "VolumeAttachment", "PodSecurityPolicy",
            "FlowSchema", "PriorityLevelConfiguration", "ClusterIssuer", "CiliumClusterwideNetworkPolicy",
            "GlobalNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterPolicy", "ClusterSecretStore",
            "ComponentStatus", "GatewayClass", "VolumeSnapshotClass", "VolumeSnapshotContent", "ServiceCIDR", "IPAddress",
            "DeviceClass", "ConstraintTemplate", "ClusterAnalysisTemplate", "ClusterWorkflowTemplate", "ClusterTriggerAuthentication",
            "ClusterImagePolicy", "StorageVersionMigration", "ClusterPolicyReport");
    private static final Set<String> RBAC = Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
    private static final Set<String> NETWORK_POLICIES = Set.of("NetworkPolicy", "CiliumNetworkPolicy",
            "CiliumClusterwideNetworkPolicy", "AuthorizationPolicy", "GlobalNetworkPolicy", "AdminNetworkPolicy",
            "BaselineAdminNetworkPolicy");
    private static final Set<String> SECRETS = Set.of("Secret", "SealedSecret", "ExternalSecret");
    private static final Set<String> CERTIFICATES = Set.of("Certificate", "Issuer", "ClusterIssuer", "CertificateSigningRequest");
    private static final Set<String> STATEFUL = Set.of("PersistentVolumeClaim", "PersistentVolume", "StatefulSet");
    /**
     * The capabilities a container may add under the Pod Security Standards' baseline profile, "Capabilities" control
     * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, {@code
     * spec.containers[*].securityContext.capabilities.add}): adding any other (also {@code ALL}, a name this list does
     * not know, or a value a template fills in) is beyond baseline, a {@link ResourceTrait#PRIVILEGED_WORKLOAD}.
     */
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** The YAML 1.1 spellings of true (any case) that go-yaml v2, kubectl's reader, resolves as a boolean: {@code y} too. */
    private static final Pattern YAML11_TRUE = Pattern.compile("(?i)true|yes|on|y");
    private static final Set<String> PUBLIC_SUBJECTS = Set.of("system:anonymous", "system:unauthenticated", "system:authenticated");
    private static final List<String> CLOUD_IDENTITY_ANNOTATIONS = List.of("eks.amazonaws.com/role-arn",
            "iam.gke.io/gcp-service-account", "azure.workload.identity/client-id");
    private static final Pattern LOOKS_LIKE_KUBERNETES = Pattern.compile("(?m)^\\s*\"?apiVersion\"?\\s*:");
    private static final Pattern HAS_KIND = Pattern.compile("(?m)^\\s*\"?kind\"?\\s*:");
    private static final int MAX_LIST_DEPTH = 4;
    /** A Kubernetes kind as the API spells it (CamelCase ASCII). */
    private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final InputLimits limits;
    /**
     * The JSON reader, made for the first JSON manifest (YAML manifests, the usual kind, need no data binding:
     * docs/performance.md, start-up): a stream of JSON objects is allowed, as kubectl reads it; duplicate keys are not.
     */
    private final java.util.function.Supplier<ObjectReader> json;
    /**
     * The YAML loader of each thread that reads with this reader (a {@code Yaml} is not thread-safe; a change's files are
     * read on up to four threads): made once a thread, not once a file, since making one (its constructor's tables, the
     * resolver's, a representer) was half the YAML time of a change of many small manifests (docs/performance.md, large
     * changes). Each {@code loadAll} parses with a new parser and composer; the constructor clears what it kept after
     * every document, a failed one too.
     */
    private final ThreadLocal<Yaml> yaml = ThreadLocal.withInitial(this::newYaml);

    /** A YAML loader with this reader's limits: no duplicate keys or recursive keys, aliases, nesting and size bounded. */
    private Yaml newYaml() {
        LoaderOptions lo = strictLoaderOptions(limits);
        DumperOptions dump = new DumperOptions();
        return new Yaml(new NoDuplicateMergeKeys(lo), new Representer(dump), dump, lo);
    }

    /**
     * The options of every YAML input the engine interprets (manifests, CloudFormation templates): no duplicate or
     * recursive keys; aliases of collections, nesting depth and size bounded by {@code limits}.
     */
    static LoaderOptions strictLoaderOptions(InputLimits limits) {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(limits.maxYamlAliases());
        lo.setAllowDuplicateKeys(false);
        lo.setAllowRecursiveKeys(false);
        lo.setNestingDepthLimit(limits.maxNestingDepth());
        lo.setCodePointLimit((int) limits.maxManifestBytes());
        return lo;
    }

    /** A reader with {@link InputLimits#defaults()}. */
    public KubernetesManifestReader() {
        this(InputLimits.defaults());
    }

    public KubernetesManifestReader(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        var constraints = limits.jsonConstraints(limits.maxManifestBytes());
        this.json = new io.jenkins.plugins.aigovernance.core.document.OnFirstUse<>(() -> new ObjectMapper(
                io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictFactory(constraints)).readerFor(Object.class));
    }

    /**
     * Reads every {@code *.yaml}, {@code *.yml} and {@code *.json} file below {@code dir} (as {@code kubectl apply -R -f}
     * would), in sorted order. Every object's action is {@link ResourceAction#UPDATE} (applying creates or updates).
     * Symbolic links are not followed: a linked directory is skipped with a warning, and a linked manifest file is
     * refused, since {@code kubectl} would apply its target. Documents without apiVersion and kind are skipped with
     * a warning.
     *
     * @throws InvalidInputException naming the directory or file: missing, not a directory, more than
     *         {@code maxManifestFiles} files, a file over {@code maxManifestBytes}, a linked manifest file,
     *         YAML/JSON that cannot be parsed (with line and column), or a limit violation
     */
    public ManifestReadResult readDirectory(Path dir) {
        return readDirectory(dir, null);
    }

    /**
     * {@link #readDirectory(Path)}, showing every object to {@code objects} as it is read.
     *
     * @param objects sees each object with its document; {@code null} for none
     */
    public ManifestReadResult readDirectory(Path dir, ManifestObjectListener objects) {
        String name = dir.toString();
        if (!Files.exists(dir)) {
            throw new InvalidInputException(name, "manifests directory not found");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(name, "is not a directory (expected a folder of Kubernetes manifests)");
        }
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read manifests directory: " + e, e);
        }
        List<String> warnings = new ArrayList<>();
        List<Path> files = manifestFiles(root, name, warnings);
        MessageDigest folder = sha256();
        List<ResourceChange> resources = new ArrayList<>();
        int documents = 0;
        for (Path file : files) {
            String rel = relative(root, file);
            String shown = name.endsWith("/") ? name + rel : name + "/" + rel;
            byte[] content = readBounded(file, shown);
            String hex = HexFormat.of().formatHex(sha256().digest(content));
            folder.update((rel + '\0' + hex + '\n').getBytes(StandardCharsets.UTF_8));
            Parse parse = new Parse(shown, ResourceAction.UPDATE, true, warnings, objects);
            parse.read(content, isJson(rel));
            resources.addAll(parse.resources);
            documents += parse.documents;
        }
        InputDigest digest = new InputDigest(DIGEST_KIND, name, HexFormat.of().formatHex(folder.digest()));
        return new ManifestReadResult(resources, digest, files.size(), documents, warnings);
    }

    /**
     * Reads {@code --manifests}: a folder as {@link #readDirectory(Path)} does, or one manifest file ({@code kubectl apply -f
     * FILE}) with the same strictness (every document parsed, limits enforced, no symbolic link). The digest of a single
     * file is the sha256 of its name and bytes, as for a folder holding only that file.
     *
     * @throws InvalidInputException naming the path, as {@link #readDirectory(Path)}
     */
    public ManifestReadResult read(Path path) {
        return read(path, null);
    }

    /**
     * {@link #read(Path)}, showing every object to {@code objects} as it is read.
     *
     * @param objects sees each object with its document; {@code null} for none
     */
    public ManifestReadResult read(Path path, ManifestObjectListener objects) {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(path) && !Files.isDirectory(path)) {
                throw new InvalidInputException(path.toString(), "is a symbolic link; links are not followed, and kubectl would apply"
                        + " their target: pass the file itself");
            }
            return readDirectory(path, objects);
        }
        String name = path.toString();
        String rel = path.getFileName().toString();
        if (!isManifest(rel)) {
            throw new InvalidInputException(name, "is not a .yaml, .yml or .json file (expected Kubernetes manifests)");
        }
        byte[] content = readBounded(path, name);
        MessageDigest folder = sha256();
        folder.update((rel + '\0' + HexFormat.of().formatHex(sha256().digest(content)) + '\n').getBytes(StandardCharsets.UTF_8));
        List<String> warnings = new ArrayList<>();
        Parse parse = new Parse(name, ResourceAction.UPDATE, true, warnings, objects);
        parse.read(content, isJson(rel));
        return new ManifestReadResult(parse.resources, new InputDigest(DIGEST_KIND, name, HexFormat.of().formatHex(folder.digest())),
                1, parse.documents, warnings);
    }

    /**
     * Reads a YAML or JSON file that a change adds, modifies or deletes. Content that is not Kubernetes
     * (no apiVersion/kind, e.g. docker-compose or CI files) and files that are not valid YAML and do not look
     * like manifests yield no resources and no error; a Helm template ({@code {{ }}}) yields the objects its
     * documents' top-level {@code kind:} lines name ({@link UnrenderedTemplate}), failing closed on what is known only
     * once it is rendered.
     *
     * @param repoPath the file's repository path; {@code *.json} is read as JSON, anything else as YAML
     * @param content  the file's bytes (for a deleted file: its last content)
     * @param action   {@code CREATE} for an added file, {@code DELETE} for a deleted one, else {@code UPDATE}
     * @throws InvalidInputException naming the file when it is over {@code maxManifestBytes} or {@code maxDocuments},
     *         breaks a YAML limit (aliases, nesting, size), has duplicate keys, or looks like a Kubernetes manifest
     *         (a top-level {@code apiVersion} and {@code kind}, no template markers) but cannot be parsed
     */
    public List<ResourceChange> readDocuments(String repoPath, byte[] content, ResourceAction action) {
        return readDocuments(repoPath, content, action, null);
    }

    /**
     * {@link #readDocuments(String, byte[], ResourceAction)}, showing every object to {@code objects}.
     *
     * @param objects sees each object with its document; {@code null} for none
     */
    public List<ResourceChange> readDocuments(String repoPath, byte[] content, ResourceAction action, ManifestObjectListener objects) {
        String path = RepositoryPath.normalize(repoPath);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(action, "action");
        if (content.length > limits.maxManifestBytes()) {
            throw new InvalidInputException(path, "file is " + content.length + " bytes, over the limit of "
                    + limits.maxManifestBytes() + " bytes (maxManifestBytes)");
        }
        Parse parse = new Parse(path, action, false, new ArrayList<>(), objects);
        parse.read(content, isJson(path));
        if (!hasTemplateAction(content)) {
            return List.copyOf(parse.resources);
        }
        // a template: what YAML could not read (or read as maps) is still applied once rendered
        List<ResourceChange> all = new ArrayList<>(parse.resources);
        all.addAll(UnrenderedTemplate.objects(path, new String(content, StandardCharsets.UTF_8), action, parse.resources));
        return List.copyOf(all);
    }

    /**
     * Whether the bytes hold {@code {{} (a Go template action): checked on the bytes, so a manifest without one (most) is
     * not decoded a second time; in UTF-8 the byte {@code 0x7B} is only ever {@code {}.
     */
    private static boolean hasTemplateAction(byte[] content) {
        for (int i = 1; i < content.length; i++) {
            if (content[i] == '{' && content[i - 1] == '{') {
                return true;
            }
        }
        return false;
    }

    private List<Path> manifestFiles(Path dir, String name, List<String> warnings) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = relative(dir, file);
                    boolean manifest = isManifest(rel);
                    if (attrs.isSymbolicLink()) {
                        if (manifest) {
                            throw new InvalidInputException(name, "'" + rel + "' is a symbolic link; links are not followed, and kubectl"
                                    + " would apply their target: replace the link with the file");
                        }
                        warnings.add("skipped symbolic link " + rel + " (links are not followed)");
                        return FileVisitResult.CONTINUE;
                    }
                    if (!manifest) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile()) {
                        warnings.add("skipped " + rel + ": not a regular file");
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.size() > limits.maxManifestBytes()) {
                        throw new InvalidInputException(name + "/" + rel, "file is " + attrs.size() + " bytes, over the limit of "
                                + limits.maxManifestBytes() + " bytes (maxManifestBytes)");
                    }
                    if (files.size() >= limits.maxManifestFiles()) {
                        throw new InvalidInputException(name, "more than " + limits.maxManifestFiles()
                                + " manifest files (maxManifestFiles)");
                    }
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read manifests directory: " + e, e);
        }
        files.sort(Comparator.comparing(f -> relative(dir, f)));
        return files;
    }

    private byte[] readBounded(Path file, String shown) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes((int) limits.maxManifestBytes() + 1);
            if (content.length > limits.maxManifestBytes()) {
                throw new InvalidInputException(shown, "file is over the limit of " + limits.maxManifestBytes() + " bytes (maxManifestBytes)");
            }
            return content;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(shown, "manifest file disappeared while reading", e);
        } catch (IOException e) {
            throw new InvalidInputException(shown, "cannot read manifest file: " + e, e);
        }
    }

    /** Reading one file. */
    private final class Parse {
        private final String file;
        private final ResourceAction action;
        private final boolean strict;
        private final List<String> warnings;
        private final ManifestObjectListener objects;
        private final List<ResourceChange> resources = new ArrayList<>();
        private final List<Map<?, ?>> documentsRead = new ArrayList<>();
        private int documents;

        Parse(String file, ResourceAction action, boolean strict, List<String> warnings, ManifestObjectListener objects) {
            this.file = file;
            this.action = action;
            this.strict = strict;
            this.warnings = warnings;
            this.objects = objects;
        }

        /** Shows the objects of a file read to the end to the listener (a file that is not Kubernetes shows none). */
        void notifyObjects() {
            if (objects != null) {
                for (int i = 0; i < resources.size(); i++) {
                    objects.object(resources.get(i), documentsRead.get(i));
                }
            }
        }

        void read(byte[] content, boolean isJson) {
            if (strict && ChangedFileReader.isLfsPointer(text(content))) {
                // what it deploys is in Git LFS storage, not in the file: reading the pointer as YAML would find nothing
                throw new InvalidInputException(file, "is a Git LFS pointer (its first line is 'version "
                        + "https://git-lfs.github.com/spec/v1'), not the manifest: run 'git lfs pull' or pass the real file");
            }
            try {
                if (isJson) {
                    try (MappingIterator<Object> it = json.get().readValues(content)) {
                        while (it.hasNextValue()) {
                            document(it.nextValue(), 1);
                        }
                    }
                } else {
                    Iterator<Object> it = yaml.get().loadAll(new UnicodeReader(new ByteArrayInputStream(content))).iterator();
                    while (it.hasNext()) {
                        document(it.next(), 1);
                    }
                }
                notifyObjects();
            } catch (StreamConstraintsException e) {
                throw new InvalidInputException(file, "refused: " + JsonProblem.describe(e));
            } catch (JsonProcessingException e) {
                String problem = JsonProblem.describe(e);
                if (strict || problem.contains("Duplicate field") || looksLikeKubernetes(text(content))) {
                    throw new InvalidInputException(file, "not valid JSON: " + problem);
                }
                resources.clear();
            } catch (DuplicateKeyException e) {
                throw new InvalidInputException(file, "refused: duplicate key" + where(e.getProblemMark()) + ": " + e.getProblem()
                        + " (a key given twice is read differently by different tools)");
            } catch (DuplicateMergeKeyException e) {
                throw new InvalidInputException(file, "refused: duplicate key" + where(e.getProblemMark()) + ": " + e.getProblem()
                        + " (a second '<<' merge key is read differently by different tools)");
            } catch (MarkedYAMLException e) {
                if (strict || looksLikeKubernetes(text(content))) {
                    throw new InvalidInputException(file, "not valid YAML" + where(e.getProblemMark()) + ": " + e.getProblem()
                            + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
                }
                resources.clear();
            } catch (YAMLException e) {
                // aliases, nesting depth, code points, recursive keys: SnakeYAML's limits
                throw new InvalidInputException(file, "refused: " + JsonProblem.firstLine(e.getMessage())
                        + " (YAML limits: at most " + limits.maxYamlAliases() + " aliases to collections, nesting "
                        + limits.maxNestingDepth() + " deep, " + limits.maxManifestBytes() + " characters per document)");
            } catch (IOException e) {
                throw new InvalidInputException(file, "cannot read: " + e, e);
            }
        }

        private void count() {
            documents++;
            if (documents > limits.maxDocuments()) {
                throw new InvalidInputException(file, "more than " + limits.maxDocuments() + " documents (maxDocuments)");
            }
        }

        private void document(Object doc, int depth) {
            count();
            if (!(doc instanceof Map<?, ?> map)) {
                if (doc != null && strict) {
                    warnings.add("skipped document " + documents + " of " + file + ": not a Kubernetes object");
                }
                return;
            }
            Object apiVersion = map.get("apiVersion");
            Object kind = map.get("kind");
            if (!(apiVersion instanceof String av) || av.isBlank() || !(kind instanceof String k) || k.isBlank()) {
                if (strict && (apiVersion instanceof Map<?, ?> || kind instanceof Map<?, ?>)) {
                    // kind: {{ "ClusterRoleBinding" }} read as YAML: what it applies is known once rendered
                    throw new InvalidInputException(file, "document " + documents
                            + ": apiVersion or kind is not a plain string (is this a template? render it first)");
                }
                if (strict) {
                    warnings.add("skipped document " + documents + " of " + file + ": no apiVersion and kind");
                }
                return;
            }
            if (!KIND.matcher(k).matches() && !k.contains("{{")) {
                // Kubernetes kinds are ASCII CamelCase names; a kind with spaces or look-alike letters is no kind the
                // API server serves, and would slip past every kinds/resourceTypes rule
                throw new InvalidInputException(file, "document " + documents + " has the kind '" + visible(k)
                        + "', which is not a Kubernetes kind (ASCII letters and digits, starting with a letter)");
            }
            if (k.endsWith("List") && map.get("items") instanceof List<?> items) {
                if (depth >= MAX_LIST_DEPTH) {
                    throw new InvalidInputException(file, "kind " + k + " nested more than " + MAX_LIST_DEPTH + " deep");
                }
                for (Object item : items) {
                    document(item, depth + 1);
                }
                return;
            }
            object(map, av, k);
        }

        private void object(Map<?, ?> map, String apiVersion, String kind) {
            Map<?, ?> metadata = map.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
            Object nameValue = metadata.get("name");
            Object namespaceValue = metadata.get("namespace");
            if (templated(nameValue) || templated(namespaceValue) || apiVersion.contains("{{") || kind.contains("{{")) {
                // a Helm template read as YAML: {{ .Values.x }} becomes a map, "{{ .Release.Name }}" a string
                // no API server accepts; what it will apply is only known after rendering
                if (strict) {
                    throw new InvalidInputException(file, kind + " document " + documents
                            + ": metadata.name or metadata.namespace is not a plain string (is this a template?)");
                }
                return;
            }
            String name = (String) nameValue;
            ResourceDetails details = new ResourceDetails();
            if (name == null || name.isEmpty()) {
                name = metadata.get("generateName") instanceof String g ? g + "<generated>" : "<unnamed>";
            }
            EnumSet<ResourceTrait> traits = EnumSet.noneOf(ResourceTrait.class);
            String namespace = null;
            if (CLUSTER_SCOPED.contains(kind)) {
                traits.add(ResourceTrait.CLUSTER_SCOPED);
            } else if (namespaceValue instanceof String ns && !ns.isEmpty()) {
                namespace = ns;
            } else {
                details.add("no namespace: applied to the namespace of the kubectl context (default unless set)");
            }
            traitsOf(kind, traits);
            privileged(map, traits, details);
            switch (kind) {
                case "Role", "ClusterRole" -> rules(map, kind, traits, details);
                case "RoleBinding", "ClusterRoleBinding" -> binding(map, kind, namespace, traits, details);
                case "ServiceAccount" -> serviceAccount(metadata, details);
                default -> {
                }
            }
            String address = namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
            resources.add(new ResourceChange(ResourceSource.KUBERNETES, address, kind, apiVersion, name, namespace, action, traits,
                    file, details.toList()));
            documentsRead.add(map);
        }

        private String text(byte[] content) {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** The traits a kind gives every object of it (RBAC, IAM, namespace, network policy, secret, certificate, stateful). */
    static void traitsOf(String kind, Set<ResourceTrait> traits) {
        if (CLUSTER_SCOPED.contains(kind)) {
            traits.add(ResourceTrait.CLUSTER_SCOPED);
        }
        if (RBAC.contains(kind)) {
            traits.add(ResourceTrait.RBAC);
        }
        if (kind.equals("ServiceAccount")) {
            traits.add(ResourceTrait.IAM);
        }
        if (kind.equals("Namespace")) {
            traits.add(ResourceTrait.NAMESPACE);
        }
        if (NETWORK_POLICIES.contains(kind)) {
            traits.add(ResourceTrait.NETWORK_POLICY);
        }
        if (SECRETS.contains(kind)) {
            traits.add(ResourceTrait.SECRET);
        }
        if (CERTIFICATES.contains(kind)) {
            traits.add(ResourceTrait.CERTIFICATE);
        }
        if (STATEFUL.contains(kind)) {
            traits.add(ResourceTrait.STATEFUL);
        }
    }

    /**
     * Marks a workload {@link ResourceTrait#PRIVILEGED_WORKLOAD} when a pod spec in it (a Pod's {@code spec}, any
     * object's {@code spec.template.spec}, a CronJob's {@code spec.jobTemplate.spec.template.spec}) sets
     * {@code hostPID}, {@code hostIPC} or {@code hostNetwork}, has a {@code hostPath} volume, or a container (also
     * init and ephemeral ones, and the pod's own {@code securityContext}) is privileged or adds a capability beyond
     * {@link #BASELINE_CAPABILITIES}. A switch that is a YAML 1.1 true spelling as a string or a template's value counts
     * as on, and a templated {@code capabilities} or {@code add} as adding beyond baseline (fail closed).
     */
    private static void privileged(Map<?, ?> map, Set<ResourceTrait> traits, ResourceDetails details) {
        Map<?, ?> spec = child(map, "spec");
        List<Map<?, ?>> pods = new ArrayList<>();
        if (spec != null) {
            pods.add(spec);
            Map<?, ?> template = child(child(spec, "template"), "spec");
            if (template != null) {
                pods.add(template);
            }
            Map<?, ?> job = child(child(child(child(spec, "jobTemplate"), "spec"), "template"), "spec");
            if (job != null) {
                pods.add(job);
            }
        }
        Set<String> why = new LinkedHashSet<>();
        for (Map<?, ?> pod : pods) {
            for (String host : List.of("hostPID", "hostIPC", "hostNetwork")) {
                if (on(pod.get(host))) {
                    why.add(host + ": " + pod.get(host));
                }
            }
            if (pod.get("volumes") instanceof List<?> volumes) {
                for (Object v : volumes) {
                    if (v instanceof Map<?, ?> volume && volume.get("hostPath") != null) {
                        why.add("hostPath volume " + volume.get("name"));
                    }
                }
            }
            securityContext(child(pod, "securityContext"), "the pod", why);
            for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
                if (pod.get(list) instanceof List<?> containers) {
                    for (Object c : containers) {
                        if (c instanceof Map<?, ?> container) {
                            securityContext(child(container, "securityContext"), "container " + container.get("name"), why);
                        }
                    }
                }
            }
        }
        if (!why.isEmpty()) {
            traits.add(ResourceTrait.PRIVILEGED_WORKLOAD);
            details.add("reaches the node: " + String.join(", ", why));
        }
    }

    private static void securityContext(Map<?, ?> context, String who, Set<String> why) {
        if (context == null) {
            return;
        }
        if (on(context.get("privileged"))) {
            why.add(who + " is privileged");
        }
        Object capabilities = context.get("capabilities");
        Object added = capabilities instanceof Map<?, ?> m ? m.get("add") : null;
        if (capabilities != null && !(capabilities instanceof Map<?, ?> c && c.keySet().stream().allMatch(String.class::isInstance))
                || added != null && !(added instanceof List<?>)) {
            why.add(who + " adds capabilities a template fills in");
        } else if (added instanceof List<?> list) {
            for (Object cap : list) {
                if (!(cap instanceof String c) || c.contains("{{") || beyondBaseline(c)) {
                    why.add(who + " adds " + cap);
                }
            }
        }
    }

    /**
     * Whether an added capability (with or without {@code CAP_}, any case) is beyond the baseline profile
     * ({@link #BASELINE_CAPABILITIES}): every name outside it is, {@code ALL} and unknown names too.
     */
    static boolean beyondBaseline(String capability) {
        String c = capability.strip().toUpperCase(Locale.ROOT);
        return !BASELINE_CAPABILITIES.contains(c.startsWith("CAP_") ? c.substring(4) : c);
    }

    /**
     * Whether a privileged switch ({@code privileged}, {@code hostPID}, ...) is, or may be once rendered, on: {@code true},
     * a YAML 1.1 true spelling as a string, or a value a template fills in ({@code {{ x }}} reads as a map, {@code "{{ x }}"}
     * as a string with {@code {{}): unknown is on (fail closed).
     */
    private static boolean on(Object value) {
        return Boolean.TRUE.equals(value) || value instanceof Map<?, ?> || value instanceof List<?>
                || value instanceof String s && (s.contains("{{") || YAML11_TRUE.matcher(s.strip()).matches());
    }

    private static Map<?, ?> child(Map<?, ?> map, String key) {
        return map != null && map.get(key) instanceof Map<?, ?> m ? m : null;
    }

    /** Role and ClusterRole rules: wildcards in verbs, resources and API groups. */
    private static void rules(Map<?, ?> map, String kind, Set<ResourceTrait> traits, ResourceDetails details) {
        if (!(map.get("rules") instanceof List<?> rules)) {
            if (map.get("aggregationRule") != null) {
                details.add("aggregates the rules of other ClusterRoles");
            }
            return;
        }
        for (Object r : rules) {
            if (!(r instanceof Map<?, ?> rule)) {
                continue;
            }
            List<String> verbs = strings(rule.get("verbs"));
            List<String> resources = strings(rule.get("resources"));
            List<String> groups = strings(rule.get("apiGroups"));
            List<String> urls = strings(rule.get("nonResourceURLs"));
            boolean anyVerb = verbs.contains("*");
            boolean anyResource = resources.contains("*") || urls.contains("*");
            if (anyVerb) {
                traits.add(ResourceTrait.IAM_WILDCARD_ACTION);
            }
            if (anyResource) {
                traits.add(ResourceTrait.IAM_WILDCARD_RESOURCE);
            }
            boolean everything = anyVerb && resources.contains("*") && (groups.isEmpty() || groups.contains("*"));
            if (everything && kind.equals("ClusterRole")) {
                traits.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
            }
            if (anyVerb || anyResource) {
                details.add("allows " + String.join(",", verbs) + " on " + (urls.isEmpty() ? String.join(",", resources) : String.join(",", urls))
                        + (groups.isEmpty() ? "" : " in API groups " + String.join(",", groups))
                        + (everything && kind.equals("ClusterRole") ? " (cluster-admin equivalent)" : ""));
            }
            for (String v : verbs) {
                if (v.equals("escalate") || v.equals("bind") || v.equals("impersonate")) {
                    details.add("allows " + v + " (privilege escalation)");
                }
            }
        }
    }

    private static void binding(Map<?, ?> map, String kind, String namespace, Set<ResourceTrait> traits, ResourceDetails details) {
        Map<?, ?> roleRef = map.get("roleRef") instanceof Map<?, ?> m ? m : Map.of();
        String role = roleRef.get("name") instanceof String s ? s : "?";
        String roleKind = roleRef.get("kind") instanceof String s ? s : "ClusterRole";
        List<String> subjects = new ArrayList<>();
        boolean anyone = false;
        if (map.get("subjects") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> subject) {
                    String subjectName = String.valueOf(subject.get("name"));
                    subjects.add(subject.get("kind") + " " + subjectName);
                    anyone |= PUBLIC_SUBJECTS.contains(subjectName);
                }
            }
        }
        // a templated role ({{ .Values.role | default "cluster-admin" }}) that names cluster-admin may render to it: fail closed
        boolean templatedAdmin = templated(roleRef.get("name")) && String.valueOf(roleRef.get("name")).contains("cluster-admin");
        if (templatedAdmin) {
            role = "cluster-admin (templated: " + roleRef.get("name") + ")";
        }
        boolean clusterAdmin = roleKind.equals("ClusterRole") && (role.equals("cluster-admin") || templatedAdmin);
        if (clusterAdmin && kind.equals("ClusterRoleBinding")) {
            traits.add(ResourceTrait.IAM_ACCOUNT_LEVEL);
        } else if (clusterAdmin || (roleKind.equals("ClusterRole") && role.equals("admin"))) {
            traits.add(ResourceTrait.IAM_WILDCARD_ACTION);
            traits.add(ResourceTrait.IAM_WILDCARD_RESOURCE);
        }
        if (anyone) {
            traits.add(ResourceTrait.IAM_PUBLIC_PRINCIPAL);
        }
        String scope = kind.equals("ClusterRoleBinding") ? "cluster-wide" : "in namespace " + (namespace == null ? "(default)" : namespace);
        String to = subjects.isEmpty() ? "no subjects" : subjects.size() <= 3 ? String.join(", ", subjects)
                : String.join(", ", subjects.subList(0, 3)) + " +" + (subjects.size() - 3) + " more";
        details.add("binds " + roleKind + " " + role + " " + scope + " to " + to + (anyone ? " (public)" : ""));
    }

    private static void serviceAccount(Map<?, ?> metadata, ResourceDetails details) {
        if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
            for (String a : CLOUD_IDENTITY_ANNOTATIONS) {
                if (annotations.get(a) instanceof String v) {
                    details.add("assumes cloud identity " + v);
                }
            }
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** A metadata value a template left behind: a map ({{ x }} read as YAML) or a string with {{. */
    private static boolean templated(Object value) {
        return value != null && (!(value instanceof String s) || s.contains("{{"));
    }

    private static boolean looksLikeKubernetes(String text) {
        return !text.contains("{{") && LOOKS_LIKE_KUBERNETES.matcher(text).find() && HAS_KIND.matcher(text).find();
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static boolean isManifest(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json");
    }

    private static boolean isJson(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name with every character outside printable ASCII (and a space at either end) shown as {@code \\u{XXXX}}. */
    static String visible(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean edgeSpace = cp == ' ' && (i == 0 || i == s.length() - 1);
            if (cp < 0x21 && !(cp == ' ' && !edgeSpace) || cp > 0x7e || edgeSpace) {
                out.append(String.format("\\u{%04X}", cp));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * SafeConstructor that refuses a mapping with more than one {@code <<} merge key. SnakeYAML's
     * {@code allowDuplicateKeys=false} skips merge keys when it looks for duplicates, and YAML tools
     * disagree on which of two merges wins (the YAML 1.1 merge-key type allows one {@code <<} whose
     * value is a mapping or a list of mappings). {@link CloudFormationTemplateReader} builds on it.
     */
    static class NoDuplicateMergeKeys extends SafeConstructor {
        NoDuplicateMergeKeys(LoaderOptions options) {
            super(options);
            // kubectl (sigs.k8s.io/yaml over go-yaml) reads a !!binary scalar as the text it decodes to: `kind: !!binary
            // Q2x1c3RlclJvbGVCaW5kaW5n` is a ClusterRoleBinding. Read it the same way, not as bytes no rule looks at.
            org.yaml.snakeyaml.constructor.Construct binary = yamlConstructors.get(org.yaml.snakeyaml.nodes.Tag.BINARY);
            yamlConstructors.put(org.yaml.snakeyaml.nodes.Tag.BINARY, new org.yaml.snakeyaml.constructor.AbstractConstruct() {
                @Override
                public Object construct(org.yaml.snakeyaml.nodes.Node node) {
                    return new String((byte[]) binary.construct(node), StandardCharsets.UTF_8);
                }
            });
        }

        @Override
        protected void flattenMapping(org.yaml.snakeyaml.nodes.MappingNode node, boolean forceStringKeys) {
            org.yaml.snakeyaml.nodes.Node first = null;
            for (org.yaml.snakeyaml.nodes.NodeTuple t : node.getValue()) {
                org.yaml.snakeyaml.nodes.Node key = t.getKeyNode();
                if (key.getTag().equals(org.yaml.snakeyaml.nodes.Tag.MERGE)) {
                    if (first != null) {
                        throw new DuplicateMergeKeyException(node.getStartMark(), key.getStartMark());
                    }
                    first = key;
                }
            }
            super.flattenMapping(node, forceStringKeys);
        }
    }

    /** A mapping with two {@code <<} merge keys. */
    private static final class DuplicateMergeKeyException extends MarkedYAMLException {
        DuplicateMergeKeyException(org.yaml.snakeyaml.error.Mark context, org.yaml.snakeyaml.error.Mark problem) {
            super("while constructing a mapping", context, "found duplicate key <<", problem);
        }
    }
}
