package io.jenkins.plugins.aigovernance.core.resolution;

import java.nio.file.Path;

/**
 * Where the policy of a change may come from, first match wins:
 * <ol>
 * <li>{@code explicitFile}: the policy file a step or {@code aigov --policy} names;</li>
 * <li>{@code jobFile}: the job's policy path (the Jenkins job property);</li>
 * <li>the repository's {@code .ai-governance.yml} at the change's <em>base</em> revision;</li>
 * <li>{@code global}: a default policy given as name and bytes (the Jenkins global configuration);</li>
 * <li>the built-in policy.</li>
 * </ol>
 * A named file (1 or 2) that the change adds, edits, deletes or renames is read at the base revision,
 * and one the change adds is refused: a change is never judged by rules it brings.
 *
 * @param explicitFile policy file named for this run (absolute, or relative to the working directory), or {@code null}
 * @param jobFile      the job's policy file, or {@code null}
 * @param global       the global default policy, or {@code null}
 */
public record PolicyChain(Path explicitFile, Path jobFile, GlobalPolicy global) {

    private static final PolicyChain REPOSITORY = new PolicyChain(null, null, null);

    /** Only the repository's file at the base revision, else the built-in policy. */
    public static PolicyChain repository() {
        return REPOSITORY;
    }

    /** An explicit file (when not {@code null}), else the repository's file, else the built-in policy (the CLI's chain). */
    public static PolicyChain explicit(Path file) {
        return file == null ? REPOSITORY : new PolicyChain(file, null, null);
    }

    /** This chain with {@code file} as the explicit file when it is not {@code null}. */
    public PolicyChain withExplicit(Path file) {
        return file == null ? this : new PolicyChain(file, jobFile, global);
    }

    /** The file named for this change (explicit, else the job's), or {@code null}. */
    public Path namedFile() {
        return explicitFile != null ? explicitFile : jobFile;
    }
}
