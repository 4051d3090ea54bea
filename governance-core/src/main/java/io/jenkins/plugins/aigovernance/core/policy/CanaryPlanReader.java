package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.argo.ArgoAnalysisTemplates;
import io.jenkins.plugins.aigovernance.core.document.BindingError;
import io.jenkins.plugins.aigovernance.core.document.DocumentLocations;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.YamlDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a canary plan from a file: a plan document (YAML or JSON with {@code steps:}), a policy file
 * ({@code apiVersion: ai-governance/v1}) whose {@code canary.templates} holds the plan named by
 * {@code template}, or Argo Rollouts analysis templates ({@link ArgoAnalysisTemplates}). Unknown fields, bad durations and invalid conditions are errors that
 * name the file, the line and the field.
 */
public final class CanaryPlanReader {

    /** Largest plan file read. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Most YAML documents in one file (a file of Argo manifests). */
    public static final int MAX_DOCUMENTS = 200;

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
        return read(file, template, Map.of(), List.of());
    }

    /** Reads the plan in {@code file}, with an Argo template's arguments and weights (see {@link #parse(String, byte[], String, Map, List)}). */
    public CanaryPlan read(Path file, String template, Map<String, String> args, List<Integer> weights) {
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
        return parse(name, bytes, template, args, weights);
    }

    /** Parses a plan document, a policy with templates, or an Argo Rollouts analysis template. */
    public CanaryPlan parse(String name, byte[] bytes, String template) {
        return parse(name, bytes, template, Map.of(), List.of());
    }

    /**
     * Parses a plan document, a policy with templates, or a file of Argo Rollouts {@code AnalysisTemplate} /
     * {@code ClusterAnalysisTemplate} documents ({@link ArgoAnalysisTemplates}; other documents in the file, such as a
     * Rollout, are skipped).
     *
     * @param args    values of an Argo template's {@code args} (only for Argo templates)
     * @param weights for an Argo template, the canary weights to analyse at (empty: one analysis step)
     */
    public CanaryPlan parse(String name, byte[] bytes, String template, Map<String, String> args, List<Integer> weights) {
        var aliasOrMerge = YamlDocuments.aliasOrMergeKey(bytes, loaderOptions);
        if (aliasOrMerge.isPresent()) {
            throw new InvalidInputException(name, "line " + aliasOrMerge.get().line() + ": " + aliasOrMerge.get().message());
        }
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(bytes)) {
            while (it.hasNextValue()) {
                JsonNode d = it.nextValue();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
                if (docs.size() > MAX_DOCUMENTS) {
                    throw new InvalidInputException(name, "more than " + MAX_DOCUMENTS + " YAML documents");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            String why = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException(name, "not readable YAML or JSON: " + why);
        }
        if (docs.stream().anyMatch(ArgoAnalysisTemplates::isTemplate)) {
            return ArgoAnalysisTemplates.plan(name, docs, template, args, weights);
        }
        List<String> argoKinds = docs.stream().filter(d -> d.path("apiVersion").asText("").startsWith("argoproj.io/"))
                .map(d -> d.path("kind").asText("?")).distinct().toList();
        if (!argoKinds.isEmpty()) {
            throw new InvalidInputException(name, "the file holds Argo Rollouts " + String.join(", ", argoKinds)
                    + " but no AnalysisTemplate or ClusterAnalysisTemplate; give the file of the analysis template");
        }
        if (!args.isEmpty() || !weights.isEmpty()) {
            throw new InvalidInputException(name, "arguments and weights are for Argo analysis templates; this file holds none");
        }
        if (docs.size() > 1) {
            throw new InvalidInputException(name, "a plan file holds one YAML document, found " + docs.size()
                    + " (and no Argo AnalysisTemplate among them)");
        }
        JsonNode tree = docs.isEmpty() ? null : docs.get(0);
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
