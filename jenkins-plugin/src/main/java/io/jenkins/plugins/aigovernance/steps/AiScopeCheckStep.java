package io.jenkins.plugins.aigovernance.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.TextParameterDefinition;
import hudson.util.FormValidation;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import io.jenkins.plugins.aigovernance.core.question.Answer;
import io.jenkins.plugins.aigovernance.core.question.Question;
import io.jenkins.plugins.aigovernance.core.scope.ScopeDecision;
import io.jenkins.plugins.aigovernance.core.scope.ScopeOverride;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsInputs;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import io.jenkins.plugins.aigovernance.engine.OpaTarget;
import io.jenkins.plugins.aigovernance.engine.ScopeCheck;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import io.jenkins.plugins.aigovernance.questions.Asker;
import io.jenkins.plugins.aigovernance.questions.BlockingQuestion;
import io.jenkins.plugins.aigovernance.questions.Ruling;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
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
 * {@code aiScopeCheck}: was the actor allowed to make this change at all? Runs the scope engine on the
 * change the build's {@code aiRiskScore} looked at (or {@code HEAD~1..HEAD}), prints every violation,
 * and
 * <ul>
 * <li>passes when the engine allows the change (advisory findings are shown, nothing more);</li>
 * <li>fails when a hard-mandatory rule or an autonomy limit denies it;</li>
 * <li>when only soft-mandatory rules deny it, asks the rules' owners through the standard
 * {@code input} for an override with a reason, and judges the answer with the engine (a person who
 * is not an owner is refused, and asked again); fails when the input is aborted.</li>
 * </ul>
 * Returns the engine's {@code ScopeDecision} as a map.
 *
 * <p>OPA: the global configuration's OPA server is always asked (a Jenkinsfile cannot turn it off or
 * replace it); {@code opaUrl} / {@code opaPackage} ask one more server or package, inheriting what they
 * do not give from the global configuration. Every {@code deny} message is a hard-mandatory
 * violation; an unreachable OPA or an unusable answer fails the step (closed).
 */
public class AiScopeCheckStep extends Step {

    /** The override input's parameter. */
    static final String REASON = "reason";

    private String agent;
    private String environment;
    private String opaUrl;
    private String opaPackage;
    private Integer opaTimeoutSeconds;

    @DataBoundConstructor
    public AiScopeCheckStep() {}

    @CheckForNull
    public String getAgent() {
        return agent;
    }

