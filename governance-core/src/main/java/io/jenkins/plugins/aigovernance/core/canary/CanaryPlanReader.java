package io.jenkins.plugins.aigovernance.core.canary;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.aigovernance.core.InvalidInputException;
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

    public CanaryPlanReader() {
        LoaderOptions lo = new LoaderOptions();
        lo.setMaxAliasesForCollections(20);
        lo.setAllowDuplicateKeys(false);
        lo.setNestingDepthLimit(40);
        lo.setCodePointLimit(MAX_BYTES);
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
        JsonNode tree;
        try {
            tree = yaml.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(name, "not readable YAML or JSON: " + firstLine(e.getMessage()));
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
            StringBuilder pointer = new StringBuilder();
            StringBuilder field = new StringBuilder();
            if (e instanceof JsonMappingException m) {
                for (JsonMappingException.Reference r : m.getPath()) {
                    boolean named = r.getFieldName() != null;
                    pointer.append('/').append(named ? r.getFieldName() : String.valueOf(r.getIndex()));
                    field.append(named ? (field.length() == 0 ? "" : ".") + r.getFieldName() : "[" + r.getIndex() + "]");
                }
            }
            Integer line = lineOf(bytes, pointer.toString());
            throw new InvalidInputException(name, (line == null ? "" : "line " + line + ": ") + (field.length() == 0 ? "" : field + ": ")
                    + message(e));
        }
        if (template != null && plan.name() != null && !template.equals(plan.name())) {
            throw new InvalidInputException(name, "the plan is named '" + plan.name() + "', not '" + template + "'");
        }
        return plan.requireValid(name);
    }

    /** The line where the value at a JSON pointer starts (one streaming pass), or {@code null}. */
    private Integer lineOf(byte[] bytes, String pointer) {
        try (JsonParser p = yaml.getFactory().createParser(bytes)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != com.fasterxml.jackson.core.JsonToken.END_OBJECT && t != com.fasterxml.jackson.core.JsonToken.END_ARRAY
                        && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return p.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            // the bytes were read once already; only the line number is lost
        }
        return null;
    }

    private static String templates(GovernancePolicy policy) {
        String names = policy.canary().templates().stream().map(CanaryPlan::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "the policy has none" : names;
    }

    private static String message(JsonProcessingException e) {
        Throwable c = e.getCause();
        while (c != null && !(c instanceof IllegalArgumentException)) {
            c = c.getCause();
        }
        if (c != null) {
            return c.getMessage();
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
