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
 * @param linkTargets the other repository paths this change stands for through symbolic links: for a link (mode
 *                    {@code 120000}) before or after the change, the paths its targets name (resolved against the
 *                    link's folder; for a folder, the files below it too); for a file a link in the head revision
 *                    points to (directly or through a linked folder), that link's path. A change counts as every
 *                    one of these paths, so a rule over {@code Jenkinsfile} selects a link to it and an edit of the
 *                    file a {@code Jenkinsfile} link points to. Empty when no link is involved.
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
        int linesDeleted,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> linkTargets) {

    public FileChange {
        linkTargets = linkTargets == null ? java.util.List.of() : java.util.List.copyOf(linkTargets);
    }

    /** A file that is no symbolic link. */
    public FileChange(String path, String oldPath, ChangeKind kind, String oldMode, String newMode, String oldBlob, String newBlob,
            boolean binary, boolean submodule, int linesAdded, int linesDeleted) {
        this(path, oldPath, kind, oldMode, newMode, oldBlob, newBlob, binary, submodule, linesAdded, linesDeleted, java.util.List.of());
    }

    /** Every repository path this change stands for: its path, a rename's old path, and the paths its link targets name. */
    public java.util.List<String> paths() {
        java.util.List<String> out = new java.util.ArrayList<>(2 + linkTargets.size());
        out.add(path);
        if (oldPath != null) {
            out.add(oldPath);
        }
        out.addAll(linkTargets);
        return out;
    }

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
