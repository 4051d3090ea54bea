package io.jenkins.plugins.aigovernance.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.facade.CurrentFingerprint;
import io.jenkins.plugins.aigovernance.facade.Documents;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.steps.AuditTrail;
import io.jenkins.plugins.aigovernance.steps.StepLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code withAiCredentials(plan: 'id', apply: 'id', ttlMinutes: 30) { … }}: binds the plan
 * (read-only) credentials always, and the apply credentials only when this build's approval gate
 * approved the change that is in the workspace now (its fingerprint, computed again where the
 * workspace is). Secrets are masked in the log; the binding ends when the block ends or, at the
 * latest, when the TTL passes (the block is then interrupted and the build fails).
 *
 * <p>Variables: secret text as {@code AI_PLAN_TOKEN} / {@code AI_APPLY_TOKEN}; username and password
 * as {@code AI_PLAN_USERNAME}, {@code AI_PLAN_PASSWORD} (and {@code AI_APPLY_…}); a secret file as
 * {@code AI_PLAN_FILE} / {@code AI_APPLY_FILE}; {@code AI_APPLY_ALLOWED} is {@code true} or {@code false}.
 */
public class WithAiCredentialsStep extends Step {

    /** TTL when the step names none. */
    static final int DEFAULT_TTL_MINUTES = 30;

    private String plan;
    private String apply;
    private Integer ttlMinutes;

    @DataBoundConstructor
    public WithAiCredentialsStep() {}

    @CheckForNull
    public String getPlan() {
        return plan;
    }

    /** ID of the read-only credentials for plan, diff and dry runs. */
    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    @CheckForNull
    public String getApply() {
        return apply;
    }

    /** ID of the credentials that can change things; bound only for an approved change. */
    @DataBoundSetter
    public void setApply(String apply) {
        this.apply = Util.fixEmptyAndTrim(apply);
    }

    @CheckForNull
    public Integer getTtlMinutes() {
        return ttlMinutes;
    }

