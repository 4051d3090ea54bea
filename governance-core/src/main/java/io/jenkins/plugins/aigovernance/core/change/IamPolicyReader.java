package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a standalone IAM policy document from a changed file (a JSON file whose top level has a
 * {@code Statement}, or AWS CLI output holding one: see {@link #document(JsonNode)}) into one {@link ResourceChange}: source {@link ResourceSource#IAM_POLICY}, type
 * {@code iam_policy_document}, address and file the repository path, traits from
 * {@link IamPolicyAnalyzer} (always including {@link ResourceTrait#IAM}).
 *
 * <p>JSON that is not a policy document yields nothing. A file that cannot be parsed yields nothing,
 * unless it mentions {@code "Statement"}: then it is taken as a policy document and fails closed
 * ({@link IamPolicyAnalysis#unreadable(String)}). A file over {@link InputLimits#maxManifestBytes()}
 * is refused with an {@link InvalidInputException}.
 */
public final class IamPolicyReader {

    /** The resource type of standalone policy documents. */
    public static final String TYPE = "iam_policy_document";

    private final InputLimits limits;
    /** Made on first use: a change without IAM documents loads no data binding (docs/performance.md, start-up). */
    private final java.util.function.Supplier<ObjectMapper> json;
    private final IamPolicyAnalyzer analyzer;

    /** A reader with {@link InputLimits#defaults()}. */
    public IamPolicyReader() {
        this(InputLimits.defaults());
    }

    public IamPolicyReader(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.analyzer = new IamPolicyAnalyzer(limits);
        var constraints = limits.jsonConstraints(limits.maxManifestBytes());
        this.json = new io.jenkins.plugins.aigovernance.core.document.OnFirstUse<>(
                () -> io.jenkins.plugins.aigovernance.core.document.JsonDocuments.strictMapper(constraints));
    }

    /**
     * The policy document in a file: the top level when it has a {@code Statement}, else the document inside the shapes
     * the AWS CLI prints: {@code {"PolicyVersion":{"Document":...}}} ({@code aws iam get-policy-version}),
     * {@code {"PolicyDocument":...}} ({@code get-role-policy}, {@code get-user-policy}), {@code {"Policy":"..."}}
     * ({@code aws s3api get-bucket-policy}, {@code aws lambda get-policy}, {@code aws ecr get-repository-policy}),
     * {@code {"Attributes":{"Policy":"..."}}} ({@code aws sqs get-queue-attributes}, {@code aws sns get-topic-attributes}),
     * {@code {"Role":{"AssumeRolePolicyDocument":...}}} ({@code aws iam get-role}). The document may be an object or a
     * string of JSON (URL-encoded as the IAM API returns it, or not); {@code null} when there is none.
     */
    static JsonNode document(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        if (root.has("Statement")) {
            return root;
        }
        for (String[] path : CLI_SHAPES) {
            JsonNode n = root;
            for (String step : path) {
                n = n == null ? null : n.get(step);
            }
            if (n != null && (n.isObject() && n.has("Statement") || n.isTextual() && decoded(n.asText()).contains("\"Statement\""))) {
                return n;
            }
        }
        return null;
    }

    private static final List<String[]> CLI_SHAPES = List.of(new String[] {"PolicyVersion", "Document"}, new String[] {"PolicyDocument"},
            new String[] {"Policy"}, new String[] {"Policy", "PolicyDocument"}, new String[] {"Attributes", "Policy"},
            new String[] {"Role", "AssumeRolePolicyDocument"}, new String[] {"AssumeRolePolicyDocument"}, new String[] {"policy"});

    /** A document string as given, or URL-decoded when the IAM API returned it encoded ({@code %7B%22Version...}). */
    static String decoded(String document) {
        String t = document.strip();
        if (t.startsWith("%7B") || t.startsWith("%7b")) {
            try {
                return java.net.URLDecoder.decode(t, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return t;
            }
        }
        return document;
    }

    /**
     * Reads one changed file.
     *
     * @param repoPath the file's repository path (normalized with {@link RepositoryPath#normalize(String)})
     * @param content  the file's bytes (for a deleted file: its last content)
     * @param action   what the change does to the file: {@code CREATE} for an added file, {@code DELETE}, else {@code UPDATE}
     * @return the policy document as a resource, or empty when the file is not an IAM policy document
     * @throws InvalidInputException when the file is larger than {@link InputLimits#maxManifestBytes()}
     */
    public Optional<ResourceChange> read(String repoPath, byte[] content, ResourceAction action) {
        String path = RepositoryPath.normalize(repoPath);
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(action, "action");
        if (content.length > limits.maxManifestBytes()) {
            throw new InvalidInputException(path, "file is " + content.length + " bytes, over the limit of "
                    + limits.maxManifestBytes() + " bytes (maxManifestBytes)");
        }
        IamPolicyAnalysis analysis;
        try {
            JsonNode root = document(json.get().readTree(content));
            if (root == null) {
                return Optional.empty();
            }
            analysis = root.isTextual() ? analyzer.analyze(decoded(root.asText())) : analyzer.analyze(root);
        } catch (JsonProcessingException e) {
            if (!new String(content, StandardCharsets.UTF_8).contains("\"Statement\"")) {
                return Optional.empty();
            }
            analysis = IamPolicyAnalysis.unreadable("unreadable policy document (" + JsonProblem.describe(e) + ")");
        } catch (IOException e) {
            throw new InvalidInputException(path, "cannot read: " + e.getMessage(), e);
        }
        List<String> details = new ArrayList<>(analysis.details());
        String name = path.substring(path.lastIndexOf('/') + 1);
        return Optional.of(new ResourceChange(ResourceSource.IAM_POLICY, path, TYPE, null, name, null, action,
                analysis.traits(), path, details));
    }
}
