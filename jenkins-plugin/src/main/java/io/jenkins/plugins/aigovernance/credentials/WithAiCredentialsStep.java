package io.jenkins.plugins.aigovernance.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.console.ConsoleLogFilter;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.CredentialsChoices;
import io.jenkins.plugins.aigovernance.config.OidcSigningKey;
import io.jenkins.plugins.aigovernance.core.approval.ApplyToken;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenIssuer;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRefusedException;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenSigningKey;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.decision.ApplyCheck;
import io.jenkins.plugins.aigovernance.engine.ControllerGates;
import io.jenkins.plugins.aigovernance.engine.CurrentFingerprint;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
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
 * {@code withAiCredentials(plan: 'id', apply: 'id', environment: 'production', ttlMinutes: 30) { … }}: binds the plan
 * (read-only) credentials always, and the apply credentials only when this build's approval gate
 * approved the change that is in the workspace now (its fingerprint, computed again where the
 * workspace is) for the environment the block applies to (the engine's apply check: the approval's environment, from
 * {@code aiRiskScore}, and this step's {@code environment} must be the same, or both absent). Secrets are masked in
 * the log; the binding ends when the block ends or, at the latest, when the TTL passes (the block is then interrupted
 * and the build fails).
 *
 * <p>Variables: secret text as {@code AI_PLAN_TOKEN} / {@code AI_APPLY_TOKEN}; username and password
 * as {@code AI_PLAN_USERNAME}, {@code AI_PLAN_PASSWORD} (and {@code AI_APPLY_…}); a secret file as
 * {@code AI_PLAN_FILE} / {@code AI_APPLY_FILE}; {@code AI_APPLY_ALLOWED} is {@code true} or {@code false}.
 *
 * <p>With {@code oidcToken: true} the apply side also gets {@code AI_APPLY_OIDC_TOKEN}: a JWT the engine's
 * {@code ApplyTokenIssuer} mints for this build only, under the same condition, signed with the key of
 * the global configuration and valid for {@code ttlMinutes}; its claims carry the tier, the approvers,
 * the fingerprint, the blast radius and the approved environment, so a cloud role can trust only approved applies
 * to its environment.
 */
public class WithAiCredentialsStep extends Step {

    /** TTL when the step names none. */
    static final int DEFAULT_TTL_MINUTES = 30;
    /** The variable holding the apply token. */
    static final String TOKEN_VARIABLE = "AI_APPLY_OIDC_TOKEN";

    private String plan;
    private String apply;
    private Integer ttlMinutes;
    private boolean oidcToken;
    private String oidcAudience;
    private String environment;

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

    public boolean isOidcToken() {
        return oidcToken;
    }

    /** Whether to mint the apply side's short-lived OIDC token ({@code AI_APPLY_OIDC_TOKEN}). */
    @DataBoundSetter
    public void setOidcToken(boolean oidcToken) {
        this.oidcToken = oidcToken;
    }

    @CheckForNull
    public String getOidcAudience() {
        return oidcAudience;
    }

    /** The token's {@code aud} (default: the global configuration's). */
    @DataBoundSetter
    public void setOidcAudience(String oidcAudience) {
        this.oidcAudience = Util.fixEmptyAndTrim(oidcAudience);
    }

    @CheckForNull
    public String getEnvironment() {
        return environment;
    }

    /**
     * The environment the block applies to (default: none named). The apply side is bound only when the approval was
     * for this environment: name the same one as {@code aiRiskScore}'s {@code environment}.
     */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
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
        private final boolean oidcToken;
        private final String oidcAudience;
        private final String environment;
        private long deadlineMillis;
        private BodyExecution body;
        private boolean ended;
        private transient ScheduledFuture<?> ttlTask;

        Execution(WithAiCredentialsStep step, StepContext context) {
            super(context);
            this.plan = step.plan;
            this.apply = step.apply;
            this.ttlMinutes = step.ttlMinutes == null ? DEFAULT_TTL_MINUTES : step.ttlMinutes;
            this.oidcToken = step.oidcToken;
            this.oidcAudience = step.oidcAudience;
            this.environment = step.environment;
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
            if (plan == null && apply == null && !oidcToken) {
                throw new AbortException(Messages.WithAiCredentialsStep_NothingToBind());
            }
            // a misconfigured token issuer fails the step whether or not the change is approved
            ApplyTokenIssuer issuer = oidcToken ? tokenIssuer() : null;
            List<MultiBinding<?>> bindings = new ArrayList<>();
            if (plan != null) {
                bindings.add(CredentialBindings.forCredential(run, plan, "AI_PLAN"));
            }
            ApplyCheck check = apply != null || oidcToken ? applyCheck(run, workspace) : null;
            String whyNotApply = whyNot(check);
            boolean applyBound = check != null && check.allowed();
            if (applyBound && apply != null) {
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
            ApplyToken token = null;
            if (applyBound && issuer != null) {
                try {
                    token = ControllerGates.applyToken(issuer, tokenRequest(run), check.approval(), check.current());
                    secrets.put(TOKEN_VARIABLE, token.token());
                } catch (ApplyTokenRefusedException e) {
                    // the engine's check for the token (approval, change, staleness, environment) disagrees: bind
                    // nothing, fail closed
                    unbindAll(unbinders, run, workspace, launcher, listener);
                    throw new AbortException(Messages.WithAiCredentialsStep_TokenRefused(e.getMessage()));
                }
            }
            publicValues.put("AI_APPLY_ALLOWED", String.valueOf(applyBound));

            listener.getLogger()
                    .println(Messages.WithAiCredentialsStep_Bound(String.join(", ", secrets.keySet()), ttlMinutes));
            if ((apply != null || oidcToken) && !applyBound) {
                listener.getLogger().println(Messages.WithAiCredentialsStep_ApplyWithheld(whyNotApply));
            }
            if (token != null) {
                listener.getLogger()
                        .println(Messages.WithAiCredentialsStep_TokenMinted(
                                TOKEN_VARIABLE, token.audience(), token.expiresAt(), token.jwtId(), token.keyId()));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", plan);
            doc.put("apply", apply);
            doc.put("environment", environment);
            doc.put("applyBound", applyBound);
            doc.put("applyWithheldBecause", whyNotApply);
            doc.put("variables", new ArrayList<>(secrets.keySet()));
            doc.put("ttlMinutes", ttlMinutes);
            if (oidcToken) {
                // every claim, never the token
                doc.put("oidcToken", token == null ? null : Documents.toMap(token));
            }
            GovernanceRunAction action = GovernanceRunAction.of(run);
            action.add(GovernanceRecord.of(
                    RecordKind.CREDENTIALS,
                    Messages._WithAiCredentialsStep_Summary(
                            plan == null ? "-" : plan,
                            applyBound ? applyLabel(token) : "-",
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
                    .withContext(FailureHandler.merge(
                            getContext().get(FailureHandler.class), new MaskingFailureHandler(secrets.values())))
                    .withCallback(applyBound ? new ApplyCompletion(new Ended(unbinders)) : new Ended(unbinders))
                    .start();
            scheduleTtl();
        }

        /** A string for the page: the apply credentials' id and/or the token's id. */
        private String applyLabel(@CheckForNull ApplyToken token) {
            String t = token == null ? null : "OIDC token " + token.jwtId();
            return apply == null ? t : t == null ? apply : apply + " + " + t;
        }

        /**
         * The engine's apply check: the build's approval, the change read again where the workspace is (the engine's
         * fingerprint-only read), approved for that fingerprint, not stale, and for this step's environment.
         */
        private ApplyCheck applyCheck(Run<?, ?> run, @CheckForNull FilePath workspace) throws Exception {
            GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
            ApprovalEvaluation approval = action == null || action.getApprovalJson() == null
                    ? null
                    : Documents.read(action.getApprovalJson(), ApprovalEvaluation.class);
            if (approval == null || action.getInputs() == null) {
                return ControllerGates.mayApply(null, null, environment);
            }
            if (workspace == null) {
                return ApplyCheck.refused(
                        approval,
                        null,
                        environment,
                        ApplyCheck.Refusal.CHANGE_UNKNOWN,
                        Messages.WithAiCredentialsStep_NoWorkspace());
            }
            return ControllerGates.mayApply(
                    approval, workspace.act(new CurrentFingerprint(action.getInputs())), environment);
        }

        /** The engine's refusal in the build's words. */
        @CheckForNull
        private static String whyNot(@CheckForNull ApplyCheck check) {
            if (check == null || check.allowed()) {
                return null;
            }
            return switch (check.refusal()) {
                case NO_APPROVAL -> Messages.WithAiCredentialsStep_NoApproval();
                case MOVED ->
                    Messages.WithAiCredentialsStep_Moved(
                            check.approval().fingerprint().value(),
                            check.current().value());
                case ENVIRONMENT -> Messages.WithAiCredentialsStep_Environment(check.whyNot());
                default -> check.whyNot();
            };
        }

        /** The engine's token issuer with the configured key; fails the step when tokens cannot be minted. */
        private ApplyTokenIssuer tokenIssuer() throws IOException {
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            ApplyTokenSigningKey key = OidcSigningKey.configured(config);
            if (key == null) {
                throw new AbortException(Messages.WithAiCredentialsStep_NoSigningKey());
            }
            if (OidcSigningKey.issuerUrl() == null) {
                throw new AbortException(Messages.WithAiCredentialsStep_NoRootUrl());
            }
            ApplyTokenIssuer.IssuerCheck issuerCheck = ApplyTokenIssuer.checkIssuer(OidcSigningKey.issuerUrl());
            if (!issuerCheck.usable()) {
                throw new AbortException(
                        Messages.WithAiCredentialsStep_BadIssuer(OidcSigningKey.issuerUrl(), issuerCheck.problem()));
            }
            if (audience(config) == null) {
                throw new AbortException(Messages.WithAiCredentialsStep_NoAudience());
            }
            return new ApplyTokenIssuer(key, Clock.systemUTC());
        }

        @CheckForNull
        private String audience(AiGovernanceConfiguration config) {
            return oidcAudience != null ? oidcAudience : config.getOidcAudience();
        }

        /**
         * {@code sub} is the build in the engine's shape ({@code folder/job#42}, at most 127 bytes); the blast radius is
         * the recorded one, else the maximum; the environment is this step's (the claim is the approved one's name, canonical
         * when plainly spelled: ApplyTokenIssuer.claimedEnvironment).
         */
        private ApplyTokenRequest tokenRequest(Run<?, ?> run) {
            GovernanceRunAction action = run.getAction(GovernanceRunAction.class);
            Integer blastRadius = action == null ? null : action.getBlastRadius();
            return new ApplyTokenRequest(
                    OidcSigningKey.issuerUrl(),
                    ApplyTokenRequest.subject(run.getParent().getFullName(), run.getNumber()),
                    audience(AiGovernanceConfiguration.get()),
                    Duration.ofMinutes(ttlMinutes),
                    blastRadius == null ? 100 : blastRadius,
                    environment);
        }

        private static void unbindAll(
                List<MultiBinding.Unbinder> unbinders,
                Run<?, ?> run,
                @CheckForNull FilePath workspace,
                @CheckForNull Launcher launcher,
                TaskListener listener) {
            for (MultiBinding.Unbinder u : unbinders) {
                try {
                    u.unbind(run, workspace, launcher, listener);
                } catch (Exception e) {
                    listener.getLogger().println(Messages.WithAiCredentialsStep_UnbindFailed(e.getMessage()));
                }
            }
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
                                RecordKind.CREDENTIALS, Messages._WithAiCredentialsStep_Ended(), "unbound", null));
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
            return StepLabels.of(namedArgs, "plan", "apply", "environment", "ttlMinutes", "oidcAudience");
        }

        /** Plan credentials the job's builds can bind (secret text, username with password, secret file). */
        @POST
        public ListBoxModel doFillPlanItems(@AncestorInPath Item item, @QueryParameter String plan) {
            return CredentialsChoices.forItem(item, plan, CredentialsChoices.BINDABLE);
        }

        /** Apply credentials the job's builds can bind (secret text, username with password, secret file). */
        @POST
        public ListBoxModel doFillApplyItems(@AncestorInPath Item item, @QueryParameter String apply) {
            return CredentialsChoices.forItem(item, apply, CredentialsChoices.BINDABLE);
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
