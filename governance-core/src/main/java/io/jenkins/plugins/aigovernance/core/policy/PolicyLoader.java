package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.jenkins.plugins.aigovernance.core.document.BindingError;
import io.jenkins.plugins.aigovernance.core.document.DocumentLocations;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Loads and validates {@code .ai-governance.yml}. Errors name the file, line, column and field.
 * YAML is read with alias, size and nesting limits, so alias bombs and deep nesting are refused.
 * Unless the file says {@code extends: none}, it is laid over the built-in defaults: objects merge
 * field by field, lists of objects with an {@code id} (or {@code name}) merge by that key, and other
 * lists replace the default list.
 */
public final class PolicyLoader {

    /** The policy file's conventional name at the repository root. */
    public static final String DEFAULT_FILE = ".ai-governance.yml";
    /** Largest policy file accepted. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final String DEFAULTS_RESOURCE = "default-policy.yml";

    private final byte[] defaultBytes;
    private final GovernancePolicy defaults;
    /** Made on first use: a run under the built-in policy needs no YAML parser or data binding. */
    private final io.jenkins.plugins.aigovernance.core.document.OnFirstUse<Binding> binding;

    /**
     * A loader whose defaults are the built-in policy, default-policy.yml: {@link BuiltInPolicy}, the same records
     * constructed by generated code, when the resource is the one it was generated from (its length and CRC-32, which
     * {@code BuiltInPolicyTest} checks with the SHA-256 it records; hashing the 18 KB in the interpreter costs
     * milliseconds); else bound from the YAML by Jackson and validated, as any file. Binding the 18 KB of YAML into about
     * 50 record types on a cold JVM was a third of a short {@code aigov risk} (docs/performance.md, start-up);
     * {@code BuiltInPolicyTest} proves both equal.
     *
     * @throws IllegalStateException when the resource is missing or unreadable, or (when bound) not a valid policy
     */
    public PolicyLoader() {
        this(builtInYaml());
    }

    /** A loader whose built-in policy is {@code builtInYaml} (tests: a resource that is not the generated one). */
    PolicyLoader(byte[] builtInYaml) {
        defaultBytes = builtInYaml.clone();
        binding = new io.jenkins.plugins.aigovernance.core.document.OnFirstUse<>(() -> new Binding(defaultBytes));
        boolean generated = defaultBytes.length == BuiltInPolicy.LENGTH && crc32(defaultBytes) == BuiltInPolicy.CRC32;
        GovernancePolicy p = generated ? BuiltInPolicy.policy() : bindBuiltIn();
        defaults = p.withSource(new PolicySource("built-in", "built-in", generated ? BuiltInPolicy.SHA256 : sha256(defaultBytes)));
    }

