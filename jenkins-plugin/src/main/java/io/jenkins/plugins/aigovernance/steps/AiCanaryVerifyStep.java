package io.jenkins.plugins.aigovernance.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.ChoiceParameterDefinition;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.TextParameterDefinition;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.CredentialsChoices;
import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalKind;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.RefusedApproval;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.DeploymentTrigger;
import io.jenkins.plugins.aigovernance.core.canary.CanaryAnalysis;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryOutcome;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryVerdict;
import io.jenkins.plugins.aigovernance.core.canary.Measurement;
import io.jenkins.plugins.aigovernance.core.canary.Sleeper;
import io.jenkins.plugins.aigovernance.core.canary.StepResult;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusConnection;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusProvider;
import io.jenkins.plugins.aigovernance.core.question.Answer;
import io.jenkins.plugins.aigovernance.core.question.Choice;
import io.jenkins.plugins.aigovernance.core.question.Question;
import io.jenkins.plugins.aigovernance.core.decision.CanaryDeciders;
import io.jenkins.plugins.aigovernance.engine.CanaryPlans;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.engine.ControllerGates;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsInputs;
import io.jenkins.plugins.aigovernance.engine.JenkinsIdentities;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code aiCanaryVerify(prometheus: …, credentialsId: …, template: 'checkout') { … }}: takes a new
 * version to production in the steps of a canary plan while the canary engine watches Prometheus.
 * The engine never moves traffic: for every {@code setWeight} it runs the block with
 * {@code CANARY_ACTION=weight}, {@code CANARY_WEIGHT} and {@code CANARY_STEP} in the environment;
 * when it decides to roll back it runs the block once more with {@code CANARY_ACTION=rollback} and
 * {@code CANARY_REASON}, and the step fails. PROMOTE returns the engine's verdict as a map; ROLLBACK
 * fails the build.
 *
 * <p>PAUSED (inconclusive evidence) asks a person through the standard {@code input}: <em>Promote</em>
 * continues the plan after the step that paused, <em>Roll back</em> runs the rollback and fails the
 * build; both need a reason. Whoever may fill a slot of the change's approval requirement (recorded by
 * {@code aiRiskScore}) may decide, judged by the approval engine, so authors, the build's initiator and
 * AI identities are refused as in {@code aiApprovalGate}. No decision within {@code timeoutMinutes},
 * an aborted input, or nobody who may decide all roll back (fail-safe).
 *
 * <p>The plan is a plan file in the workspace ({@code plan:}; also a file of Argo Rollouts
 * {@code AnalysisTemplate}s, with {@code template:} naming one, {@code args:} lines {@code NAME=VALUE}
 * and {@code weights: '5, 20, 100'}), or a template of the policy in force
 * ({@code template:}, resolved by the engine at the change's base revision: the step's or the job's policy
 * file, else the repository's {@code .ai-governance.yml}, else the global default policy, else the built-in
 * templates), so a change cannot edit the template it is judged by. The analysis runs on the
 * controller and does not survive a controller restart (the step then fails).
 */
public class AiCanaryVerifyStep extends Step {

    /** How long a paused canary waits for a decision when the step names no timeout. */
    static final int DEFAULT_TIMEOUT_MINUTES = 30;
    /** The decision input's id. */
    static final String INPUT_ID = "AiCanaryDecision";
    /** The decision input's choice parameter. */
    static final String DECISION = "decision";
    /** The decision input's reason parameter. */
    static final String REASON = "reason";

    static final String PROMOTE = "Promote";
    static final String ROLL_BACK = "Roll back";

    private String prometheus;
    private String credentialsId;
    private String plan;
    private String template;
    private String policy;
    private Integer timeoutMinutes;
    private String args;
    private String weights;

    @DataBoundConstructor
    public AiCanaryVerifyStep() {}

    @CheckForNull
    public String getPrometheus() {
        return prometheus;
    }

