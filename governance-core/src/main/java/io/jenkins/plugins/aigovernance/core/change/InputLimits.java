package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Size and shape limits for untrusted inputs (plans, manifests, policy documents), so that a huge,
 * deeply nested or alias-exploding input is refused with a clear message instead of exhausting memory
 * or the stack.
 *
 * @param maxPlanBytes     largest Terraform plan JSON file, checked before reading
 * @param maxManifestBytes largest single manifest or policy file
 * @param maxManifestFiles most manifest files read from one directory
 * @param maxDocuments     most YAML documents (including {@code kind: List} items) per file
 * @param maxYamlAliases   most YAML aliases to collections per document
 * @param maxNestingDepth  deepest nesting of JSON arrays/objects or YAML collections
 * @param maxStringLength  longest string value that is read (e.g. an embedded policy document)
 */
public record InputLimits(
        long maxPlanBytes,
        long maxManifestBytes,
        int maxManifestFiles,
        int maxDocuments,
        int maxYamlAliases,
        int maxNestingDepth,
        int maxStringLength) {

    private static final long MIB = 1024L * 1024L;

    public InputLimits {
        positive("maxPlanBytes", maxPlanBytes);
        positive("maxManifestBytes", maxManifestBytes);
        if (maxManifestBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxManifestBytes must be below 2 GiB, was " + maxManifestBytes);
        }
        positive("maxManifestFiles", maxManifestFiles);
        positive("maxDocuments", maxDocuments);
        if (maxYamlAliases < 0) {
            throw new IllegalArgumentException("maxYamlAliases must not be negative, was " + maxYamlAliases);
        }
        positive("maxNestingDepth", maxNestingDepth);
        positive("maxStringLength", maxStringLength);
    }

    /**
     * The defaults: plans up to 1 GiB, manifests up to 8 MiB each and 5,000 per directory, 1,000
     * documents per file, 20 YAML aliases, nesting 200 deep, strings up to 32 MiB.
     */
    public static InputLimits defaults() {
        return new InputLimits(1024 * MIB, 8 * MIB, 5_000, 1_000, 20, 200, (int) (32 * MIB));
    }

    /** These limits with another plan size limit. */
    public InputLimits withMaxPlanBytes(long bytes) {
        return new InputLimits(bytes, maxManifestBytes, maxManifestFiles, maxDocuments, maxYamlAliases, maxNestingDepth, maxStringLength);
    }

    /** These limits with another string length limit. */
    public InputLimits withMaxStringLength(int chars) {
        return new InputLimits(maxPlanBytes, maxManifestBytes, maxManifestFiles, maxDocuments, maxYamlAliases, maxNestingDepth, chars);
    }

    /** Jackson's read limits for JSON held in memory or embedded in other input: these nesting and string limits. */
    public StreamReadConstraints jsonConstraints() {
        return StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).maxStringLength(maxStringLength).build();
    }

    /** Jackson's read limits for one JSON document of at most {@code maxDocumentBytes}: these nesting and string limits too. */
    public StreamReadConstraints jsonConstraints(long maxDocumentBytes) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength((int) Math.min(maxStringLength, maxDocumentBytes))
                .maxDocumentLength(maxDocumentBytes)
                .build();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
