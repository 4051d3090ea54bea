package io.jenkins.plugins.aigovernance.core.change;

import java.util.List;

/**
 * What {@link KubernetesManifestReader#readDirectory(java.nio.file.Path)} found in a manifests directory.
 *
 * @param resources     Kubernetes objects, by file path and then document order
 * @param digest        sha256 over the sorted relative paths and the sha256 of each file ({@code kubernetes-manifests})
 * @param fileCount     manifest files read ({@code *.yaml}, {@code *.yml}, {@code *.json})
 * @param documentCount documents read, including {@code kind: List} items and documents that are not Kubernetes objects
 * @param warnings      what was skipped and why (symbolic links to directories, documents without apiVersion/kind)
 */
public record ManifestReadResult(
        List<ResourceChange> resources,
        InputDigest digest,
        int fileCount,
        int documentCount,
        List<String> warnings) {

    public ManifestReadResult {
        resources = List.copyOf(resources);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
