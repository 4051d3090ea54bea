package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why an identity may not approve a change. */
public enum ExclusionKind {
    /** Wrote a commit of the change. */
    AUTHOR,
    /** Committed a commit of the change. */
    COMMITTER,
    /** Started the build that asks for approval. */
    INITIATOR,
    /** Asked an AI agent for the change (its human co-author or requester). */
    REQUESTER,
    /** An AI agent or assistant. */
    AI_IDENTITY,
    /** Listed in {@code approval.exclusions}. */
    POLICY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ExclusionKind of(String value) {
        for (ExclusionKind k : values()) {
            if (k.json().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown exclusion kind '" + value + "'");
    }
}
