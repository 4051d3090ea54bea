package io.jenkins.plugins.aigovernance.core.question;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an answer to a {@link Question} decides: a choice (with its reason) or no decision, with why.
 * Exactly one of {@code choice} and {@code problem} is set.
 *
 * @param choice  the label of the choice made, as the question offered it; {@code null} when no decision
 * @param reason  the reason given, stripped; {@code null} when none
 * @param problem why the answer is no decision; {@code null} when it is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Answer(String choice, String reason, String problem) {

    public Answer {
        if ((choice == null) == (problem == null)) {
            throw new IllegalArgumentException("an answer is either a choice or a problem");
        }
    }

    static Answer decided(String choice, String reason) {
        return new Answer(choice, reason, null);
    }

    static Answer none(String problem) {
        return new Answer(null, null, problem);
    }

    /** Whether the answer is a decision. */
    @JsonIgnore
    public boolean isDecision() {
        return choice != null;
    }

    /** Whether the answer is the decision {@code label}. */
    public boolean is(String label) {
        return choice != null && choice.equals(label);
    }
}