    /** Longest time the credentials stay bound (default 30 minutes). */
    @DataBoundSetter
    public void setTtlMinutes(Integer ttlMinutes) {
        this.ttlMinutes = ttlMinutes == null || ttlMinutes <= 0 ? null : ttlMinutes;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /** Binds, runs the body, unbinds. */
    static final class Execution extends GeneralNonBlockingStepExecution {

        private static final long serialVersionUID = 1L;

        private final String plan;
        private final String apply;
        private final int ttlMinutes;
        private long deadlineMillis;
        private BodyExecution body;
        private boolean ended;
        private transient ScheduledFuture<?> ttlTask;

        Execution(WithAiCredentialsStep step, StepContext context) {
            super(context);
            this.plan = step.plan;
            this.apply = step.apply;
            this.ttlMinutes = step.ttlMinutes == null ? DEFAULT_TTL_MINUTES : step.ttlMinutes;
        }

        @Override
        public boolean start() {
            run(this::bindAndStart);
            return false;
        }

        private void bindAndStart() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            Launcher launcher = getContext().get(Launcher.class);
            if (plan == null && apply == null) {
                throw new AbortException(Messages.WithAiCredentialsStep_NothingToBind());
            }
            List<MultiBinding<?>> bindings = new ArrayList<>();
            if (plan != null) {
                bindings.add(CredentialBindings.forCredential(run, plan, "AI_PLAN"));
            }
            String whyNotApply = apply == null ? null : whyNotApply(run, workspace);
            boolean applyBound = apply != null && whyNotApply == null;
            if (applyBound) {
                bindings.add(CredentialBindings.forCredential(run, apply, "AI_APPLY"));
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            Map<String, String> publicValues = new LinkedHashMap<>();
            List<MultiBinding.Unbinder> unbinders = new ArrayList<>();
            for (MultiBinding<?> binding : bindings) {
                if (binding.getDescriptor().requiresWorkspace() && (workspace == null || launcher == null)) {
                    throw new AbortException(Messages.WithAiCredentialsStep_NeedsWorkspace());
                }
                MultiBinding.MultiEnvironment env = binding.bind(run, workspace, launcher, listener);
                secrets.putAll(env.getSecretValues());
                publicValues.putAll(env.getPublicValues());
                unbinders.add(env.getUnbinder());
            }
            publicValues.put("AI_APPLY_ALLOWED", String.valueOf(applyBound));

            listener.getLogger()
                    .println(Messages.WithAiCredentialsStep_Bound(String.join(", ", secrets.keySet()), ttlMinutes));
            if (apply != null && !applyBound) {
                listener.getLogger().println(Messages.WithAiCredentialsStep_ApplyWithheld(whyNotApply));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", plan);
            doc.put("apply", apply);
            doc.put("applyBound", applyBound);
            doc.put("applyWithheldBecause", whyNotApply);
            doc.put("variables", new ArrayList<>(secrets.keySet()));
            doc.put("ttlMinutes", ttlMinutes);
            GovernanceRunAction action = GovernanceRunAction.of(run);
            action.add(GovernanceRecord.of(
                    RecordKind.CREDENTIALS,
                    Messages.WithAiCredentialsStep_Summary(
                            plan == null ? "-" : plan,
                            applyBound ? apply : "-",
                            ttlMinutes,
                            whyNotApply == null ? "" : whyNotApply),
                    applyBound ? "plan-and-apply" : "plan-only",
                    Documents.toJson(doc)));
            AuditTrail.append(
                    run,
                    listener,
                    AuditEventType.CREDENTIALS_BOUND,
                    applyBound ? "plan-and-apply" : "plan-only",
                    null,
                    Documents.toJson(doc));

            deadlineMillis = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(ttlMinutes);
            body = getContext()
                    .newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(
                            getContext().get(EnvironmentExpander.class), new SecretEnvironment(secrets, publicValues)))
                    .withContext(BodyInvoker.mergeConsoleLogFilters(
                            getContext().get(ConsoleLogFilter.class),
                            new MaskingFilter(secrets.values(), run.getCharset().name())))
                    .withCallback(new Ended(unbinders))
                    .start();
            scheduleTtl();
        }

        /** Why the apply credentials may not be bound now, or {@code null} when they may. */
        @CheckForNull
        private String whyNotApply(Run<?, ?> run, @CheckForNull FilePath workspace) throws Exception {
            GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
            String approved = action == null ? null : action.getApprovedFingerprint();
            if (approved == null || action.getInputs() == null) {
                return Messages.WithAiCredentialsStep_NoApproval();
            }
            if (workspace == null) {
                return Messages.WithAiCredentialsStep_NoWorkspace();
            }
            String current = workspace.act(new CurrentFingerprint(
                    action.getInputs(), AiGovernanceConfiguration.get().getDefaultPolicy()));
            if (!approved.equals(current)) {
                return Messages.WithAiCredentialsStep_Moved(approved, current);
            }
            return null;
        }

        private synchronized void scheduleTtl() {
            long delay = Math.max(0, deadlineMillis - System.currentTimeMillis());
            ttlTask = Timer.get().schedule(this::ttlPassed, delay, TimeUnit.MILLISECONDS);
        }

        private synchronized void ttlPassed() {
            if (ended || body == null) {
                return;
            }
            body.cancel(new AbortException(Messages.WithAiCredentialsStep_TtlPassed(ttlMinutes)));
        }

        @Override
        public void onResume() {
            super.onResume();
            if (!ended && body != null) {
                scheduleTtl();
            }
        }

        /** Unbinds when the body ends (successfully or not) and records it. */
        private final class Ended extends TailCall {

            private static final long serialVersionUID = 1L;

            private final ArrayList<MultiBinding.Unbinder> unbinders;

            Ended(List<MultiBinding.Unbinder> unbinders) {
                this.unbinders = new ArrayList<>(unbinders);
            }

            @Override
            protected void finished(StepContext context) throws Exception {
                synchronized (Execution.this) {
                    ended = true;
                    if (ttlTask != null) {
                        ttlTask.cancel(false);
                    }
                }
                Run<?, ?> run = context.get(Run.class);
                TaskListener listener = context.get(TaskListener.class);
                Exception failure = null;
                for (MultiBinding.Unbinder u : unbinders) {
                    try {
                        u.unbind(run, context.get(FilePath.class), context.get(Launcher.class), listener);
                    } catch (Exception e) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
                GovernanceRunAction.of(run)
                        .add(GovernanceRecord.of(
                                RecordKind.CREDENTIALS, Messages.WithAiCredentialsStep_Ended(), "unbound", null));
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }

    /** Descriptor. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "withAiCredentials";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithAiCredentialsStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            return StepLabels.of(namedArgs, "plan", "apply", "ttlMinutes");
        }

        @POST
        public FormValidation doCheckTtlMinutes(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            return FormValidation.validatePositiveInteger(value);
        }
    }
}
