package io.jenkins.plugins.aigovernance.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.ChoiceParameterDefinition;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.TextParameterDefinition;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.JudgedAnswer;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.question.Choice;
import io.jenkins.plugins.aigovernance.core.question.Question;
import io.jenkins.plugins.aigovernance.engine.ControllerGates;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.questions.Asker;
import io.jenkins.plugins.aigovernance.questions.BlockingQuestion;
import io.jenkins.plugins.aigovernance.questions.Ruling;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;

/**
 * The decision of a paused {@code aiCanaryVerify}: a {@link BlockingQuestion} (input id
 * {@value #INPUT_ID}, parameters {@value #DECISION} and {@value #REASON}) asked of the approver groups
 * of the change's tier, each answer judged by the approval engine ({@link ControllerGates#judgeCanaryDecision}:
 * one eligible person decides; authors, the initiator and AI identities are refused). It tells the
 * canary what was decided; the canary promotes or rolls back. Kept in Pipeline program state with the
 * canary's execution (plain values and the engine's request document).
 */
final class CanaryDecision implements Asker {

    private static final long serialVersionUID = 1L;

    /** The decision input's id. */
    static final String INPUT_ID = "AiCanaryDecision";
    /** The decision input's choice parameter. */
    static final String DECISION = "decision";
    /** The decision input's reason parameter. */
    static final String REASON = "reason";

    static final String PROMOTE = "Promote";
    static final String ROLL_BACK = "Roll back";
    /** The decision's question (engine: {@code core.question}); roll back first, the fail-safe choice. */
    static final Question QUESTION =
            Question.choose(DECISION, REASON, new Choice(ROLL_BACK, true), new Choice(PROMOTE, true));

    /** What the canary does with a decision (each call hands the work to the canary's own thread). */
    interface Decided extends Serializable {
        /** A person promoted: the plan continues after the paused step. */
        void promoted();

        /**
         * The canary rolls back.
         *
         * @param why   the reason given to the block
         * @param actor who decided, or {@code null} (timeout)
         */
        void rolledBack(String why, @CheckForNull String actor);
    }

    private final StepContext context;
    private final Decided canary;
    private final String planName;
    private final int weight;
    private final int pausedStep;
    private final String pausedReason;
    private final int timeoutMinutes;
    private final String requestJson;
    private final long askedMillis;
    private BlockingQuestion question;

    CanaryDecision(
            StepContext context,
            Decided canary,
            String planName,
            int weight,
            int pausedStep,
            String pausedReason,
            int timeoutMinutes,
            ApprovalRequest request) {
        this.context = context;
        this.canary = canary;
        this.planName = planName;
        this.weight = weight;
        this.pausedStep = pausedStep;
        this.pausedReason = pausedReason;
        this.timeoutMinutes = timeoutMinutes;
        this.requestJson = Documents.toJson(request);
        this.askedMillis = System.currentTimeMillis();
    }

    /** Records the request and asks the first round. */
    void open() throws Exception {
        ApprovalRequest request = request();
        String groups = groupsOf(request);
        context.get(TaskListener.class)
                .getLogger()
                .println(Messages.AiCanaryVerifyStep_DecisionRequested(planName, weight, groups, request.expiresAt()));
        GovernanceRunAction.of(context.get(Run.class))
                .add(GovernanceRecord.of(
                        RecordKind.CANARY_DECISION,
                        Messages.AiCanaryVerifyStep_DecisionRequestSummary(
                                planName, weight, groups, request.expiresAt()),
                        "requested",
                        requestJson));
        question = new BlockingQuestion(context, this, request.expiresAt());
        question.open();
    }

    void stop(@NonNull Throwable cause) {
        if (question != null) {
            question.stop(cause);
        }
    }

    void onResume() {
        if (question != null) {
            question.onResume();
        }
    }

    int round() {
        return question == null ? 0 : question.getRound();
    }

    private static String groupsOf(ApprovalRequest request) {
        Set<String> groups = new LinkedHashSet<>();
        request.requirement().slots().forEach(s -> groups.add(s.group()));
        return String.join(", ", groups);
    }

    private ApprovalRequest request() {
        return Documents.read(requestJson, ApprovalRequest.class);
    }

