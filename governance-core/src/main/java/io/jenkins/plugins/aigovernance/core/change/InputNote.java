package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * A fact about how an input was read that people must see next to the result: a plan Terraform did not
 * finish, a changed file read fail-closed, rename detection that gave up, history too short to judge.
 *
 * @param kind    what happened
 * @param input   the input it is about (plan file, repository path, revision range)
 * @param message one sentence for people, saying what was done about it
 */
public record InputNote(Kind kind, String input, String message) {

    /** What an {@link InputNote} reports. JSON names are lower case with dashes ({@code plan-incomplete}). */
    public enum Kind {
        /** {@code complete: false}: Terraform deferred some changes; the plan does not list everything that will change. */
        PLAN_INCOMPLETE,
        /** {@code errored: true}: Terraform stopped planning with errors; the plan lists only part of the change. */
        PLAN_ERRORED,
        /** A plan action this reader does not know; the resource was read as replaced (delete + create). */
        UNRECOGNIZED_ACTION,
        /** A changed file that may be a governance input could not be read; it was read the strictest way. */
        READ_FAIL_CLOSED,
        /** A template (Helm {@code {{ }}}) that names Kubernetes objects only once rendered: not read; render it and pass the result. */
        NOT_RENDERED,
        /** Rename detection stopped (too many candidates): renamed files are listed as deleted and added. */
        RENAMES_NOT_DETECTED,
        /** The repository history is too short to find the base (shallow clone or a single commit). */
        SHORT_HISTORY,
        /** Where the target environment came from, when it was not given. */
        ENVIRONMENT;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public InputNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return input == null ? message : input + ": " + message;
    }
}
