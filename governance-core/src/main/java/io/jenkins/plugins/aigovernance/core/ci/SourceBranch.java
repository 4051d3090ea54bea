package io.jenkins.plugins.aigovernance.core.ci;

import java.util.List;

/**
 * The branch a change comes from, as the engine read it from the CI's variables.
 *
 * @param name     the branch name without {@code refs/heads/} or a remote prefix ({@code claude/fix-x}), or {@code null}
 *                 when no variable names a branch
 * @param variable the environment variable it came from ({@code CHANGE_BRANCH}), or {@code null}
 * @param skipped  variables that were set but name no source branch, each with why ({@code BRANCH_NAME=PR-12: a pull
 *                 request alias}), in the order they were read
 */
public record SourceBranch(String name, String variable, List<String> skipped) {

    public SourceBranch {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** No branch known. */
    public static SourceBranch none() {
        return new SourceBranch(null, null, List.of());
    }

    /** Whether a branch was found. */
    public boolean known() {
        return name != null;
    }
}
