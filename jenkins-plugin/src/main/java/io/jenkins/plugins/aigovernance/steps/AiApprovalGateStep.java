package io.jenkins.plugins.aigovernance.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.ChoiceParameterDefinition;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.TextParameterDefinition;
import hudson.util.FormValidation;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalKind;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalNotice;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalQuestion;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalStatus;
import io.jenkins.plugins.aigovernance.core.approval.FilledSlot;
import io.jenkins.plugins.aigovernance.core.approval.JudgedAnswer;
import io.jenkins.plugins.aigovernance.core.approval.NotificationResult;
import io.jenkins.plugins.aigovernance.core.approval.OpenSlot;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.policy.NotificationPolicy;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.engine.ApprovalNotifications;
import io.jenkins.plugins.aigovernance.engine.ControllerGates;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import io.jenkins.plugins.aigovernance.questions.Asker;
import io.jenkins.plugins.aigovernance.questions.BlockingQuestion;
import io.jenkins.plugins.aigovernance.questions.Ruling;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code aiApprovalGate}: asks people to approve the change the build's {@code aiRiskScore} scored,
 * through the standard {@code input} mechanism, until the approval engine says the requirement of
 * the change's tier is met, someone denies it (with a reason), or the request expires.
 *
 * <p>Each round starts an {@code input} restricted to the groups of the slots still open, so the
 * standard approval UI, the REST API, Blue Ocean and Pipeline Graph View show it. The {@code input}
 * step lets administrators settle any input, so every answer is judged by the engine with the
 * answering person's groups at that moment: authors, committers, the build's initiator, AI
 * identities and configured AI agent accounts are refused even when they hold a group, and
 * administrators get no bypass. Refused answers are recorded and the gate asks again. A tier whose
 * requirement lists no people passes without asking, and the log says why.
 *
 * <p>Returns the engine's {@code ApprovalEvaluation} as a map; the approved fingerprint is recorded
 * on the build, which is what {@code withAiCredentials} checks before binding apply credentials.
 */
public class AiApprovalGateStep extends Step {

    /** The input parameter holding the decision (the engine's {@link ApprovalQuestion}). */
    static final String DECISION = ApprovalQuestion.DECISION;
    /** The input parameter holding the comment (the reason of a denial). */
    static final String COMMENT = ApprovalQuestion.COMMENT;

    static final String APPROVE = ApprovalQuestion.APPROVE;
    static final String DENY = ApprovalQuestion.DENY;
    static final String BREAK_GLASS = ApprovalQuestion.BREAK_GLASS;

    private Integer timeoutMinutes;
    private String message;
    private String id;

    @DataBoundConstructor
    public AiApprovalGateStep() {}

    @CheckForNull
    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    /** How long the request stays open (default: the policy's timeout for the tier). */
    @DataBoundSetter
    public void setTimeoutMinutes(Integer timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes == null || timeoutMinutes <= 0 ? null : timeoutMinutes;
    }

    @CheckForNull
    public String getMessage() {
        return message;
    }

