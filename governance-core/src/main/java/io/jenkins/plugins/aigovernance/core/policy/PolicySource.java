package io.jenkins.plugins.aigovernance.core.policy;

/**
 * Where the policy in force came from.
 *
 * @param name   the file as named, or {@code built-in}
 * @param origin {@code built-in}, {@code file}, or {@code base-commit} (read from the change's base revision)
 * @param sha256 hex digest of the file's bytes (of the built-in defaults for {@code built-in})
 */
public record PolicySource(String name, String origin, String sha256) {
}
