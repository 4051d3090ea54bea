package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.question.Answer;
import io.jenkins.plugins.aigovernance.core.question.Choice;
import io.jenkins.plugins.aigovernance.core.question.Question;
import java.util.ArrayList;
import java.util.List;

/**
 * The question an approval gate asks (parameters {@value #DECISION} and {@value #COMMENT}; choices
 * {@value #APPROVE}, {@value #DENY} and, when the policy enables it, {@value #BREAK_GLASS}) and how
 * its answer becomes an {@link ApprovalKind}. {@value #APPROVE} needs no comment; {@value #DENY}
 * and {@value #BREAK_GLASS} need a reason (as {@link Approval} does). Every other answer - no
 * value, a bare comment, an unknown choice, a map without the decision - is no decision: the gate
 * asks again; nothing defaults to approve. See {@link Question#judge} for the shapes.
 */
public final class ApprovalQuestion {

    /** The input parameter holding the decision. */
    public static final String DECISION = "decision";
    /** The input parameter holding the comment (the reason of a denial or break-glass). */
    public static final String COMMENT = "comment";
    public static final String APPROVE = "Approve";
    public static final String DENY = "Deny";
    public static final String BREAK_GLASS = "Break glass";

    private ApprovalQuestion() {
    }

    /** The question, with {@value #BREAK_GLASS} offered only when {@code breakGlass} is enabled. */
    public static Question of(boolean breakGlass) {
        List<Choice> choices = new ArrayList<>(List.of(new Choice(APPROVE, false), new Choice(DENY, true)));
        if (breakGlass) {
            choices.add(new Choice(BREAK_GLASS, true));
        }
        return new Question(DECISION, choices, COMMENT);
    }

    /** The labels offered, in order (for the choice parameter). */
    public static List<String> labels(boolean breakGlass) {
        return of(breakGlass).choices().stream().map(Choice::label).toList();
    }

    /**
     * The kind of approval a decided answer is.
     *
     * @throws IllegalArgumentException when the answer is no decision or not one of this question's
     */
    public static ApprovalKind kindOf(Answer answer) {
        if (!answer.isDecision()) {
            throw new IllegalArgumentException("no decision: " + answer.problem());
        }
        return switch (answer.choice()) {
            case APPROVE -> ApprovalKind.APPROVE;
            case DENY -> ApprovalKind.DENY;
            case BREAK_GLASS -> ApprovalKind.BREAK_GLASS;
            default -> throw new IllegalArgumentException("'" + answer.choice() + "' is not an approval decision");
        };
    }
}
