package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * What one change of an agent at level 2 or 3 may reach; {@code null} means no limit.
 *
 * @param maxFiles     changed files
 * @param maxResources created, updated, replaced or deleted resources
 * @param maxDestroys  deleted or replaced resources
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutonomyBudget(Integer maxFiles, Integer maxResources, Integer maxDestroys) {

    void validate(PolicyValidation v, String at) {
        nonNegative(v, at + "/maxFiles", maxFiles);
        nonNegative(v, at + "/maxResources", maxResources);
        nonNegative(v, at + "/maxDestroys", maxDestroys);
    }

    private static void nonNegative(PolicyValidation v, String at, Integer n) {
        if (n != null && n < 0) {
            v.error(at, "must be 0 or more, not " + n);
        }
    }
}
