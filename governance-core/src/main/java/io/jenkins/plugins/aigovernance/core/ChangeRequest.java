package io.jenkins.plugins.aigovernance.core;

import java.nio.file.Path;
import java.util.List;

/**
 * What a front end asks the engine to look at.
 *
 * @param repository  git repository folder (required: the engine refuses a request without one)
 * @param base        base revision expression
 * @param head        head revision expression
 * @param plan        Terraform plan JSON, or {@code null}
 * @param manifests   folder of Kubernetes manifests or one manifest file, or {@code null}
 * @param policyFile  explicit policy file, or {@code null} to use {@code .ai-governance.yml} at the base revision, else the built-in policy
 * @param environment target environment, or {@code null} (counts as production)
 * @param branch      source branch name, or {@code null}
 * @param states      more {@code terraform show -json} outputs (states or plans of other workspaces), read only for
 *                    the resources that depend on the change; empty for none
 */
public record ChangeRequest(
        Path repository,
        String base,
        String head,
        Path plan,
        Path manifests,
        Path policyFile,
        String environment,
        String branch,
        List<Path> states) {

    public ChangeRequest {
        states = states == null ? List.of() : List.copyOf(states);
    }

    /** A request without extra state files. */
    public ChangeRequest(Path repository, String base, String head, Path plan, Path manifests, Path policyFile, String environment,
            String branch) {
        this(repository, base, head, plan, manifests, policyFile, environment, branch, List.of());
    }
}
