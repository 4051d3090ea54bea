package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.question.Answer;
import java.util.Objects;

/**
 * How one answer to an approval question (the gate's, or the decision of a paused canary) counts.
 *
 * @param answer     what the question made of the input's value (a choice with its reason, or no decision)
 * @param approval   the decision it became, to keep with the request's decisions; {@code null} when it
 *                   became none (anonymous, no decision)
 * @param refusal    why it does not count, or {@code null} when it counts
 * @param refusedAs  the kind of refusal, or {@code null} when it counts
 * @param evaluation the request evaluated with every decision so far, this one included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgedAnswer(Answer answer, Approval approval, String refusal, Refusal refusedAs, ApprovalEvaluation evaluation) {

    /** Why an answer does not count. */
    public enum Refusal {
        /** Nobody is authenticated: an anonymous answer never counts. */
        ANONYMOUS,
        /** The value is no decision (see {@code Question.judge}). */
        NO_DECISION,
        /** The approval engine refused the decision (self-approval, AI identity, not in a group, ...). */
        NOT_ELIGIBLE
    }

    public JudgedAnswer {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(evaluation, "evaluation");
        if ((refusal == null) != (refusedAs == null)) {
            throw new IllegalArgumentException("a refusal has a kind and a reason");
        }
        if (refusedAs != Refusal.NOT_ELIGIBLE && refusedAs != null && approval != null) {
            throw new IllegalArgumentException("an answer refused as " + refusedAs + " became no approval");
        }
    }

    /** Whether the answer counts. */
    @JsonIgnore
    public boolean counted() {
        return refusal == null;
    }
}
