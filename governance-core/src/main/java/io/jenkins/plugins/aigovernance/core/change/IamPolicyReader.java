package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a standalone IAM policy document from a changed file (a JSON file whose top level has a
 * {@code Statement}) into one {@link ResourceChange}: source {@link ResourceSource#IAM_POLICY}, type
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
    private final ObjectMapper json;
    private final IamPolicyAnalyzer analyzer;

    /** A reader with {@link InputLimits#defaults()}. */
    public IamPolicyReader() {
        this(InputLimits.defaults());
    }

    public IamPolicyReader(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.analyzer = new IamPolicyAnalyzer(limits);
        this.json = io.jenkins.plugins.aigovernance.core.JsonDocuments.strictMapper(limits.jsonConstraints(limits.maxManifestBytes()));
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
            JsonNode root = json.readTree(content);
            if (root == null || !root.isObject() || !root.has("Statement")) {
                return Optional.empty();
            }
            analysis = analyzer.analyze(root);
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
