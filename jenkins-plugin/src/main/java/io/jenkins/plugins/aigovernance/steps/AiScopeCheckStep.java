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
import io.jenkins.plugins.aigovernance.core.scope.ScopeOverride;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsIdentities;
import io.jenkins.plugins.aigovernance.engine.JenkinsInputs;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import io.jenkins.plugins.aigovernance.engine.OpaTarget;
import io.jenkins.plugins.aigovernance.engine.ScopeCheck;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import io.jenkins.plugins.aigovernance.model.RecordKind;
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
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
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

    /** Evaluates, and asks owners for overrides round after round when that can help. */
    static final class Execution extends GeneralNonBlockingStepExecution implements GateInputContext.Answers {

        private static final long serialVersionUID = 1L;

        private final String agent;
        private final String environment;
        private final String opaUrl;
        private final String opaPackage;
        private final Integer opaTimeoutSeconds;
        private ChangeInputs inputs;
        private final ArrayList<String> overrides = new ArrayList<>();
        private ArrayList<String> softRules = new ArrayList<>();
        private InputStepExecution current;
        private int round;
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
            Map<String, Object> decision = Documents.parse(result.decisionJson());
            PrintStream out = listener.getLogger();
            if (result.agentMismatch() != null) {
                out.println(Messages.AiScopeCheckStep_AgentMismatch(agent, result.agentMismatch()));
            }
            ConsoleReport.scope(out, result.decision());
            GovernanceRunAction action = GovernanceRunAction.of(run);
            boolean allowed = "allow".equals(decision.get("outcome"));
            List<Map<String, Object>> violations = maps(decision.get("violations"));
            boolean onlySoft = !violations.isEmpty()
                    && violations.stream().allMatch(v -> "soft-mandatory".equals(v.get("enforcement")));
            Set<String> owners = new LinkedHashSet<>();
            result.ownersByRule().values().forEach(owners::addAll);
            String outcome = allowed
                    ? (Boolean.TRUE.equals(decision.get("requiresApproval")) ? "allow-with-approval" : "allow")
                    : "deny";
            synchronized (this) {
                if (done) {
                    return;
                }
                if (allowed || !onlySoft || owners.isEmpty()) {
                    done = true;
                }
            }
            if (allowed) {
                action.add(GovernanceRecord.of(
                        RecordKind.SCOPE,
                        Messages.AiScopeCheckStep_Summary(
                                outcome,
                                violations.size(),
                                maps(decision.get("advisories")).size(),
                                maps(decision.get("overrides")).size()),
                        outcome,
                        result.decisionJson()));
                AuditTrail.append(run, listener, AuditEventType.SCOPE_DECIDED, outcome, null, result.decisionJson());
                getContext().onSuccess(decision);
                return;
            }
            if (!onlySoft || owners.isEmpty()) {
                action.add(GovernanceRecord.of(
                                RecordKind.SCOPE,
                                Messages.AiScopeCheckStep_Summary(
                                        outcome,
                                        violations.size(),
                                        maps(decision.get("advisories")).size(),
                                        maps(decision.get("overrides")).size()),
                                outcome,
                                result.decisionJson())
                        .blocking(true));
                AuditTrail.append(run, listener, AuditEventType.SCOPE_DECIDED, "deny", null, result.decisionJson());
                getContext()
                        .onFailure(new AbortException(
                                !onlySoft
                                        ? Messages.AiScopeCheckStep_Denied(violations.size())
                                        : Messages.AiScopeCheckStep_NoOwners()));
                return;
            }
            if (round == 0) {
                action.add(GovernanceRecord.of(
                        RecordKind.SCOPE,
                        Messages.AiScopeCheckStep_Summary(
                                outcome,
                                violations.size(),
                                maps(decision.get("advisories")).size(),
                                0),
                        "override-requested",
                        result.decisionJson()));
            }
            synchronized (this) {
                softRules = new ArrayList<>(result.ownersByRule().keySet());
                ask(owners);
            }
        }

        @SuppressWarnings("unchecked")
        private static List<Map<String, Object>> maps(Object list) {
            List<Map<String, Object>> out = new ArrayList<>();
            if (list instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m) {
                        out.add((Map<String, Object>) m);
                    }
                }
            }
            return out;
        }

        /** Asks the owners of the violated soft-mandatory rules for an override. */
        private void ask(Set<String> owners) throws Exception {
            round++;
            InputStep input = new InputStep(
                    Messages.AiScopeCheckStep_Prompt(String.join(", ", softRules), String.join(", ", owners)));
            input.setId("AiScopeOverride" + round);
            input.setSubmitter(String.join(",", owners));
            input.setOk(Messages.AiScopeCheckStep_Ok());
            input.setParameters(
                    List.of(new TextParameterDefinition(REASON, "", Messages.AiScopeCheckStep_ReasonHelp())));
            StepExecution execution = input.start(new GateInputContext(getContext(), this, round));
            current = (InputStepExecution) execution;
            execution.start();
        }

        @Override
        public synchronized void answered(int answeredRound, @Nullable Object value) {
            if (done || answeredRound != round) {
                return;
            }
            current = null;
            try {
                Run<?, ?> run = getContext().get(Run.class);
                TaskListener listener = getContext().get(TaskListener.class);
                JenkinsPerson person = new JenkinsIdentities(AiGovernanceConfiguration.get()).current();
                // the engine reads a map, a bare value (the one parameter) and null
                Answer answer = Question.reasonFor("override", REASON).judge(value);
                String reason = answer.isDecision() ? answer.reason() : null;
                String who = person == null ? null : person.getId();
                if (who == null || reason == null) {
                    listener.getLogger()
                            .println(Messages.AiScopeCheckStep_OverrideIncomplete(who == null ? "anonymous" : who));
                    GovernanceRunAction.of(run)
                            .add(GovernanceRecord.of(
                                            RecordKind.SCOPE_OVERRIDE,
                                            Messages.AiScopeCheckStep_OverrideIncomplete(
                                                    who == null ? "anonymous" : who),
                                            "refused",
                                            null)
                                    .by(who));
                } else {
                    Instant now = Instant.now();
                    for (String rule : softRules) {
                        ScopeOverride o = new ScopeOverride(rule, who, reason, now);
                        overrides.add(Documents.toJson(o));
                        GovernanceRunAction.of(run)
                                .add(GovernanceRecord.of(
                                                RecordKind.SCOPE_OVERRIDE,
                                                Messages.AiScopeCheckStep_OverrideGiven(rule, who, reason),
                                                "given",
                                                Documents.toJson(o))
                                        .by(who));
                        AuditTrail.append(run, listener, AuditEventType.OVERRIDE, "given", who, Documents.toJson(o));
                    }
                }
                // the engine judges the override (owner? reason? overridable rule?) on the next evaluation
                run(this::evaluate);
            } catch (Exception e) {
                done = true;
                getContext().onFailure(e);
            }
        }

        @Override
        public synchronized void inputFailed(int failedRound, @NonNull Throwable cause) {
            if (done || failedRound != round) {
                return;
            }
            done = true;
            current = null;
            try {
                GovernanceRunAction.of(getContext().get(Run.class))
                        .add(GovernanceRecord.of(
                                        RecordKind.SCOPE, Messages.AiScopeCheckStep_OverrideAborted(), "deny", null)
                                .blocking(true));
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
            getContext().onFailure(cause);
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            InputStepExecution c;
            synchronized (this) {
                done = true;
                c = current;
                current = null;
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
                if (done || current == null) {
                    return;
                }
                try {
                    InputAction inputs = getContext().get(Run.class).getAction(InputAction.class);
                    if (inputs != null) {
                        inputs.remove(current);
                        inputs.add(current);
                    }
                } catch (Exception e) {
                    done = true;
                    getContext().onFailure(e);
                }
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