    /** Prometheus base URL (default: the global configuration's). */
    @DataBoundSetter
    public void setPrometheus(String prometheus) {
        this.prometheus = Util.fixEmptyAndTrim(prometheus);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret text (bearer token) or username/password credentials for Prometheus. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getPlan() {
        return plan;
    }

    /** A canary plan file (YAML), relative to the workspace. */
    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    @CheckForNull
    public String getTemplate() {
        return template;
    }

    /** The name of a canary template of the policy ({@code canary.templates}). */
    @DataBoundSetter
    public void setTemplate(String template) {
        this.template = Util.fixEmptyAndTrim(template);
    }

    @CheckForNull
    public String getPolicy() {
        return policy;
    }

    /** Policy file holding the template, relative to the workspace. */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Util.fixEmptyAndTrim(policy);
    }

    @CheckForNull
    public String getArgs() {
        return args;
    }

    /** For a plan file of Argo Rollouts analysis templates: argument values, one {@code NAME=VALUE} a line. */
    @DataBoundSetter
    public void setArgs(String args) {
        this.args = Util.fixEmptyAndTrim(args);
    }

    @CheckForNull
    public String getWeights() {
        return weights;
    }

    /** For a plan file of Argo Rollouts analysis templates: the canary weights to analyse at, such as {@code 5, 20, 100}. */
    @DataBoundSetter
    public void setWeights(String weights) {
        this.weights = Util.fixEmptyAndTrim(weights);
    }

