package io.jenkins.plugins.aigovernance.core.canary.expr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which spelling of conditions is read. Both evaluate with the same rules (NaN compares false,
 * indexing past the end is an error); {@link #ARGO} only accepts more of Argo Rollouts' expr syntax.
 */
public enum Dialect {
    /** The engine's own language (docs/canary.md). */
    AIGOV,
    /**
     * Argo Rollouts' conditions (expr-lang): additionally {@code and}, {@code or}, {@code not}, predicates without
     * braces ({@code all(result, # < 1)}), {@code asFloat}, {@code asInt}, {@code isNil}, and a bare {@code result}
     * used as a number (Argo's scalar answer), which must then hold exactly one value. Anything else of expr —
     * strings, {@code in}, {@code matches}, {@code ?:}, {@code ??}, {@code %}, {@code **}, member access,
     * {@code map}/{@code filter} and other builtins — is refused by name.
     */
    ARGO;

    @JsonCreator
    public static Dialect of(String value) {
        for (Dialect d : values()) {
            if (d.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown conditionLanguage '" + value + "' (expected aigov or argo)");
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
