package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.List;

/**
 * A service (or shared module) the repository contains: the paths it owns and the services it
 * depends on. A change to a service reaches every service that depends on it, directly or not.
 */
public record ServiceSpec(String name, List<String> paths, List<String> dependsOn) {

    public ServiceSpec {
        paths = paths == null ? List.of() : List.copyOf(paths);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/name", name, "name");
        for (int i = 0; i < paths.size(); i++) {
            v.compile(at + "/paths/" + i, paths.get(i), Glob::path);
        }
    }
}