    private static byte[] builtInYaml() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in policy " + DEFAULTS_RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in policy", e);
        }
    }

    /**
     * The built-in policy bound by Jackson from its YAML and validated, without a source: from the tree parsed once (strict
     * as for any file: duplicate keys and trailing documents fail), not parsed again (it has no aliases).
     */
    GovernancePolicy bindBuiltIn() {
        Binding b = binding();
        try {
            GovernancePolicy p = b.yaml.treeToValue(b.defaultTree, GovernancePolicy.class);
            check("built-in", defaultBytes, p, java.util.Set.of());
            return p;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot bind the built-in policy", e);
        }
    }

    /** The YAML mapper and the built-in policy's tree and keys, for files (merged over the built-in tree) and output. */
    private static final class Binding {
        final ObjectMapper yaml;
        final LoaderOptions loaderOptions;
        final JsonNode defaultTree;
        final java.util.Set<String> inheritedKeys;

        Binding(byte[] defaultBytes) {
            LoaderOptions lo = new LoaderOptions();
            lo.setMaxAliasesForCollections(20);
            lo.setAllowDuplicateKeys(false);
            lo.setNestingDepthLimit(40);
            lo.setCodePointLimit(MAX_BYTES);
            loaderOptions = lo;
            YAMLFactory factory = YAMLFactory.builder()
                    .loaderOptions(lo)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(40).maxStringLength(64 * 1024).build())
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();
            factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            yaml = new ObjectMapper(factory)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    .findAndRegisterModules();
            try {
                defaultTree = yaml.readTree(defaultBytes);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in policy", e);
            }
            inheritedKeys = keys(defaultTree, new java.util.HashSet<>());
        }
    }

    private Binding binding() {
        return binding.get();
    }

    /** The built-in default policy. */
    public GovernancePolicy defaults() {
        return defaults;
    }

    /** The built-in default policy as YAML, as shipped. */
    public String defaultsYaml() {
        return new String(defaultBytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Loads a policy file from disk. */
    public GovernancePolicy load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidInputException(name, "policy file is " + size + " bytes, over the limit of " + MAX_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "policy file not found");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read policy file: " + e.getMessage(), e);
        }
        return parse(name, bytes, "file");
    }

    /**
     * Parses a policy from bytes.
     *
     * @param name   how errors name the input
     * @param origin recorded in {@link PolicySource#origin()} ({@code file}, {@code base-commit}, ...)
     */
    public GovernancePolicy parse(String name, byte[] bytes, String origin) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(name, "policy file is " + bytes.length + " bytes, over the limit of " + MAX_BYTES);
        }
        Binding b = binding();
        GovernancePolicy own = bind(name, bytes);
        check(name, bytes, own, "none".equals(own.extendsPolicy()) ? java.util.Set.of() : b.inheritedKeys);
        GovernancePolicy effective = own;
        if (!"none".equals(own.extendsPolicy())) {
            JsonNode user;
            try {
                user = b.yaml.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new PolicyException(name, List.of(problem(name, e)));
            } catch (IOException e) {
                throw new InvalidInputException(name, "cannot read policy: " + e.getMessage(), e);
            }
            JsonNode merged = merge(b.defaultTree.deepCopy(), user);
            try {
                effective = b.yaml.treeToValue(merged, GovernancePolicy.class);
            } catch (JsonProcessingException e) {
                throw new PolicyException(name, List.of(problem(name, e)));
            }
            PolicyValidation v = new PolicyValidation();
            effective.validate(v);
            if (!v.ok()) {
                List<PolicyProblem> problems = new ArrayList<>();
                for (PolicyValidation.Finding f : v.findings()) {
                    problems.add(new PolicyProblem(name, 0, 0, field(f.pointer()), f.message() + " (after merging with the built-in defaults)"));
                }
                throw new PolicyException(name, problems);
            }
        }
        return effective.withSource(new PolicySource(name, origin, sha256(bytes)));
    }

    /** Writes a policy as YAML (for {@code aigov policy show}). */
    public String toYaml(GovernancePolicy policy) {
        try {
            return binding().yaml.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private GovernancePolicy bind(String name, byte[] bytes) {
        Binding b = binding();
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new PolicyException(name, List.of(new PolicyProblem(name, 1, 1, "", "the policy file is empty")));
        }
        var aliasOrMerge = io.jenkins.plugins.aigovernance.core.document.YamlDocuments.aliasOrMergeKey(bytes, b.loaderOptions);
        if (aliasOrMerge.isPresent()) {
            var p = aliasOrMerge.get();
            throw new PolicyException(name, List.of(new PolicyProblem(name, p.line(), p.column(), "", p.message())));
        }
        try {
            GovernancePolicy p = b.yaml.readValue(bytes, GovernancePolicy.class);
            if (p == null) {
                throw new PolicyException(name, List.of(new PolicyProblem(name, 1, 1, "", "the policy file is empty")));
            }
            return p;
        } catch (JsonProcessingException e) {
            List<PolicyProblem> problems = new ArrayList<>();
            problems.add(problem(name, e, bytes));
            problems.addAll(moreProblems(name, bytes, e));
            throw new PolicyException(name, problems);
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read policy: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // SnakeYAML limits (aliases, code points) surface as runtime exceptions
            String why = e.getMessage() == null ? "unreadable document" : e.getMessage().lines().findFirst().orElse("");
            throw new PolicyException(name, List.of(new PolicyProblem(name, 0, 0, "", "not usable YAML: " + why)));
        }
    }

    /** Most binding errors reported for one file. */
    private static final int MAX_PROBLEMS = 50;

    /**
     * The problems after the first binding error, so that a file's problems are reported at once: the field the error
     * names is taken out of the document and it is bound again, until it binds (then its checks run too, except on the
     * fields taken out) or an error names no field, an array element or a field already taken out. Syntax errors stop
     * at the first.
     */
    private List<PolicyProblem> moreProblems(String name, byte[] bytes, JsonProcessingException first) {
        Binding b = binding();
        JsonNode tree;
        try {
            tree = b.yaml.readTree(bytes);
        } catch (IOException e) {
            return List.of();
        }
        List<PolicyProblem> out = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        JsonProcessingException e = first;
        while (out.size() < MAX_PROBLEMS) {
            String pointer = BindingError.of(e).pointer();
            int slash = pointer.lastIndexOf('/');
            if (pointer.isEmpty() || removed.contains(pointer) || pointer.substring(slash + 1).chars().allMatch(Character::isDigit)
                    || !(tree.at(pointer.substring(0, slash)) instanceof ObjectNode parent)) {
                return out;
            }
            parent.remove(pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~"));
            removed.add(pointer);
            try {
                GovernancePolicy p = b.yaml.treeToValue(tree, GovernancePolicy.class);
                PolicyValidation v = new PolicyValidation("none".equals(p.extendsPolicy()) ? java.util.Set.of() : b.inheritedKeys);
                p.validate(v);
                DocumentLocations where = DocumentLocations.of(b.yaml.getFactory(), bytes);
                for (PolicyValidation.Finding f : v.findings()) {
                    if (removed.stream().anyMatch(r -> f.pointer().equals(r) || f.pointer().startsWith(r + "/") || r.startsWith(f.pointer() + "/"))) {
                        continue;
                    }
                    JsonLocation loc = where.nearest(f.pointer());
                    out.add(new PolicyProblem(name, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                            field(f.pointer()), f.message()));
                }
                return out;
            } catch (JsonProcessingException next) {
                e = next;
                out.add(problem(name, next, bytes));
            } catch (RuntimeException other) {
                return out;
            }
        }
        return out;
    }

    private static java.util.Set<String> keys(JsonNode n, java.util.Set<String> out) {
        if (n.isObject()) {
            for (String k : List.of("id", "name")) {
                if (n.hasNonNull(k) && n.get(k).isTextual()) {
                    out.add(n.get(k).asText());
                }
            }
        }
        for (JsonNode c : n) {
            keys(c, out);
        }
        return out;
    }

    private void check(String name, byte[] bytes, GovernancePolicy p, java.util.Set<String> inherited) {
        PolicyValidation v = new PolicyValidation(inherited);
        p.validate(v);
        if (v.ok()) {
            return;
        }
        DocumentLocations where = DocumentLocations.of(binding().yaml.getFactory(), bytes);
        List<PolicyProblem> problems = new ArrayList<>();
        for (PolicyValidation.Finding f : v.findings()) {
            JsonLocation loc = where.nearest(f.pointer());
            problems.add(new PolicyProblem(name, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    field(f.pointer()), f.message()));
        }
        throw new PolicyException(name, problems);
    }

    /** A binding problem, at the line of the field it names, which is more exact than the parser's position. */
    private PolicyProblem problem(String name, JsonProcessingException e, byte[] bytes) {
        PolicyProblem p = problem(name, e);
        BindingError b = BindingError.of(e);
        JsonLocation loc = b.pointer().isEmpty() ? null : DocumentLocations.of(binding().yaml.getFactory(), bytes).exact(b.pointer());
        return loc == null ? p : new PolicyProblem(p.file(), loc.getLineNr(), loc.getColumnNr(), p.field(), p.message());
    }

    /** {@code /risk/rules/2/tier} → {@code risk.rules[2].tier}. */
    static String field(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String seg : pointer.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(seg).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(seg.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    private static PolicyProblem problem(String name, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        BindingError b = BindingError.of(e);
        return new PolicyProblem(name, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), b.field(), b.message());
    }

    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (base instanceof ObjectNode b && over instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode existing = b.get(e.getKey());
                b.set(e.getKey(), existing == null ? e.getValue() : merge(existing, e.getValue()));
            }
            return b;
        }
        if (base instanceof ArrayNode b && over instanceof ArrayNode o) {
            String key = commonKey(b, o);
            if (key == null) {
                return o;
            }
            Map<String, JsonNode> byKey = new LinkedHashMap<>();
            for (JsonNode n : b) {
                byKey.put(n.get(key).asText(), n);
            }
            for (JsonNode n : o) {
                String k = n.get(key).asText();
                JsonNode existing = byKey.get(k);
                byKey.put(k, existing == null ? n : merge(existing, n));
            }
            ArrayNode out = b.arrayNode();
            byKey.values().forEach(out::add);
            return out;
        }
        return over;
    }

    private static String commonKey(ArrayNode a, ArrayNode b) {
        for (String key : List.of("id", "name")) {
            if (allHave(a, key) && allHave(b, key) && (!a.isEmpty() || !b.isEmpty())) {
                return key;
            }
        }
        return null;
    }

    private static boolean allHave(ArrayNode a, String key) {
        for (JsonNode n : a) {
            if (!n.isObject() || !n.hasNonNull(key)) {
                return false;
            }
        }
        return true;
    }

    /** CRC-32 of {@code bytes}. */
    static long crc32(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Hex sha256 of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
