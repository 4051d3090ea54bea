package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One infrastructure object a change creates, updates, replaces or deletes.
 *
 * @param address  Terraform address ({@code module.net.aws_vpc.main}), or {@code Kind/namespace/name} for Kubernetes,
 *                 or the policy document's file path for IAM documents
 * @param type     Terraform resource type ({@code aws_iam_role}), Kubernetes kind ({@code ClusterRole}), or {@code iam_policy_document}
 * @param provider Terraform provider ({@code registry.terraform.io/hashicorp/aws}), Kubernetes apiVersion, or {@code null}
 * @param namespace Kubernetes namespace, {@code null} elsewhere and for cluster-scoped objects
 * @param file     the repository path the resource was read from, when it came from a file in the change
 * @param details  short facts for people ("Allow iam:* on *"), at most a few per resource
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceChange(
        ResourceSource source,
        String address,
        String type,
        String provider,
        String name,
        String namespace,
        ResourceAction action,
        Set<ResourceTrait> traits,
        String file,
        List<String> details) {

    public ResourceChange {
        traits = traits == null || traits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(traits));
        details = details == null ? List.of() : List.copyOf(details);
    }

    public boolean has(ResourceTrait trait) {
        return traits.contains(trait);
    }

    /** A copy with more traits. */
    public ResourceChange withTraits(Set<ResourceTrait> more) {
        if (more.isEmpty() || traits.containsAll(more)) {
            return this;
        }
        EnumSet<ResourceTrait> all = traits.isEmpty() ? EnumSet.noneOf(ResourceTrait.class) : EnumSet.copyOf(traits);
        all.addAll(more);
        return new ResourceChange(source, address, type, provider, name, namespace, action, all, file, details);
    }
}