    /** The question shown above the engine's account of what is still needed. */
    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixEmptyAndTrim(message);
    }

    @CheckForNull
    public String getId() {
        return id;
    }

    /** The input's id in {@code …/input/<id>/} (default {@code AiApproval} and the change's short fingerprint). */
    @DataBoundSetter
    public void setId(String id) {
        this.id = Util.fixEmptyAndTrim(id);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /**
     * The gate's execution: a {@link BlockingQuestion} asks, the engine ({@link ControllerGates#judgeGateAnswer}) judges.
     * State is kept as the engine's JSON documents (the request and every decision given), saved with
     * the program after each answer, so the gate survives a controller restart with its counted answers.
     */
    static final class Execution extends StepExecution implements Asker {

        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final String message;
        private final Integer timeoutMinutes;
        private final String inputId;
        private String requestJson;
        private final ArrayList<String> decisions = new ArrayList<>();
        private long openedMillis;
        private BlockingQuestion question;

        Execution(AiApprovalGateStep step, StepContext context) {
            super(context);
            this.message = step.message;
            this.timeoutMinutes = step.timeoutMinutes;
            this.inputId = step.id;
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
            if (action == null || action.getRiskJson() == null) {
                throw new AbortException(Messages.AiApprovalGateStep_NoRisk());
            }
            if (action.getRequirementJson() == null) {
                // fail closed: a change whose requirement is unknown cannot be approved
                throw new AbortException(Messages.AiApprovalGateStep_NoRequirement(action.getRequirementError()));
            }
            ApprovalRequirement requirement = Documents.read(action.getRequirementJson(), ApprovalRequirement.class);
            // the engine opens the request (with the step's timeout instead of the policy's, when given)
            ApprovalRequest request = ControllerGates.openApproval(requirement, timeoutMinutes);
            requestJson = Documents.toJson(request);
            openedMillis = System.currentTimeMillis();
            ApprovalEvaluation first = evaluate(request);
            if (!requirement.needsPeople()) {
                String why = Messages.AiApprovalGateStep_NotNeeded(request.tier(), requirement.policy());
                listener.getLogger().println(why);
                action.add(GovernanceRecord.of(RecordKind.APPROVAL_REQUEST, why, "not-needed", requestJson));
                finish(first);
                return true;
            }
            listener.getLogger()
                    .println(Messages.AiApprovalGateStep_Requested(
                            request.tier(),
                            request.fingerprint().shortForm(),
                            describeOpen(first.open()),
                            request.expiresAt(),
                            Approval.describe(request.environment())));
            action.add(GovernanceRecord.of(
                    RecordKind.APPROVAL_REQUEST,
                    Messages.AiApprovalGateStep_RequestSummary(
                            request.tier(), describeOpen(first.open()), request.expiresAt()),
                    "requested",
                    requestJson));
            AuditTrail.append(run, listener, AuditEventType.APPROVAL_REQUESTED, "requested", null, requestJson);
            notifyAsync(run, action, request);
            question = new BlockingQuestion(getContext(), this, request.expiresAt());
            question.open();
            return false;
        }

        private static ApprovalEvaluation evaluate(ApprovalRequest request, List<Approval> decisions) {
            return ControllerGates.evaluate(request, decisions);
        }

        private ApprovalEvaluation evaluate(ApprovalRequest request) {
            return evaluate(request, decisions());
        }

        private ApprovalRequest request() {
            return Documents.read(requestJson, ApprovalRequest.class);
        }

        private List<Approval> decisions() {
            return decisions.stream()
                    .map(d -> Documents.read(d, Approval.class))
                    .toList();
        }

        /** One round: a standard input, restricted to the groups that can still fill a slot. */
        @Override
        public InputStep prompt(int round) {
            ApprovalRequest request = request();
            ApprovalEvaluation evaluation = evaluate(request);
            String question = message != null ? message : Messages.AiApprovalGateStep_DefaultMessage();
            InputStep input = new InputStep(Messages.AiApprovalGateStep_Prompt(
                    question,
                    request.tier(),
                    request.fingerprint().shortForm(),
                    describeOpen(evaluation.open()),
                    describeFilled(evaluation.filled()),
                    Approval.describe(request.environment())));
            input.setId(
                    inputId != null
                            ? inputId
                            : "AiApproval" + request.fingerprint().shortForm());
            input.setSubmitter(submitters(evaluation.open()));
            input.setOk(Messages.AiApprovalGateStep_Ok());
            input.setCancel(Messages.AiApprovalGateStep_Cancel());
            List<String> choices =
                    ApprovalQuestion.labels(request.requirement().breakGlass().enabled());
            input.setParameters(List.of(
                    new ChoiceParameterDefinition(
                            DECISION, choices.toArray(String[]::new), Messages.AiApprovalGateStep_DecisionHelp()),
                    new TextParameterDefinition(COMMENT, "", Messages.AiApprovalGateStep_CommentHelp())));
            return input;
        }

        /** The security realm's names of the open slots' groups, comma-separated for {@code InputStep.setSubmitter}. */
        private static String submitters(List<OpenSlot> open) {
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            Set<String> names = new LinkedHashSet<>();
            for (OpenSlot s : open) {
                names.addAll(config.realmGroupsFor(s.group()));
            }
            return String.join(",", names);
        }

        static String describeOpen(List<OpenSlot> open) {
            return open.stream().map(s -> s.missing() + " from " + s.group()).collect(Collectors.joining(", "));
        }

        private static String describeFilled(List<FilledSlot> filled) {
            return filled.isEmpty()
                    ? "-"
                    : filled.stream()
                            .map(f -> f.approverId() + " (" + f.group() + ")")
                            .collect(Collectors.joining(", "));
        }

        /** Judges one answer with the engine (in the request thread of the person who answered). */
        @Override
        public Ruling answered(@CheckForNull JenkinsPerson person, @Nullable Object value) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JudgedAnswer judged =
                    ControllerGates.judgeGateAnswer(request(), decisions(), BlockingQuestion.respondent(person), value);
            String approvalJson = judged.approval() == null ? null : Documents.toJson(judged.approval());
            if (approvalJson != null) {
                decisions.add(approvalJson);
            }
            if (!judged.counted()) {
                String who = person == null ? "anonymous" : person.getId();
                String why = judged.refusedAs() == JudgedAnswer.Refusal.ANONYMOUS
                        ? Messages.AiApprovalGateStep_Anonymous()
                        : judged.refusal();
                return Ruling.refused(
                        Messages.AiApprovalGateStep_NotCounted(who, why),
                        GovernanceRecord.of(
                                        RecordKind.APPROVAL_ANSWER,
                                        Messages.AiApprovalGateStep_RefusedSummary(
                                                who, why, person == null ? List.of() : person.getGroups()),
                                        "refused",
                                        approvalJson)
                                .by(person == null ? null : person.getId()));
            }
            Approval approval = judged.approval();
            String outcome = approval.kind() == ApprovalKind.DENY
                    ? "denied"
                    : approval.kind() == ApprovalKind.BREAK_GLASS ? "break-glass" : "accepted";
            listener.getLogger()
                    .println(Messages.AiApprovalGateStep_Counted(approval.approverId(), outcome, approval.groups()));
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.APPROVAL_ANSWER,
                                    Messages.AiApprovalGateStep_AnswerSummary(
                                            approval.approverId(),
                                            outcome,
                                            approval.groups(),
                                            approval.comment() == null ? "" : approval.comment()),
                                    outcome,
                                    approvalJson)
                            .by(approval.approverId()));
            AuditTrail.append(
                    run,
                    listener,
                    approval.kind() == ApprovalKind.DENY
                            ? AuditEventType.APPROVAL_DENIED
                            : AuditEventType.APPROVAL_GIVEN,
                    outcome,
                    approval.approverId(),
                    approvalJson);
            if (judged.evaluation().status() == ApprovalStatus.PENDING) {
                return Ruling.askAgain();
            }
            finish(judged.evaluation());
            return Ruling.settled();
        }

        /** Ends the gate with the engine's verdict. */
        private void finish(ApprovalEvaluation evaluation) throws IOException, InterruptedException {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            GovernanceRunAction action = GovernanceRunAction.of(run);
            String json = Documents.toJson(evaluation);
            boolean ok = evaluation.satisfied();
            String summary = Messages.AiApprovalGateStep_Verdict(
                    evaluation.status().json(),
                    evaluation.tier(),
                    evaluation.fingerprint().shortForm(),
                    describeFilled(evaluation.filled()));
            GovernanceRecord record = GovernanceRecord.of(
                            RecordKind.APPROVAL, summary, evaluation.status().json(), json)
                    .blocking(!ok)
                    .lasting(System.currentTimeMillis() - openedMillis);
            listener.getLogger().println(summary);
            if (ok) {
                action.recordApproval(evaluation.fingerprint().value(), json, record);
                AuditTrail.noteApproval(run, getContext().get(FilePath.class), listener, json);
            } else {
                action.add(record);
            }
            if (evaluation.status() == ApprovalStatus.EXPIRED) {
                AuditTrail.append(run, listener, AuditEventType.APPROVAL_EXPIRED, "expired", null, json);
            }
            resolveAsync(run, action, evaluation);
            if (ok) {
                getContext().onSuccess(Documents.toMap(evaluation));
            } else if (evaluation.status() == ApprovalStatus.DENIED && evaluation.denial() != null) {
                getContext()
                        .onFailure(new AbortException(Messages.AiApprovalGateStep_Denied(
                                evaluation.denial().approverId(),
                                evaluation.denial().comment())));
            } else {
                getContext()
                        .onFailure(new AbortException(Messages.AiApprovalGateStep_Expired(
                                evaluation.expiresAt(), describeOpen(evaluation.open()))));
            }
        }

        /** The request's time is up: the engine says whether it is expired. */
        @Override
        public String expired() {
            ApprovalEvaluation evaluation = evaluate(request());
            return evaluation.status() == ApprovalStatus.PENDING
                    ? null
                    : Messages.AiApprovalGateStep_Expired(evaluation.expiresAt(), describeOpen(evaluation.open()));
        }

        @Override
        public void onExpiry(String why) throws Exception {
            finish(evaluate(request()));
        }

        /** Someone aborted the input: no decision, the build stops. */
        @Override
        public void aborted(@CheckForNull JenkinsPerson person, Throwable cause) {
            String who = person == null ? null : person.getId();
            record(Messages.AiApprovalGateStep_Aborted(who == null ? "-" : who), "aborted", who);
            getContext().onFailure(cause);
        }

        private void record(String summary, String outcome, @CheckForNull String who) {
            try {
                GovernanceRunAction.of(getContext().get(Run.class))
                        .add(GovernanceRecord.of(RecordKind.APPROVAL, summary, outcome, null)
                                .by(who)
                                .blocking(true)
                                .lasting(System.currentTimeMillis() - openedMillis));
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "cannot record the " + outcome + " approval", e);
            }
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            BlockingQuestion q = question;
            if (q != null && !q.isSettled()) {
                record(Messages.AiApprovalGateStep_Stopped(String.valueOf(cause.getMessage())), "stopped", null);
                q.stop(cause);
            }
            getContext().onFailure(cause);
        }

        @Override
        public void onResume() {
            if (question != null) {
                question.onResume();
            }
        }

        @Override
        public String getStatus() {
            BlockingQuestion q = question;
            return q == null || q.isSettled() ? "decided" : "waiting for approval, round " + q.getRound();
        }

        /** Resolves the request's PagerDuty alert (pagerduty endpoints only), off the CPS thread. */
        private void resolveAsync(Run<?, ?> run, GovernanceRunAction action, ApprovalEvaluation evaluation) {
            String policyJson = action.getNotificationsJson();
            if (policyJson == null) {
                return;
            }
            NotificationPolicy policy = Documents.read(policyJson, NotificationPolicy.class);
            if (policy.endpoints().stream().noneMatch(e -> e.pagerDuty())) {
                return;
            }
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            Timer.get().submit(() -> {
                for (NotificationResult r : new ApprovalNotifications(run, config).requestDecided(evaluation, policy)) {
                    action.add(GovernanceRecord.of(
                            RecordKind.APPROVAL,
                            Messages.AiApprovalGateStep_Notified(
                                    r.endpoint(), r.delivered() ? "resolved" : "not resolved: " + r.error()),
                            r.delivered() ? "notified" : "notification-failed",
                            Documents.toJson(r)));
                }
            });
        }

        private void notifyAsync(Run<?, ?> run, GovernanceRunAction action, ApprovalRequest request) {
            String policyJson = action.getNotificationsJson();
            if (policyJson == null) {
                return;
            }
            NotificationPolicy policy = Documents.read(policyJson, NotificationPolicy.class);
            if (policy.endpoints().isEmpty()) {
                return;
            }
            RiskAssessment risk = action.getRiskAssessment();
            int blastRadius = risk == null ? 0 : risk.blastRadius();
            String agentId = risk == null ? null : risk.agentId();
            String root = Jenkins.get().getRootUrl();
            ApprovalNotice notice = new ApprovalNotice(
                    request.id(),
                    request.fingerprint(),
                    request.tier(),
                    blastRadius,
                    action.getNoticeResources(),
                    action.getMoreNoticeResources(),
                    agentId,
                    request.requirement().slots(),
                    request.expiresAt(),
                    root == null ? null : root + run.getUrl() + "input/",
                    request.environment());
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            Timer.get().submit(() -> {
                for (NotificationResult r : new ApprovalNotifications(run, config).requestOpened(notice, policy)) {
                    action.add(GovernanceRecord.of(
                            RecordKind.APPROVAL_REQUEST,
                            Messages.AiApprovalGateStep_Notified(
                                    r.endpoint(), r.delivered() ? "delivered" : "not delivered: " + r.error()),
                            r.delivered() ? "notified" : "notification-failed",
                            Documents.toJson(r)));
                }
            });
        }
    }

    /** Descriptor. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "aiApprovalGate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AiApprovalGateStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FlowNode.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            return StepLabels.of(namedArgs, "timeoutMinutes");
        }

        @POST
        public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            return FormValidation.validatePositiveInteger(value);
        }
    }
}
