package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.aigovernance.core.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.policy.BindingError;
import io.jenkins.plugins.aigovernance.core.policy.DocumentLocations;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a canary plan from a file: either a plan document (YAML or JSON with {@code steps:}), or a
 * policy file ({@code apiVersion: ai-governance/v1}) whose {@code canary.templates} holds the plan
 * named by {@code template}. Unknown fields, bad durations and invalid conditions are errors that
 * name the file, the line and the field.
 */
public final class CanaryPlanReader {

    /** Largest plan file read. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final ObjectMapper yaml;
    private final LoaderOptions loaderOptions;

    public CanaryPlanReader() {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(20);
        lo.setAllowDuplicateKeys(false);
        lo.setNestingDepthLimit(40);
        lo.setCodePointLimit(MAX_BYTES);
        loaderOptions = lo;
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(lo)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(40).build()).build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        yaml = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /**
     * Reads the plan in {@code file}.
     *
     * @param template for a policy file, the template's name; for a plan file, {@code null} or the plan's own name
     */
    public CanaryPlan read(Path file, String template) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(name, "the plan file is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "plan file not found");
        } catch (IOException e) {
            throw new InvalidInputException(name, "cannot read the plan file: " + e.getMessage(), e);
        }
        return parse(name, bytes, template);
    }

    /** Parses a plan document or a policy with templates. */
    public CanaryPlan parse(String name, byte[] bytes, String template) {
        var aliasOrMerge = io.jenkins.plugins.aigovernance.core.YamlDocuments.aliasOrMergeKey(bytes, loaderOptions);
        if (aliasOrMerge.isPresent()) {
            throw new InvalidInputException(name, "line " + aliasOrMerge.get().line() + ": " + aliasOrMerge.get().message());
        }
        JsonNode tree;
        try {
            tree = yaml.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException(name, "not readable YAML or JSON: " + why);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException(name, "a plan file holds a mapping with steps: (or a policy with canary.templates)");
        }
        if (tree.has("apiVersion")) {
            GovernancePolicy policy = new PolicyLoader().parse(name, bytes, "file");
            if (template == null) {
                throw new InvalidInputException(name, "this is a policy file; name one of its canary templates with --template ("
                        + templates(policy) + ")");
            }
            CanaryPlan t = policy.canary().template(template);
            if (t == null) {
                throw new InvalidInputException(name, "no canary template named '" + template + "' (known: " + templates(policy) + ")");
            }
            return t;
        }
        CanaryPlan plan;
        try {
            plan = yaml.treeToValue(tree, CanaryPlan.class);
        } catch (JsonProcessingException e) {
            BindingError error = BindingError.of(e);
            JsonLocation at = error.pointer().isEmpty() ? null : DocumentLocations.of(yaml.getFactory(), bytes).exact(error.pointer());
            throw new InvalidInputException(name, (at == null ? "" : "line " + at.getLineNr() + ": ")
                    + (error.field().isEmpty() ? "" : error.field() + ": ") + error.message());
        }
        if (template != null && plan.name() != null && !template.equals(plan.name())) {
            throw new InvalidInputException(name, "the plan is named '" + plan.name() + "', not '" + template + "'");
        }
        return plan.requireValid(name);
    }

    private static String templates(GovernancePolicy policy) {
        String names = policy.canary().templates().stream().map(CanaryPlan::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "the policy has none" : names;
    }
}