    /** The AI agent the pipeline runs for ({@code claude-code}); used when provenance names none. */
    @DataBoundSetter
    public void setAgent(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    @CheckForNull
    public String getEnvironment() {
        return environment;
    }

    /** Target environment (default: the one the risk step was given, else production). */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    @CheckForNull
    public String getOpaUrl() {
        return opaUrl;
    }

    /** An OPA server to ask as well (default: the global configuration's only). */
    @DataBoundSetter
    public void setOpaUrl(String opaUrl) {
        this.opaUrl = Util.fixEmptyAndTrim(opaUrl);
    }

    @CheckForNull
    public String getOpaPackage() {
        return opaPackage;
    }

    /** The Rego package whose {@code deny} set is read (default: the global one, else {@code ai_devops.scope}). */
    @DataBoundSetter
    public void setOpaPackage(String opaPackage) {
        this.opaPackage = Util.fixEmptyAndTrim(opaPackage);
    }

    @CheckForNull
    public Integer getOpaTimeoutSeconds() {
        return opaTimeoutSeconds;
    }

    /** How long to wait for OPA's answer (default: the global one, else 10 seconds). */
    @DataBoundSetter
    public void setOpaTimeoutSeconds(Integer opaTimeoutSeconds) {
        this.opaTimeoutSeconds = opaTimeoutSeconds == null || opaTimeoutSeconds <= 0 ? null : opaTimeoutSeconds;
    }

    /**
     * The OPA checks of one step, as the engine decides them: the global server with the global package and timeout,
     * always; and the step's, when it names a URL or package, with what it leaves out taken from the global
     * configuration (once, when it is the same check).
     */
    static List<OpaTarget> opaTargets(
            @CheckForNull String url,
            @CheckForNull String pkg,
            @CheckForNull Integer timeoutSeconds,
            AiGovernanceConfiguration config) {
        return OpaTarget.forStep(url, pkg, timeoutSeconds, config);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /**
     * Evaluates on the workspace's node, and asks the owners for an override through a
     * {@link BlockingQuestion} when only soft-mandatory rules deny the change; each override given is
     * kept (as the engine's JSON documents, saved with the program) and the engine judges it on the
     * next evaluation.
     */
    static final class Execution extends GeneralNonBlockingStepExecution implements Asker {

        private static final long serialVersionUID = 1L;
        /** The override question: the reason alone answers it (engine: {@code core.question}). */
        private static final Question OVERRIDE = Question.reasonFor("override", REASON);

        private final String agent;
        private final String environment;
        private final String opaUrl;
        private final String opaPackage;
        private final Integer opaTimeoutSeconds;
        private ChangeInputs inputs;
        private final ArrayList<String> overrides = new ArrayList<>();
        private ArrayList<String> softRules = new ArrayList<>();
        private ArrayList<String> owners = new ArrayList<>();
        private int asked;
        private BlockingQuestion question;
        private boolean done;

        Execution(AiScopeCheckStep step, StepContext context) {
            super(context);
            this.agent = step.agent;
            this.environment = step.environment;
            this.opaUrl = step.opaUrl;
            this.opaPackage = step.opaPackage;
            this.opaTimeoutSeconds = step.opaTimeoutSeconds;
        }

        @Override
        public boolean start() {
            run(this::evaluate);
            return false;
        }

        /** One evaluation on the workspace's node, with the overrides given so far. */
        private void evaluate() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            if (inputs == null) {
                GovernanceRunAction recorded = run.getAction(GovernanceRunAction.class);
                ChangeInputs base = recorded == null || recorded.getInputs() == null
                        ? JenkinsInputs.inputs(
                                run, getContext().get(EnvVars.class), null, null, null, null, null, null, null)
                        : recorded.getInputs();
                inputs = base.withEnvironment(environment);
            }
            List<ScopeOverride> given = overrides.stream()
                    .map(o -> Documents.read(o, ScopeOverride.class))
                    .toList();
            ScopeCheck.Result result;
            try {
                List<OpaTarget> opa = opaTargets(opaUrl, opaPackage, opaTimeoutSeconds, config);
                result = workspace.act(new ScopeCheck(inputs, config.getDefaultPolicy(), agent, given, opa));
            } catch (GovernanceException | IllegalArgumentException e) {
                throw new AbortException(Messages.AiScopeCheckStep_Failed(e.getMessage()));
            }
            ScopeDecision decision = Documents.read(result.decisionJson(), ScopeDecision.class);
            PrintStream out = listener.getLogger();
            if (result.agentMismatch() != null) {
                out.println(Messages.AiScopeCheckStep_AgentMismatch(agent, result.agentMismatch()));
            }
            ConsoleReport.scope(out, result.decision());
            GovernanceRunAction action = GovernanceRunAction.of(run);
            Set<String> ruleOwners = new LinkedHashSet<>();
            result.ownersByRule().values().forEach(ruleOwners::addAll);
            boolean askable = decision.overridable() && !ruleOwners.isEmpty();
            String outcome =
                    decision.allowed() ? (decision.requiresApproval() ? "allow-with-approval" : "allow") : "deny";
            synchronized (this) {
                if (done) {
                    return;
                }
                if (!askable) {
                    done = true;
                }
            }
            String summary = Messages.AiScopeCheckStep_Summary(
                    outcome,
                    decision.violations().size(),
                    decision.advisories().size(),
                    askable && asked == 0 ? 0 : decision.overrides().size());
            if (decision.allowed()) {
                action.add(GovernanceRecord.of(RecordKind.SCOPE, summary, outcome, result.decisionJson()));
                AuditTrail.append(run, listener, AuditEventType.SCOPE_DECIDED, outcome, null, result.decisionJson());
                getContext().onSuccess(Documents.toMap(decision));
                return;
            }
            if (!askable) {
                action.add(GovernanceRecord.of(RecordKind.SCOPE, summary, outcome, result.decisionJson())
                        .blocking(true));
                AuditTrail.append(run, listener, AuditEventType.SCOPE_DECIDED, "deny", null, result.decisionJson());
                getContext()
                        .onFailure(new AbortException(
                                !decision.overridable()
                                        ? Messages.AiScopeCheckStep_Denied(
                                                decision.violations().size())
                                        : Messages.AiScopeCheckStep_NoOwners()));
                return;
            }
            if (asked == 0) {
                action.add(GovernanceRecord.of(RecordKind.SCOPE, summary, "override-requested", result.decisionJson()));
            }
            BlockingQuestion q = new BlockingQuestion(getContext(), this, null);
            synchronized (this) {
                softRules = new ArrayList<>(result.ownersByRule().keySet());
                owners = new ArrayList<>(ruleOwners);
                question = q;
            }
            // outside this execution's lock: the question calls back into it with its own lock held
            q.open();
        }

        /** Asks the owners of the violated soft-mandatory rules for an override. */
        @Override
        public InputStep prompt(int round) {
            asked++;
            InputStep input = new InputStep(
                    Messages.AiScopeCheckStep_Prompt(String.join(", ", softRules), String.join(", ", owners)));
            input.setId("AiScopeOverride" + asked);
            input.setSubmitter(String.join(",", owners));
            input.setOk(Messages.AiScopeCheckStep_Ok());
            input.setParameters(
                    List.of(new TextParameterDefinition(REASON, "", Messages.AiScopeCheckStep_ReasonHelp())));
            return input;
        }

        /**
         * An override answer: without a person and a reason it is none (the engine's question); given, it
         * is kept for every violated rule, and the engine judges it (owner? overridable rule?) on the
         * next evaluation, which asks again when it still denies.
         */
        @Override
        public Ruling answered(@CheckForNull JenkinsPerson person, @Nullable Object value) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Answer answer = OVERRIDE.judge(BlockingQuestion.respondent(person), value);
            String who = person == null ? null : person.getId();
            if (!answer.isDecision()) {
                String line = Messages.AiScopeCheckStep_OverrideIncomplete(who == null ? "anonymous" : who);
                return Ruling.refused(
                        line,
                        GovernanceRecord.of(RecordKind.SCOPE_OVERRIDE, line, "refused", null)
                                .by(who));
            }
            Instant now = Instant.now();
            for (String rule : softRules) {
                String json = Documents.toJson(new ScopeOverride(rule, who, answer.reason(), now));
                overrides.add(json);
                GovernanceRunAction.of(run)
                        .add(GovernanceRecord.of(
                                        RecordKind.SCOPE_OVERRIDE,
                                        Messages.AiScopeCheckStep_OverrideGiven(rule, who, answer.reason()),
                                        "given",
                                        json)
                                .by(who));
                AuditTrail.append(run, listener, AuditEventType.OVERRIDE, "given", who, json);
            }
            run(this::evaluate);
            return Ruling.settled();
        }

        @Override
        public void aborted(@CheckForNull JenkinsPerson person, Throwable cause) {
            synchronized (this) {
                done = true;
            }
            try {
                GovernanceRunAction.of(getContext().get(Run.class))
                        .add(GovernanceRecord.of(
                                        RecordKind.SCOPE, Messages.AiScopeCheckStep_OverrideAborted(), "deny", null)
                                .by(person == null ? null : person.getId())
                                .blocking(true));
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
            getContext().onFailure(cause);
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            BlockingQuestion q;
            synchronized (this) {
                done = true;
                q = question;
            }
            if (q != null) {
                q.stop(cause);
            }
            super.stop(cause);
        }

        @Override
        public void onResume() {
            super.onResume();
            BlockingQuestion q = question;
            if (q != null) {
                q.onResume();
            }
        }
    }

    /** Descriptor. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "aiScopeCheck";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AiScopeCheckStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, FlowNode.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            return StepLabels.of(namedArgs, "agent", "environment", "opaPackage");
        }

        @POST
        public FormValidation doCheckOpaTimeoutSeconds(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            return FormValidation.validatePositiveInteger(value);
        }
    }
}
