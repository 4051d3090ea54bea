package io.jenkins.plugins.aigovernance.core.document;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Collects semantic problems while a policy is checked. Sections report problems by JSON pointer
 * ({@code /risk/rules/2/tier}); the loader turns pointers into file lines.
 */
public final class PolicyValidation {

    /** A problem found at a JSON pointer. */
    public record Finding(String pointer, String message) {
    }

    private final List<Finding> findings = new ArrayList<>();
    private final java.util.Set<String> inheritedKeys;

    /** Validation of a complete document. */
    public PolicyValidation() {
        this(java.util.Set.of());
    }

    /**
     * Validation of a document laid over a base whose list entries have these {@code id}/{@code name}
     * keys: an entry with one of them may be partial (it is merged with the base entry).
     */
    public PolicyValidation(java.util.Set<String> inheritedKeys) {
        this.inheritedKeys = java.util.Set.copyOf(inheritedKeys);
    }

    /** Whether a list entry with this id or name is merged over a base entry, and so may be partial. */
    public boolean inherited(String key) {
        return key != null && inheritedKeys.contains(key);
    }

    /** Reports a problem at {@code pointer}. */
    public void error(String pointer, String message) {
        findings.add(new Finding(pointer, message));
    }

    /** Compiles {@code value} with {@code compiler}; an {@link IllegalArgumentException} becomes a problem. */
    public <T> T compile(String pointer, String value, Function<String, T> compiler) {
        try {
            return compiler.apply(value);
        } catch (IllegalArgumentException e) {
            error(pointer, e.getMessage());
            return null;
        }
    }

    /** Requires a non-blank value. */
    public boolean require(String pointer, Object value, String what) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            error(pointer, what + " is required");
            return false;
        }
        return true;
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }
}
