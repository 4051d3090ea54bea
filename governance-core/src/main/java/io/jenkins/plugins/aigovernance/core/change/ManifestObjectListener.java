package io.jenkins.plugins.aigovernance.core.change;

import java.util.Map;

/** Sees every Kubernetes object {@link KubernetesManifestReader} reads, with its document, e.g. to build the resource graph. */
@FunctionalInterface
public interface ManifestObjectListener {

    /**
     * @param resource what the reader made of the object
     * @param document the object as read (maps, lists, strings, numbers; never modified by the listener)
     */
    void object(ResourceChange resource, Map<?, ?> document);
}