    @CheckForNull
    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    /** How long a paused (inconclusive) canary waits for a person's decision before it rolls back (default 30). */
    @DataBoundSetter
    public void setTimeoutMinutes(Integer timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes == null || timeoutMinutes <= 0 ? null : timeoutMinutes;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /**
     * Runs the engine's analysis loop on a pooled thread; the block runs in the Pipeline for each weight.
     * A PAUSED verdict opens a standard {@code input} for a person's decision; the state needed to
     * continue (where the plan paused, the decision request) is kept as plain values and the engine's
     * JSON documents, so a pending decision survives a controller restart.
     */
    static final class Execution extends GeneralNonBlockingStepExecution implements GateInputContext.Answers {

        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final String prometheus;
        private final String credentialsId;
        private final String plan;
        private final String template;
        private final String policy;
        private final String args;
        private final String weights;
        private final int timeoutMinutes;
        private transient CanaryPlan canaryPlan;
        private transient PrometheusConnection connection;
        private long startedMillis;
        /** Whether a person's decision is pending. */
        private boolean deciding;
        private int round;
        private InputStepExecution current;
        private String planName;
        private int pausedWeight;
        private int pausedStep;
        private String pausedReason;
        private String requestJson;
        private long askedMillis;
        private transient ScheduledFuture<?> expiry;

        Execution(AiCanaryVerifyStep step, StepContext context) {
            super(context);
            this.prometheus = step.prometheus;
            this.credentialsId = step.credentialsId;
            this.plan = step.plan;
            this.template = step.template;
            this.policy = step.policy;
            this.args = step.args;
            this.weights = step.weights;
            this.timeoutMinutes = step.timeoutMinutes == null ? DEFAULT_TIMEOUT_MINUTES : step.timeoutMinutes;
        }

        @Override
        public boolean start() {
            run(this::analyse);
            return false;
        }

        private void analyse() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            prepare();
            listener.getLogger()
                    .println(Messages.AiCanaryVerifyStep_Starting(
                            canaryPlan.name(), canaryPlan.steps().size(), connection.url()));
            startedMillis = System.currentTimeMillis();
            conclude(analysis(0, 0));
        }

        /** Reads the plan and the Prometheus connection (again after a controller restart). */
        private void prepare() throws Exception {
            if (canaryPlan != null && connection != null) {
                return;
            }
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            try {
                canaryPlan = readPlan(run, workspace, config);
                connection = connection(run, getContext().get(TaskListener.class), config);
            } catch (GovernanceException | IllegalArgumentException e) {
                throw new AbortException(Messages.AiCanaryVerifyStep_BadInput(e.getMessage()));
            }
            planName = canaryPlan.name();
        }

        /** Runs the plan from {@code fromStep} with the canary at {@code weight}. */
        private CanaryVerdict analysis(int fromStep, int weight) throws Exception {
            PrintStream out = getContext().get(TaskListener.class).getLogger();
            CanaryPlan p = canaryPlan;
            return new CanaryAnalysis(new PrometheusProvider(connection), Clock.systemUTC(), Sleeper.SYSTEM)
                    .run(
                            p,
                            fromStep,
                            weight,
                            w -> runBody(Map.of(
                                    "CANARY_ACTION", "weight", "CANARY_WEIGHT", String.valueOf(w), "CANARY_PLAN", p.name())),
                            v -> runBody(rollbackEnvironment(v.weight(), String.valueOf(v.reason()))),
                            new LogListener(out));
        }

        private Map<String, String> rollbackEnvironment(int weight, String reason) {
            return Map.of(
                    "CANARY_ACTION",
                    "rollback",
                    "CANARY_WEIGHT",
                    String.valueOf(weight),
                    "CANARY_PLAN",
                    planName,
                    "CANARY_REASON",
                    reason);
        }

        /** Records the engine's verdict and ends the step, or asks a person when the verdict is PAUSED. */
        private void conclude(CanaryVerdict verdict) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            PrintStream out = listener.getLogger();
            String json = Documents.toJson(verdict);
            String outcome =
                    switch (verdict.outcome()) {
                        case PROMOTE -> "promoted";
                        case ROLLBACK -> "rolled-back";
                        case PAUSED -> "paused";
                    };
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.CANARY,
                                    Messages.AiCanaryVerifyStep_Summary(
                                            verdict.plan(), verdict.outcome(), verdict.weight(), verdict.reason()),
                                    outcome,
                                    json)
                            .blocking(verdict.outcome() == CanaryOutcome.ROLLBACK)
                            .lasting(System.currentTimeMillis() - startedMillis));
            AuditTrail.append(run, listener, AuditEventType.CANARY_STEP, outcome, null, json);
            if (verdict.outcome() == CanaryOutcome.PROMOTE) {
                AuditTrail.deploymentDone(
                        run, listener, getContext().get(FilePath.class), DeploymentTrigger.CANARY_PROMOTED, null, null);
            }
            if (verdict.outcome() == CanaryOutcome.ROLLBACK) {
                AuditTrail.append(
                        run,
                        listener,
                        AuditEventType.ROLLBACK,
                        verdict.rolledBack() ? "rolled-back" : "rollback-failed",
                        null,
                        json);
            }
            out.println(Messages.AiCanaryVerifyStep_Verdict(verdict.outcome(), verdict.reason()));
            switch (verdict.outcome()) {
                case PROMOTE -> {
                    getContext().onSuccess(Documents.toMap(verdict));
                }
                case ROLLBACK -> {
                    getContext()
                            .onFailure(new AbortException(Messages.AiCanaryVerifyStep_RolledBack(
                                    verdict.reason(),
                                    verdict.rolledBack()
                                            ? ""
                                            : " (the rollback block failed: " + verdict.rollbackError() + ")")));
                }
                case PAUSED -> paused(verdict);
            }
        }

        /**
         * The evidence is inconclusive: asks the approver groups of the change's tier whether to promote
         * or roll back. Without anyone who may decide, rolls back at once (fail-safe).
         */
        private void paused(CanaryVerdict verdict) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            pausedWeight = verdict.weight();
            pausedStep = verdict.nextStep() == null
                    ? verdict.failedStep() == null ? 0 : verdict.failedStep()
                    : verdict.nextStep();
            pausedReason = verdict.reason();
            GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
            String requirementJson = action == null ? null : action.getRequirementJson();
            // who may decide is the engine's answer: the change's requirement as a decision requirement, or nobody
            CanaryDeciders deciders = ControllerGates.canaryDeciders(
                    requirementJson == null ? null : Documents.read(requirementJson, ApprovalRequirement.class),
                    timeoutMinutes);
            if (!deciders.anyone()) {
                listener.getLogger().println(Messages.AiCanaryVerifyStep_NoDeciders(deciders.nobody()));
                rollBack(Messages.AiCanaryVerifyStep_NoDeciders(deciders.nobody()), null);
                return;
            }
            ApprovalRequirement decision = deciders.decision();
            ApprovalRequest request = ApprovalRequest.open(decision, Instant.now());
            synchronized (this) {
                requestJson = Documents.toJson(request);
                askedMillis = System.currentTimeMillis();
                deciding = true;
            }
            String groups = groupsOf(request);
            listener.getLogger()
                    .println(Messages.AiCanaryVerifyStep_DecisionRequested(
                            planName, pausedWeight, groups, request.expiresAt()));
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                            RecordKind.CANARY_DECISION,
                            Messages.AiCanaryVerifyStep_DecisionRequestSummary(
                                    planName, pausedWeight, groups, request.expiresAt()),
                            "requested",
                            requestJson));
            synchronized (this) {
                ask();
                scheduleExpiry();
            }
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
        private void ask() throws Exception {
            ApprovalRequest request = request();
            round++;
            InputStep input = new InputStep(Messages.AiCanaryVerifyStep_DecisionPrompt(
                    planName, pausedWeight, pausedReason, pausedStep + 1, groupsOf(request), request.expiresAt()));
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
            StepExecution execution = input.start(new GateInputContext(getContext(), this, round));
            current = (InputStepExecution) execution;
            execution.start();
        }

        @Override
        public synchronized void answered(int answeredRound, @Nullable Object value) {
            if (!deciding || answeredRound != round) {
                return;
            }
            current = null;
            try {
                judge(value);
            } catch (Exception e) {
                deciding = false;
                getContext().onFailure(e);
            }
        }

        /** Judges one answer with the approval engine, in the request thread of the person who answered. */
        private void judge(@Nullable Object value) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            ApprovalRequest request = request();
            JenkinsPerson person = new JenkinsIdentities(AiGovernanceConfiguration.get()).current();
            // the engine reads a map, a bare value (one parameter posted) and null; never defaults to a choice
            Answer answer = Question.choose(DECISION, REASON, new Choice(ROLL_BACK, true), new Choice(PROMOTE, true))
                    .judge(value);
            String decision = answer.choice();
            String reason = answer.reason();
            if (person == null) {
                refuse(run, listener, null, Messages.AiCanaryVerifyStep_Anonymous(), null);
                ask();
                return;
            }
            if (!answer.isDecision()) {
                refuse(
                        run,
                        listener,
                        person,
                        Messages.AiCanaryVerifyStep_NeedsReason() + " (" + answer.problem() + ")",
                        null);
                ask();
                return;
            }
            // whoever may fill a slot of the tier's requirement may decide (authors, the initiator,
            // AI identities and people outside the groups are refused by the engine)
            Approval approval = new Approval(
                    ApprovalKind.APPROVE,
                    person.getId(),
                    person.getDisplayName(),
                    null,
                    person.getGroups(),
                    request.fingerprint(),
                    request.tier(),
                    Instant.now(),
                    reason);
            ApprovalEvaluation evaluation = ControllerGates.evaluate(request, List.of(approval));
            String approvalJson = Documents.toJson(approval);
            Optional<RefusedApproval> refusal = evaluation.refused().stream().findFirst();
            if (refusal.isPresent()) {
                refuse(
                        run,
                        listener,
                        person,
                        refusal.get().reason().json() + ": " + refusal.get().detail(),
                        approvalJson);
                ask();
                return;
            }
            deciding = false;
            if (expiry != null) {
                expiry.cancel(false);
            }
            String outcome = PROMOTE.equals(decision) ? "promote" : "roll-back";
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("decision", outcome);
            doc.put("plan", planName);
            doc.put("weight", pausedWeight);
            doc.put("pausedAtStep", pausedStep);
            doc.put("pausedBecause", pausedReason);
            doc.put("approval", Documents.parse(approvalJson));
            String json = Documents.toJson(doc);
            listener.getLogger()
                    .println(Messages.AiCanaryVerifyStep_Decided(
                            person.getId(), outcome, planName, pausedWeight, reason, person.getGroups()));
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.CANARY_DECISION,
                                    Messages.AiCanaryVerifyStep_DecisionSummary(
                                            planName, pausedWeight, outcome, person.getId(), person.getGroups(), reason),
                                    outcome,
                                    json)
                            .by(person.getId())
                            .lasting(System.currentTimeMillis() - askedMillis));
            AuditTrail.append(run, listener, AuditEventType.CANARY_STEP, outcome, person.getId(), json);
            String who = person.getId();
            String why = reason;
            if (PROMOTE.equals(decision)) {
                run(this::promote);
            } else {
                run(() -> rollBack(Messages.AiCanaryVerifyStep_RolledBackBy(who, why), who));
            }
        }

        private void refuse(
                Run<?, ?> run,
                TaskListener listener,
                @CheckForNull JenkinsPerson person,
                String why,
                @CheckForNull String approvalJson) {
            String who = person == null ? "anonymous" : person.getId();
            listener.getLogger().println(Messages.AiCanaryVerifyStep_NotCounted(who, why));
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.CANARY_DECISION,
                                    Messages.AiCanaryVerifyStep_RefusedSummary(
                                            who, why, person == null ? List.of() : person.getGroups()),
                                    "refused",
                                    approvalJson)
                            .by(person == null ? null : person.getId()));
        }

        /** A person promoted the paused canary: the plan continues after the step that paused. */
        private void promote() throws Exception {
            prepare();
            TaskListener listener = getContext().get(TaskListener.class);
            listener.getLogger().println(Messages.AiCanaryVerifyStep_Continuing(planName, pausedStep + 1, pausedWeight));
            conclude(analysis(pausedStep + 1, pausedWeight));
        }

        /**
         * Runs the block with {@code CANARY_ACTION=rollback}, records it and fails the step.
         *
         * @param why   the reason given to the block and shown in the log
         * @param actor who decided, or {@code null} (timeout, nobody to ask)
         */
        private void rollBack(String why, @CheckForNull String actor) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            String error = null;
            try {
                runBody(rollbackEnvironment(pausedWeight, why));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                error = e.toString();
            }
            String outcome = error == null ? "rolled-back" : "rollback-failed";
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", planName);
            doc.put("outcome", "ROLLBACK");
            doc.put("reason", why);
            doc.put("weight", pausedWeight);
            doc.put("pausedAtStep", pausedStep);
            doc.put("pausedBecause", pausedReason);
            doc.put("decidedBy", actor);
            doc.put("rolledBack", error == null);
            doc.put("rollbackError", error);
            String json = Documents.toJson(doc);
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.CANARY,
                                    Messages.AiCanaryVerifyStep_Summary(planName, "ROLLBACK", pausedWeight, why),
                                    "rolled-back",
                                    json)
                            .by(actor)
                            .blocking(true)
                            .lasting(System.currentTimeMillis() - startedMillis));
            AuditTrail.append(run, listener, AuditEventType.ROLLBACK, outcome, actor, json);
            getContext()
                    .onFailure(new AbortException(Messages.AiCanaryVerifyStep_RolledBack(
                            why, error == null ? "" : " (the rollback block failed: " + error + ")")));
        }

        private void scheduleExpiry() {
            long delay = Math.max(0, request().expiresAt().toEpochMilli() - System.currentTimeMillis());
            expiry = Timer.get().schedule(this::expire, delay, TimeUnit.MILLISECONDS);
        }

        /** Nobody decided in time: roll back (fail-safe). */
        synchronized void expire() {
            if (!deciding) {
                return;
            }
            deciding = false;
            InputStepExecution c = current;
            current = null;
            String why = Messages.AiCanaryVerifyStep_DecisionTimedOut(timeoutMinutes);
            try {
                getContext().get(TaskListener.class).getLogger().println(Messages.AiCanaryVerifyStep_NoDecision(why));
                if (c != null) {
                    c.stop(new AbortException(why));
                }
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "cannot stop the canary decision input", e);
            }
            run(() -> rollBack(why, null));
        }

        @Override
        public synchronized void inputFailed(int failedRound, @NonNull Throwable cause) {
            if (!deciding || failedRound != round) {
                return;
            }
            // someone aborted the decision input: no promotion, roll back (fail-safe)
            deciding = false;
            current = null;
            if (expiry != null) {
                expiry.cancel(false);
            }
            JenkinsPerson person = new JenkinsIdentities(AiGovernanceConfiguration.get()).current();
            String who = person == null ? null : person.getId();
            String why = Messages.AiCanaryVerifyStep_DecisionAborted(who == null ? "-" : who);
            run(() -> rollBack(why, who));
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            InputStepExecution c;
            synchronized (this) {
                deciding = false;
                c = current;
                current = null;
                if (expiry != null) {
                    expiry.cancel(false);
                }
            }
            if (c != null) {
                c.stop(cause);
            }
            super.stop(cause);
        }

        @Override
        public void onResume() {
            super.onResume();
            synchronized (this) {
                if (!deciding) {
                    return;
                }
                try {
                    if (current != null) {
                        // the build's InputAction finds inputs among Pipeline's running steps only; ours is nested
                        InputAction inputs = getContext().get(Run.class).getAction(InputAction.class);
                        if (inputs != null) {
                            inputs.remove(current);
                            inputs.add(current);
                        }
                    }
                    scheduleExpiry();
                } catch (Exception e) {
                    deciding = false;
                    getContext().onFailure(e);
                }
            }
        }

        @Override
        public String getStatus() {
            return deciding ? "waiting for a canary decision, round " + round : super.getStatus();
        }

        /** Runs the block with the given environment and waits for it; a failing block throws. */
        private void runBody(Map<String, String> env) throws Exception {
            CompletableFuture<Object> bodyDone = new CompletableFuture<>();
            getContext()
                    .newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(
                            getContext().get(EnvironmentExpander.class), EnvironmentExpander.constant(env)))
                    .withCallback(new BodyDone(bodyDone))
                    .start();
            try {
                bodyDone.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }

        /**
         * The plan file, else the template the engine resolves through the policy chain at the change's base revision
         * (the change the build's {@code aiRiskScore} looked at, else {@code HEAD~1..HEAD}).
         */
        private CanaryPlan readPlan(Run<?, ?> run, @CheckForNull FilePath workspace, AiGovernanceConfiguration config)
                throws Exception {
            if (plan != null) {
                return CanaryPlans.planFile(workspace, plan, template, args, weights);
            }
            if (template == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NoPlan());
            }
            GovernanceRunAction recorded = run.getAction(GovernanceRunAction.class);
            ChangeInputs change = recorded == null || recorded.getInputs() == null
                    ? JenkinsInputs.inputs(run, null, null, null, null, null, policy, null, null)
                    : recorded.getInputs().withPolicy(policy);
            return CanaryPlans.template(workspace, change, config.getDefaultPolicy(), template);
        }

        /**
         * The Prometheus connection: the step's URL, else the global one; the step's credentials, else the
         * global credentials — but those only for the global URL, so that a Jenkinsfile can never send the
         * configured secret to a server of its choosing.
         */
        private PrometheusConnection connection(
                Run<?, ?> run, TaskListener listener, AiGovernanceConfiguration config) throws AbortException {
            String url = prometheus != null ? prometheus : config.getPrometheusUrl();
            if (url == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NoPrometheus());
            }
            PrometheusConnection c = PrometheusConnection.of(url);
            String id = credentialsId;
            if (id == null && config.getPrometheusCredentialsId() != null) {
                if (sameServer(url, config.getPrometheusUrl())) {
                    id = config.getPrometheusCredentialsId();
                } else {
                    listener.getLogger().println(Messages.AiCanaryVerifyStep_GlobalCredentialsWithheld(url));
                }
            }
            if (id == null) {
                return c;
            }
            StandardCredentials creds =
                    CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, List.of());
            if (creds == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NoCredentials(id));
            }
            CredentialsProvider.track(run, creds);
            if (creds instanceof StringCredentials s) {
                return c.withBearerToken(s.getSecret().getPlainText());
            }
            if (creds instanceof StandardUsernamePasswordCredentials u) {
                return c.withBasicAuth(u.getUsername(), u.getPassword().getPlainText());
            }
            throw new AbortException(Messages.AiCanaryVerifyStep_NoCredentials(id));
        }
    }

    /**
     * Whether two Prometheus URLs name the same server and path: scheme and host compared ignoring case,
     * default ports filled in, trailing slashes ignored; user info, query and fragment must be equal.
     */
    static boolean sameServer(@CheckForNull String url, @CheckForNull String configured) {
        if (url == null || configured == null) {
            return false;
        }
        try {
            URI a = new URI(url.trim());
            URI b = new URI(configured.trim());
            return a.getScheme() != null
                    && a.getHost() != null
                    && a.getScheme().equalsIgnoreCase(b.getScheme())
                    && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b)
                    && path(a).equals(path(b))
                    && Objects.equals(a.getRawUserInfo(), b.getRawUserInfo())
                    && Objects.equals(a.getRawQuery(), b.getRawQuery())
                    && Objects.equals(a.getRawFragment(), b.getRawFragment());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    private static String path(URI u) {
        String p = u.getRawPath() == null ? "" : u.getRawPath();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Completes the waiting analysis thread when a block run ends. */
    private static final class BodyDone extends BodyExecutionCallback {

        private static final long serialVersionUID = 1L;
        private final transient CompletableFuture<Object> done;

        BodyDone(CompletableFuture<Object> done) {
            this.done = done;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            if (done != null) {
                done.complete(result);
            }
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            if (done != null) {
                done.completeExceptionally(t);
            } else {
                context.onFailure(t);
            }
        }
    }

    /** Writes each canary event to the build log as it happens. */
    private static final class LogListener implements CanaryListener {
        private final PrintStream out;

        LogListener(PrintStream out) {
            this.out = out;
        }

        @Override
        public void weight(int step, int weight) {
            out.println("canary step " + step + "  setWeight " + weight + "%");
        }

        @Override
        public void pause(int step, TimeSpan duration) {
            out.println("canary step " + step + "  pause " + duration);
        }

        @Override
        public void measured(Measurement m) {
            out.println("canary step " + m.step() + "  " + m.phase() + "  " + m.metric() + " " + m.evaluated()
                    + (m.message() == null ? "" : "  " + m.message()));
        }

        @Override
        public void stepFinished(StepResult step) {
            out.println("canary step " + step.index() + "  " + step.kind() + " " + step.phase()
                    + (step.message() == null ? "" : ": " + step.message()));
        }
    }

    /** Descriptor. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "aiCanaryVerify";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AiCanaryVerifyStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FlowNode.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            return StepLabels.of(namedArgs, "template", "plan");
        }

        /** Prometheus credentials the job's builds can use (secret text or username with password). */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsChoices.forItem(item, credentialsId, CredentialsChoices.PROMETHEUS);
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
