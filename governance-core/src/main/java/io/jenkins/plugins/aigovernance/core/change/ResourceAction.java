package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a plan or manifest does to one resource. A Terraform replace (delete + create in either order) is {@link #REPLACE};
 * {@link #FORGET} (Terraform 1.7+, a {@code removed} block with {@code destroy = false}) removes the object from state
 * and keeps it: Terraform stops managing it, nothing is destroyed.
 */
public enum ResourceAction {
    CREATE, READ, UPDATE, DELETE, REPLACE, NO_OP, FORGET;

    @JsonValue
    public String json() {
        return this == NO_OP ? "no-op" : name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code create}, {@code no-op}, ... (case-insensitive); {@code null} when unknown. */
    public static ResourceAction parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ResourceAction a : values()) {
            if (a.name().equals(v)) {
                return a;
            }
        }
        return null;
    }

    /** Delete and replace destroy the existing object. */
    public boolean destructive() {
        return this == DELETE || this == REPLACE;
    }

    /** Strict form used when reading documents: unknown names are an error. */
    @JsonCreator
    public static ResourceAction of(String value) {
        ResourceAction v = parse(value);
        if (v == null) {
            StringBuilder known = new StringBuilder();
            for (ResourceAction k : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(k.json());
            }
            throw new IllegalArgumentException("unknown value '" + value + "' (expected one of " + known + ")");
        }
        return v;
    }
}
