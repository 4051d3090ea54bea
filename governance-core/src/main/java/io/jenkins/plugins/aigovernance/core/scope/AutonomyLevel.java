package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an AI agent may do on its own. */
public enum AutonomyLevel {
    /** 0: no change at all. */
    READ_ONLY,
    /** 1: changes only as proposals; applying one needs a human approval. */
    PROPOSE,
    /** 2: execute outside production, within the budget. */
    EXECUTE_SANDBOX,
    /** 3: execute outside production within the budget, and in production only the listed actions. */
    EXECUTE_PRODUCTION_ACTIONS;

    /** The level's number, 0..3, as written in the policy. */
    public int number() {
        return ordinal();
    }

    /** The level for a validated number. */
    public static AutonomyLevel of(int number) {
        if (number < 0 || number >= values().length) {
            throw new IllegalArgumentException("autonomy level must be 0..3, not " + number);
        }
        return values()[number];
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
