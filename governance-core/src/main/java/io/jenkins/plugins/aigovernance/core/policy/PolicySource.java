package io.jenkins.plugins.aigovernance.core.policy;

/**
 * Where the policy in force came from.
 *
 * @param name   the file as named, or {@code built-in}
 * @param origin {@code built-in}, {@code file}, {@code base-commit} (the base revision's {@code .ai-governance.yml})
 *               or {@code base-revision} (a named policy file the change edits, read at the base revision)
 * @param sha256 hex digest of the file's bytes (of the built-in defaults for {@code built-in})
 * @param note   why the policy was read where it was, for reports (e.g. "read at the base revision …: the
 *               change edits policy.yml"), or {@code null}
 */
public record PolicySource(String name, String origin, String sha256, String note) {

    public PolicySource(String name, String origin, String sha256) {
        this(name, origin, sha256, null);
    }

    /**
     * The repository path of the named policy file the change edits, when this policy is that file read at the change's
     * base revision (origin {@code base-revision}, name {@code path@base12}), else {@code null}.
     */
    public String editedFile() {
        if (!"base-revision".equals(origin) || name == null) {
            return null;
        }
        int at = name.lastIndexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }
}
