package io.jenkins.plugins.aigovernance.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.CredentialsChoices;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.DeploymentTrigger;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryNext;
import io.jenkins.plugins.aigovernance.core.canary.CanaryOutcome;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryProgress;
import io.jenkins.plugins.aigovernance.core.canary.CanaryVerdict;
import io.jenkins.plugins.aigovernance.core.canary.Measurement;
import io.jenkins.plugins.aigovernance.core.canary.StepResult;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusConnection;
import io.jenkins.plugins.aigovernance.core.decision.CanaryDeciders;
import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import io.jenkins.plugins.aigovernance.engine.CanaryEngine;
import io.jenkins.plugins.aigovernance.engine.CanaryPlans;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.engine.ControllerGates;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsInputs;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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
 * controller, scheduled from persisted state (no thread is held between measurements), and continues
 * after a controller restart; an abort of the build rolls back through the block.
 */
public class AiCanaryVerifyStep extends Step {

    /** How long a paused canary waits for a decision when the step names no timeout. */
    static final int DEFAULT_TIMEOUT_MINUTES = 30;
    /** The decision input's id. */
    static final String INPUT_ID = CanaryDecision.INPUT_ID;

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
     * The canary as a scheduled state machine over the engine's {@link CanaryEngine}: each
     * reconciliation runs on a {@code jenkins.util.Timer} thread (Prometheus is asked there), persists
     * the engine's {@link CanaryProgress}, and either starts the block for a weight (Pipeline runs it;
     * its callback reports back), schedules the next reconciliation at the instant the engine names, or
     * acts on the verdict. No thread is held across a wait, and every field is a plain value or the
     * engine's JSON document, saved with the program, so after a controller restart {@link #onResume}
     * continues where the canary stood (an analysis resumes with its counted measurements; a running
     * block resumes with Pipeline; a pending decision is asked again). A PAUSED verdict asks a person
     * through a {@link CanaryDecision}. An abort of the build and a canary that cannot be continued
     * after a restart roll back through the block (docs/canary.md).
     */
    static final class Execution extends StepExecution implements CanaryDecision.Decided {

        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        /** Where the canary stands. */
        enum State {
            /** Between reconciliations: the next one is scheduled at {@code dueMillis}. */
            ANALYSING,
            /** The block runs for a weight. */
            MOVING_TRAFFIC,
            /** A person decides a paused canary. */
            DECIDING,
            /** The block runs with {@code CANARY_ACTION=rollback}. */
            ROLLING_BACK,
            /** The step has ended. */
            DONE
        }

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
        private transient ScheduledFuture<?> next;
        private State state = State.ANALYSING;
        private long startedMillis;
        private long dueMillis;
        private String planName;
        /** The engine's {@link CanaryProgress} as JSON, or {@code null} before the first reconciliation. */
        private String progressJson;
        /** For a rollback: the engine's verdict being rolled back (JSON), or {@code null} for a person's or a fail-safe rollback. */
        private String rollbackVerdictJson;

        private String rollbackWhy;
        private String rollbackActor;
        private int rollbackWeight;
        /** Why the step ends after the rollback (an abort), or {@code null}: it then fails with the rollback. */
        private Throwable stoppedBy;

        private int pausedWeight;
        private int pausedStep;
        private String pausedReason;
        private CanaryDecision decision;

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
            startedMillis = System.currentTimeMillis();
            schedule(0);
            return false;
        }

        /** Schedules the next reconciliation {@code delayMillis} from now (never holding a thread while waiting). */
        private synchronized void schedule(long delayMillis) {
            dueMillis = System.currentTimeMillis() + Math.max(0, delayMillis);
            next = Timer.get()
                    .schedule(() -> offPipeline(this::reconcile), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        }

        /** Runs {@code task} on a timer thread with the execution's lock; a failure ends the step. */
        private void offPipeline(Task task) {
            synchronized (this) {
                if (state == State.DONE) {
                    return;
                }
                try {
                    task.run();
                } catch (Exception e) {
                    Jenkins jenkins = Jenkins.getInstanceOrNull();
                    if (jenkins == null || jenkins.isTerminating()) {
                        // the controller is shutting down: the persisted state continues after the restart
                        LOGGER.log(Level.FINE, "canary task not finished before the shutdown", e);
                        return;
                    }
                    end();
                    getContext().onFailure(e);
                }
            }
            getContext().saveState();
        }

        /** A piece of work done off the Pipeline thread. */
        @FunctionalInterface
        private interface Task {
            void run() throws Exception;
        }

        private void submit(Task task) {
            Timer.get().submit(() -> offPipeline(task));
        }

        /** Reads the plan and the Prometheus connection (again after a controller restart). */
        private void prepare() throws Exception {
            if (canaryPlan != null && connection != null) {
                return;
            }
            Run<?, ?> run = getContext().get(Run.class);
            FilePath workspace = getContext().get(FilePath.class);
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            CanaryPlan read;
            try {
                read = readPlan(run, workspace, config);
                connection = connection(run, getContext().get(TaskListener.class), config);
            } catch (GovernanceException | IllegalArgumentException e) {
                throw new AbortException(Messages.AiCanaryVerifyStep_BadInput(e.getMessage()));
            }
            if (planName != null && !planName.equals(read.name())) {
                throw new AbortException(Messages.AiCanaryVerifyStep_BadInput(
                        "the plan is now " + read.name() + ", the canary ran " + planName));
            }
            canaryPlan = read;
            planName = read.name();
        }

        private CanaryEngine engine() {
            return new CanaryEngine(connection);
        }

        private CanaryProgress progress() {
            return Documents.read(progressJson, CanaryProgress.class);
        }

        /** One reconciliation: the engine measures what is due and says what comes next. */
        private void reconcile() throws Exception {
            if (state != State.ANALYSING) {
                return;
            }
            TaskListener listener = getContext().get(TaskListener.class);
            prepare();
            if (progressJson == null) {
                listener.getLogger()
                        .println(Messages.AiCanaryVerifyStep_Starting(
                                canaryPlan.name(), canaryPlan.steps().size(), connection.url()));
                progressJson = Documents.toJson(engine().start(canaryPlan, 0, 0));
            }
            CanaryNext decided = engine().reconcile(canaryPlan, progress(), new LogListener(listener.getLogger()));
            progressJson = Documents.toJson(decided.progress());
            switch (decided.kind()) {
                case SET_WEIGHT -> {
                    state = State.MOVING_TRAFFIC;
                    runBody(
                            Map.of(
                                    "CANARY_ACTION",
                                    "weight",
                                    "CANARY_WEIGHT",
                                    String.valueOf(decided.weight()),
                                    "CANARY_PLAN",
                                    planName),
                            new TrafficMoved());
                }
                case WAIT ->
                    schedule(Duration.between(Instant.now(), decided.until()).toMillis());
                case DECIDED -> conclude(decided.verdict());
            }
        }

        /** The block for a weight ended. */
        private final class TrafficMoved extends BodyExecutionCallback {
            private static final long serialVersionUID = 1L;

            @Override
            public void onSuccess(StepContext context, Object result) {
                submit(() -> {
                    if (state != State.MOVING_TRAFFIC) {
                        return;
                    }
                    prepare();
                    if (stoppedBy != null) {
                        rollBackVerdict(
                                engine().interrupted(canaryPlan, progress()).verdict());
                        return;
                    }
                    progressJson =
                            Documents.toJson(engine().trafficMoved(canaryPlan, progress(), new LogListener(logger())));
                    state = State.ANALYSING;
                    reconcile();
                });
            }

            @Override
            public void onFailure(StepContext context, Throwable t) {
                submit(() -> {
                    if (state != State.MOVING_TRAFFIC) {
                        return;
                    }
                    prepare();
                    if (t instanceof FlowInterruptedException || stoppedBy != null) {
                        // the build was aborted while the block moved traffic: roll back (docs/canary.md)
                        stoppedBy = stoppedBy == null ? t : stoppedBy;
                        rollBackVerdict(
                                engine().interrupted(canaryPlan, progress()).verdict());
                    } else {
                        rollBackVerdict(
                                engine().trafficFailed(canaryPlan, progress(), t.toString(), new LogListener(logger()))
                                        .verdict());
                    }
                });
            }
        }

        private PrintStream logger() throws IOException, InterruptedException {
            return getContext().get(TaskListener.class).getLogger();
        }

        /** Records the engine's verdict and ends the step, rolls back, or asks a person when the verdict is PAUSED. */
        private void conclude(CanaryVerdict verdict) throws Exception {
            switch (verdict.outcome()) {
                case PROMOTE -> {
                    record(verdict);
                    AuditTrail.deploymentDone(
                            getContext().get(Run.class),
                            getContext().get(TaskListener.class),
                            getContext().get(FilePath.class),
                            DeploymentTrigger.CANARY_PROMOTED,
                            null,
                            null);
                    end();
                    getContext().onSuccess(Documents.toMap(verdict));
                }
                case ROLLBACK -> rollBackVerdict(verdict);
                case PAUSED -> {
                    record(verdict);
                    paused(verdict);
                }
            }
        }

        /** The canary record on the build, the audit events and the verdict line of one engine verdict. */
        private void record(CanaryVerdict verdict) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
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
            if (verdict.outcome() == CanaryOutcome.ROLLBACK) {
                AuditTrail.append(
                        run,
                        listener,
                        AuditEventType.ROLLBACK,
                        verdict.rolledBack() ? "rolled-back" : "rollback-failed",
                        null,
                        json);
            }
            listener.getLogger().println(Messages.AiCanaryVerifyStep_Verdict(verdict.outcome(), verdict.reason()));
        }

        /** The engine decided ROLLBACK: the block runs with {@code CANARY_ACTION=rollback}, then the step fails. */
        private void rollBackVerdict(CanaryVerdict verdict) throws Exception {
            rollbackVerdictJson = Documents.toJson(verdict);
            startRollback(verdict.weight(), String.valueOf(verdict.reason()), null);
        }

        /**
         * Runs the block with {@code CANARY_ACTION=rollback}; {@link RolledBack} records it and fails the step.
         *
         * @param why   the reason given to the block and shown in the log
         * @param actor who decided, or {@code null} (the engine, a timeout, nobody to ask, an abort)
         */
        private void startRollback(int weight, String why, @CheckForNull String actor) throws Exception {
            state = State.ROLLING_BACK;
            rollbackWeight = weight;
            rollbackWhy = why;
            rollbackActor = actor;
            if (next != null) {
                next.cancel(false);
            }
            runBody(
                    Map.of(
                            "CANARY_ACTION",
                            "rollback",
                            "CANARY_WEIGHT",
                            String.valueOf(weight),
                            "CANARY_PLAN",
                            planName == null ? "-" : planName,
                            "CANARY_REASON",
                            why),
                    new RolledBack());
        }

        /** The rollback block ended. */
        private final class RolledBack extends BodyExecutionCallback {
            private static final long serialVersionUID = 1L;

            @Override
            public void onSuccess(StepContext context, Object result) {
                submit(() -> rolledBack(null));
            }

            @Override
            public void onFailure(StepContext context, Throwable t) {
                submit(() -> rolledBack(t.toString()));
            }
        }

        private void rolledBack(@CheckForNull String error) throws Exception {
            if (state != State.ROLLING_BACK) {
                return;
            }
            if (rollbackVerdictJson != null) {
                record(Documents.read(rollbackVerdictJson, CanaryVerdict.class).withRollback(error == null, error));
            } else {
                recordDecidedRollback(error);
            }
            end();
            if (stoppedBy != null) {
                getContext().onFailure(stoppedBy);
            } else {
                getContext()
                        .onFailure(new AbortException(Messages.AiCanaryVerifyStep_RolledBack(
                                rollbackWhy, error == null ? "" : " (the rollback block failed: " + error + ")")));
            }
        }

        /** The record of a rollback no engine verdict decided (a person, a timeout, nobody to ask). */
        private void recordDecidedRollback(@CheckForNull String error) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", planName);
            doc.put("outcome", "ROLLBACK");
            doc.put("reason", rollbackWhy);
            doc.put("weight", rollbackWeight);
            doc.put("pausedAtStep", pausedStep);
            doc.put("pausedBecause", pausedReason);
            doc.put("decidedBy", rollbackActor);
            doc.put("rolledBack", error == null);
            doc.put("rollbackError", error);
            String json = Documents.toJson(doc);
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.CANARY,
                                    Messages.AiCanaryVerifyStep_Summary(
                                            planName, "ROLLBACK", rollbackWeight, rollbackWhy),
                                    "rolled-back",
                                    json)
                            .by(rollbackActor)
                            .blocking(true)
                            .lasting(System.currentTimeMillis() - startedMillis));
            AuditTrail.append(
                    run,
                    listener,
                    AuditEventType.ROLLBACK,
                    error == null ? "rolled-back" : "rollback-failed",
                    rollbackActor,
                    json);
        }

        private void end() {
            state = State.DONE;
            if (next != null) {
                next.cancel(false);
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
                startRollback(pausedWeight, Messages.AiCanaryVerifyStep_NoDeciders(deciders.nobody()), null);
                return;
            }
            ApprovalRequest request = ApprovalRequest.open(deciders.decision(), Instant.now());
            state = State.DECIDING;
            decision = new CanaryDecision(
                    getContext(), this, planName, pausedWeight, pausedStep, pausedReason, timeoutMinutes, request);
            decision.open();
        }

        /** A person promoted the paused canary: the plan continues after the step that paused. */
        private void promote() throws Exception {
            if (state != State.DECIDING) {
                return;
            }
            prepare();
            logger().println(Messages.AiCanaryVerifyStep_Continuing(planName, pausedStep + 1, pausedWeight));
            progressJson = Documents.toJson(engine().start(canaryPlan, pausedStep + 1, pausedWeight));
            state = State.ANALYSING;
            reconcile();
        }

        @Override
        public void promoted() {
            submit(this::promote);
        }

        @Override
        public void rolledBack(String why, @CheckForNull String actor) {
            submit(() -> {
                if (state == State.DECIDING) {
                    startRollback(pausedWeight, why, actor);
                }
            });
        }

        /**
         * The build was aborted (or a Pipeline {@code timeout} fired) while the canary waited for its next
         * analysis or a decision: the block rolls back, then the step ends with {@code cause}. Stopped again
         * while rolling back, it ends at once.
         */
        @Override
        public void stop(@NonNull Throwable cause) {
            submit(() -> {
                if (decision != null) {
                    decision.stop(cause);
                }
                stoppedBy = cause;
                switch (state) {
                    case ANALYSING -> {
                        if (progressJson == null) {
                            end();
                            getContext().onFailure(cause);
                            return;
                        }
                        prepare();
                        rollBackVerdict(
                                engine().interrupted(canaryPlan, progress()).verdict());
                    }
                    case DECIDING ->
                        startRollback(
                                pausedWeight, "the build was aborted while the canary waited for a decision", null);
                    case MOVING_TRAFFIC -> {
                        // the block itself is interrupted too; its callback rolls back
                    }
                    case ROLLING_BACK, DONE -> {
                        end();
                        getContext().onFailure(cause);
                    }
                }
            });
        }

        /**
         * After a controller restart: an analysis is scheduled again from its persisted progress (counted
         * measurements kept), a running block resumes with Pipeline and reports back, a pending decision
         * is asked again. A canary that cannot be continued (its plan or credentials are gone) rolls back
         * through the block.
         */
        @Override
        public void onResume() {
            synchronized (this) {
                switch (state) {
                    case ANALYSING -> schedule(dueMillis - System.currentTimeMillis());
                    case DECIDING -> {
                        if (decision != null) {
                            decision.onResume();
                        }
                    }
                    default -> {}
                }
            }
            submit(() -> {
                try {
                    prepare();
                } catch (Exception e) {
                    if (state == State.ANALYSING || state == State.DECIDING) {
                        logger().println(Messages.AiCanaryVerifyStep_NoDecision(
                                "the canary cannot continue after the restart: " + e.getMessage()));
                        if (decision != null) {
                            decision.stop(e);
                        }
                        startRollback(
                                progressJson == null ? pausedWeight : progress().weight(),
                                "the canary cannot continue after the restart: " + e.getMessage(),
                                null);
                    }
                }
            });
        }

        @Override
        public String getStatus() {
            return switch (state) {
                case ANALYSING -> "canary analysis, next at " + Instant.ofEpochMilli(dueMillis);
                case MOVING_TRAFFIC -> "running the block for a weight";
                case DECIDING -> "waiting for a canary decision, round " + (decision == null ? 0 : decision.round());
                case ROLLING_BACK -> "rolling back";
                case DONE -> "done";
            };
        }

        /** Starts the block with the given environment; {@code callback} hears how it ended. */
        private void runBody(Map<String, String> env, BodyExecutionCallback callback) throws Exception {
            getContext()
                    .newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(
                            getContext().get(EnvironmentExpander.class), EnvironmentExpander.constant(env)))
                    .withCallback(callback)
                    .start();
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
        private PrometheusConnection connection(Run<?, ?> run, TaskListener listener, AiGovernanceConfiguration config)
                throws AbortException {
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
