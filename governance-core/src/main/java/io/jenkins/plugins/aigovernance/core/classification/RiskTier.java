package io.jenkins.plugins.aigovernance.core.classification;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** Risk tiers, lowest first. */
public enum RiskTier {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses a tier name case-insensitively; {@code null} when unknown. */
    public static RiskTier parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Strict form used when reading documents: unknown names are an error. */
    @JsonCreator
    public static RiskTier of(String value) {
        RiskTier t = parse(value);
        if (t == null) {
            throw new IllegalArgumentException("unknown risk tier '" + value + "' (expected LOW, MEDIUM, HIGH or CRITICAL)");
        }
        return t;
    }

    public boolean atLeast(RiskTier other) {
        return compareTo(other) >= 0;
    }

    public RiskTier max(RiskTier other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }
}
