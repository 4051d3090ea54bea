package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.question.Answer;
import io.jenkins.plugins.aigovernance.core.question.Question;
import io.jenkins.plugins.aigovernance.core.question.Respondent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges the answers people give to an open {@link ApprovalRequest} through a blocking question
 * (Jenkins: the {@code input} of {@code aiApprovalGate} and of a paused {@code aiCanaryVerify}): the
 * question reads the value ({@link Question#judge}, never a default choice), the answer becomes an
 * {@link Approval} dated now, and the {@link ApprovalEvaluator} says whether it counts. An anonymous
 * answer, no decision, and a decision the evaluator refuses (self-approval, AI identity, not in a
 * group, after expiry, ...) do not count; the front end records the refusal and asks again.
 */
public final class ApprovalAnswers {

    private final Clock clock;

    public ApprovalAnswers(Clock clock) {
        this.clock = clock;
    }

    /**
     * An answer to the approval gate's question ({@link ApprovalQuestion}): {@code Approve}, {@code Deny}
     * (with a reason) or, when the policy enables it, {@code Break glass} (with a reason).
     *
     * @param request the open request
     * @param soFar  the decisions given so far (counted or not), oldest first
     * @param who     who answered, or {@code null} when nobody is authenticated
     * @param value   the input's value: a map, a bare value or {@code null}
     */
    public JudgedAnswer gate(ApprovalRequest request, List<Approval> soFar, Respondent who, Object value) {
        Answer answer = ApprovalQuestion.of(request.requirement().breakGlass().enabled()).judge(value);
        return judge(request, soFar, who, answer, answer.isDecision() ? ApprovalQuestion.kindOf(answer) : null);
    }

    /**
     * An answer to a decision whose every choice needs the standing of an approver but ends nothing by
     * itself (the decision of a paused canary: {@code Promote} or {@code Roll back}): one eligible person
     * decides, so the answer is judged as an approval of the request's requirement on its own.
     *
     * @param request  the open request (the change's requirement, open for the decision's timeout)
     * @param question the decision's question
     * @param who      who answered, or {@code null} when nobody is authenticated
     * @param value    the input's value: a map, a bare value or {@code null}
     */
    public JudgedAnswer decision(ApprovalRequest request, Question question, Respondent who, Object value) {
        Answer answer = question.judge(value);
        return judge(request, List.of(), who, answer, answer.isDecision() ? ApprovalKind.APPROVE : null);
    }

    private JudgedAnswer judge(ApprovalRequest request, List<Approval> soFar, Respondent who, Answer answer, ApprovalKind kind) {
        ApprovalEvaluator evaluator = new ApprovalEvaluator(clock);
        if (who == null) {
            return new JudgedAnswer(answer, null, "an anonymous answer never counts", JudgedAnswer.Refusal.ANONYMOUS,
                    evaluator.evaluate(request, soFar));
        }
        if (kind == null) {
            return new JudgedAnswer(answer, null, answer.problem(), JudgedAnswer.Refusal.NO_DECISION, evaluator.evaluate(request, soFar));
        }
        Instant now = clock.instant();
        // the question already refused a Deny or Break glass without a reason, so the approval is well formed
        // bound to the change, the tier and the environment the person was asked about
        Approval approval = new Approval(kind, who.id(), who.displayName(), null, who.groups(), request.fingerprint(), request.tier(), now,
                answer.reason(), request.environment());
        List<Approval> all = new ArrayList<>(soFar);
        all.add(approval);
        ApprovalEvaluation evaluation = evaluator.evaluate(request, all);
        Optional<RefusedApproval> refused = evaluation.refused().stream().filter(r -> r.approval().equals(approval)).findFirst();
        if (refused.isPresent()) {
            return new JudgedAnswer(answer, approval, refused.get().reason().json() + ": " + refused.get().detail(),
                    JudgedAnswer.Refusal.NOT_ELIGIBLE, evaluation);
        }
        return new JudgedAnswer(answer, approval, null, null, evaluation);
    }
}