    /** One round: a standard input offered to the security realm's names of the tier's groups. */
    @Override
    public InputStep prompt(int round) {
        ApprovalRequest request = request();
        InputStep input = new InputStep(Messages.AiCanaryVerifyStep_DecisionPrompt(
                planName, weight, pausedReason, pausedStep + 1, groupsOf(request), request.expiresAt()));
        input.setId(INPUT_ID);
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        Set<String> submitters = new LinkedHashSet<>();
        request.requirement().slots().forEach(s -> submitters.addAll(config.realmGroupsFor(s.group())));
        input.setSubmitter(String.join(",", submitters));
        input.setOk(Messages.AiCanaryVerifyStep_DecisionOk());
        input.setCancel(Messages.AiCanaryVerifyStep_DecisionCancel());
        input.setParameters(List.of(
                // roll back first: the choice's default is the fail-safe one
                new ChoiceParameterDefinition(
                        DECISION, new String[] {ROLL_BACK, PROMOTE}, Messages.AiCanaryVerifyStep_DecisionHelp()),
                new TextParameterDefinition(REASON, "", Messages.AiCanaryVerifyStep_ReasonHelp())));
        return input;
    }

    /** Judges one answer with the approval engine, in the request thread of the person who answered. */
    @Override
    public Ruling answered(@CheckForNull JenkinsPerson person, @Nullable Object value) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        JudgedAnswer judged =
                ControllerGates.judgeCanaryDecision(request(), QUESTION, BlockingQuestion.respondent(person), value);
        String approvalJson = judged.approval() == null ? null : Documents.toJson(judged.approval());
        if (!judged.counted()) {
            String who = person == null ? "anonymous" : person.getId();
            String why =
                    switch (judged.refusedAs()) {
                        case ANONYMOUS -> Messages.AiCanaryVerifyStep_Anonymous();
                        case NO_DECISION -> Messages.AiCanaryVerifyStep_NeedsReason() + " (" + judged.refusal() + ")";
                        case NOT_ELIGIBLE -> judged.refusal();
                    };
            return Ruling.refused(
                    Messages.AiCanaryVerifyStep_NotCounted(who, why),
                    GovernanceRecord.of(
                                    RecordKind.CANARY_DECISION,
                                    Messages.AiCanaryVerifyStep_RefusedSummary(
                                            who, why, person == null ? List.of() : person.getGroups()),
                                    "refused",
                                    approvalJson)
                            .by(person == null ? null : person.getId()));
        }
        String who = judged.approval().approverId();
        String reason = judged.answer().reason();
        boolean promote = judged.answer().is(PROMOTE);
        String outcome = promote ? "promote" : "roll-back";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("decision", outcome);
        doc.put("plan", planName);
        doc.put("weight", weight);
        doc.put("pausedAtStep", pausedStep);
        doc.put("pausedBecause", pausedReason);
        doc.put("approval", Documents.parse(approvalJson));
        String json = Documents.toJson(doc);
        listener.getLogger()
                .println(Messages.AiCanaryVerifyStep_Decided(
                        who,
                        outcome,
                        planName,
                        weight,
                        reason,
                        judged.approval().groups()));
        GovernanceRunAction.of(run)
                .add(GovernanceRecord.of(
                                RecordKind.CANARY_DECISION,
                                Messages.AiCanaryVerifyStep_DecisionSummary(
                                        planName,
                                        weight,
                                        outcome,
                                        who,
                                        judged.approval().groups(),
                                        reason),
                                outcome,
                                json)
                        .by(who)
                        .lasting(System.currentTimeMillis() - askedMillis));
        AuditTrail.append(run, listener, AuditEventType.CANARY_STEP, outcome, who, json);
        if (promote) {
            canary.promoted();
        } else {
            canary.rolledBack(Messages.AiCanaryVerifyStep_RolledBackBy(who, reason), who);
        }
        return Ruling.settled();
    }

    /** Nobody decided in time: roll back (fail-safe). */
    @Override
    public String expired() {
        return Messages.AiCanaryVerifyStep_NoDecision(Messages.AiCanaryVerifyStep_DecisionTimedOut(timeoutMinutes));
    }

    @Override
    public void onExpiry(String why) {
        canary.rolledBack(Messages.AiCanaryVerifyStep_DecisionTimedOut(timeoutMinutes), null);
    }

    /** Someone aborted the decision input: no promotion, roll back (fail-safe). */
    @Override
    public void aborted(@CheckForNull JenkinsPerson person, Throwable cause) {
        String who = person == null ? null : person.getId();
        canary.rolledBack(Messages.AiCanaryVerifyStep_DecisionAborted(who == null ? "-" : who), who);
    }
}
