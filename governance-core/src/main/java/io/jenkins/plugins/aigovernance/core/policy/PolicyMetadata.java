package io.jenkins.plugins.aigovernance.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Name and version of a policy, recorded with every decision made under it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyMetadata(String name, String version, String description, String owner) {
}
