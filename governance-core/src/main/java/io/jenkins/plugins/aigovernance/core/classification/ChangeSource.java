package io.jenkins.plugins.aigovernance.core.classification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who made a change. Ordered from least to most AI involvement, with {@link #UNKNOWN} between. */
public enum ChangeSource {
    /** Made by a person, with no sign of AI involvement. */
    HUMAN,
    /** Provenance could not be verified; the default policy treats it like AI. */
    UNKNOWN,
    /** A person made it with AI help (co-authored, AI-Assisted trailer, partial AI lines). */
    AI_ASSISTED,
    /** An AI agent made it (agent as author, agent branch, governance block says so). */
    AI_AGENT;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code ai-agent}, {@code AI_AGENT}, {@code ai_agent}; {@code null} when unknown. */
    public static ChangeSource parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ChangeSource s : values()) {
            if (s.name().equals(v)) {
                return s;
            }
        }
        return null;
    }

    /** AI-assisted or AI agent. */
    public boolean isAi() {
        return this == AI_ASSISTED || this == AI_AGENT;
    }

    /** The source with more AI involvement of the two (unknown ranks above human). */
    public ChangeSource max(ChangeSource other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    /** Strict form used when reading documents: unknown names are an error. */
    @JsonCreator
    public static ChangeSource of(String value) {
        ChangeSource v = parse(value);
        if (v == null) {
            StringBuilder known = new StringBuilder();
            for (ChangeSource k : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(k.json());
            }
            throw new IllegalArgumentException("unknown value '" + value + "' (expected one of " + known + ")");
        }
        return v;
    }
}
