package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * What a rule applies to ({@code match:}). {@code paths} and {@code pathPatterns} select changed
 * files; the other lists select resources. Within a list any entry may match; all given lists must
 * match. A match with only file criteria never matches a resource and vice versa.
 *
 * @param paths         path globs ({@link Glob#path(String)})
 * @param pathPatterns  RE2 regular expressions over the whole normalized path
 * @param resourceTypes name globs over resource types ({@code aws_iam_*}, {@code ClusterRole})
 * @param addresses     name globs over resource addresses ({@code module.network.*})
 * @param actions       resource actions
 * @param kinds         Kubernetes kinds (name globs)
 * @param namespaces    Kubernetes namespaces (name globs)
 * @param traits        resource traits; every listed trait must be present
 * @param sources       where resources were read from
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Match(
        List<String> paths,
        List<String> pathPatterns,
        List<String> resourceTypes,
        List<String> addresses,
        List<ResourceAction> actions,
        List<String> kinds,
        List<String> namespaces,
        List<ResourceTrait> traits,
        List<ResourceSource> sources) {

    public Match {
        paths = copy(paths);
        pathPatterns = copy(pathPatterns);
        resourceTypes = copy(resourceTypes);
        addresses = copy(addresses);
        actions = copy(actions);
        kinds = copy(kinds);
        namespaces = copy(namespaces);
        traits = copy(traits);
        sources = copy(sources);
    }

    private static <T> List<T> copy(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Whether this match selects files. */
    public boolean selectsFiles() {
        return !paths.isEmpty() || !pathPatterns.isEmpty();
    }

    /** Whether this match selects resources. */
    public boolean selectsResources() {
        return !resourceTypes.isEmpty() || !addresses.isEmpty() || !actions.isEmpty() || !kinds.isEmpty()
                || !namespaces.isEmpty() || !traits.isEmpty() || !sources.isEmpty();
    }

    void validate(PolicyValidation v, String at) {
        if (!selectsFiles() && !selectsResources()) {
            v.error(at, "a match needs at least one of paths, pathPatterns, resourceTypes, addresses, actions, kinds, namespaces, traits, sources");
        }
        SubjectMatcher.compile(this, v, at);
    }
}
