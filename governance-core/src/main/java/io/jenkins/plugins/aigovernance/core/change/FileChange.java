package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One changed file. {@code path} is the path after the change (the old path for a delete);
 * paths are normalized, repository-relative and use {@code /}.
 *
 * @param oldPath the path before a rename or copy, otherwise {@code null}
 * @param oldMode git file mode before ({@code 100644}, {@code 100755}, {@code 120000} link, {@code 160000} submodule)
 * @param oldBlob object id before ({@code null} when added)
 * @param newBlob object id after ({@code null} when deleted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileChange(
        String path,
        String oldPath,
        ChangeKind kind,
        String oldMode,
        String newMode,
        String oldBlob,
        String newBlob,
        boolean binary,
        boolean submodule,
        int linesAdded,
        int linesDeleted) {

    /** A plain modification, for callers that know only a path (tests, other CI systems). */
    public static FileChange modified(String path, int linesAdded, int linesDeleted) {
        return new FileChange(path, null, ChangeKind.MODIFY, "100644", "100644", null, null, false, false, linesAdded, linesDeleted);
    }

    /** Whether the file mode changed (e.g. made executable). */
    public boolean modeChanged() {
        return oldMode != null && newMode != null && !oldMode.equals(newMode);
    }

    /** Lines added plus lines deleted. */
    public int linesChanged() {
        return linesAdded + linesDeleted;
    }
}
