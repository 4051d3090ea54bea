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
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.WorkspacePaths;
import io.jenkins.plugins.aigovernance.core.GovernanceException;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.canary.CanaryAnalysis;
import io.jenkins.plugins.aigovernance.core.canary.CanaryListener;
import io.jenkins.plugins.aigovernance.core.canary.CanaryOutcome;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlan;
import io.jenkins.plugins.aigovernance.core.canary.CanaryPlanReader;
import io.jenkins.plugins.aigovernance.core.canary.CanaryVerdict;
import io.jenkins.plugins.aigovernance.core.canary.Measurement;
import io.jenkins.plugins.aigovernance.core.canary.Sleeper;
import io.jenkins.plugins.aigovernance.core.canary.StepResult;
import io.jenkins.plugins.aigovernance.core.canary.TimeSpan;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusConnection;
import io.jenkins.plugins.aigovernance.core.canary.prometheus.PrometheusProvider;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.facade.Documents;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code aiCanaryVerify(prometheus: …, credentialsId: …, template: 'checkout') { … }}: takes a new
 * version to production in the steps of a canary plan while the canary engine watches Prometheus.
 * The engine never moves traffic: for every {@code setWeight} it runs the block with
 * {@code CANARY_ACTION=weight}, {@code CANARY_WEIGHT} and {@code CANARY_STEP} in the environment;
 * when it decides to roll back it runs the block once more with {@code CANARY_ACTION=rollback} and
 * {@code CANARY_REASON}, and the step fails. PROMOTE returns the engine's verdict as a map; ROLLBACK
 * and PAUSED (inconclusive evidence, a person must decide) fail the build.
 *
 * <p>The plan is a plan file in the workspace ({@code plan:}), or a template of the policy in force
 * ({@code template:}: the step's or the job's policy file, else {@code .ai-governance.yml} in the
 * workspace, else the global default policy, else the built-in templates). The analysis runs on the
 * controller and does not survive a controller restart (the step then fails).
 */
public class AiCanaryVerifyStep extends Step {

    private String prometheus;
    private String credentialsId;
    private String plan;
    private String template;
    private String policy;

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

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /** Runs the engine's analysis loop on a pooled thread; the block runs in the Pipeline for each weight. */
    static final class Execution extends GeneralNonBlockingStepExecution {

        private static final long serialVersionUID = 1L;

        private final String prometheus;
        private final String credentialsId;
        private final String plan;
        private final String template;
        private final String policy;

        Execution(AiCanaryVerifyStep step, StepContext context) {
            super(context);
            this.prometheus = step.prometheus;
            this.credentialsId = step.credentialsId;
            this.plan = step.plan;
            this.template = step.template;
            this.policy = step.policy;
        }

        @Override
        public boolean start() {
            run(this::analyse);
            return false;
        }

        private void analyse() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            PrintStream out = listener.getLogger();
            CanaryPlan canaryPlan;
            PrometheusConnection connection;
            try {
                canaryPlan = readPlan(run, workspace, config);
                connection = connection(run, config);
            } catch (GovernanceException | IllegalArgumentException e) {
                throw new AbortException(Messages.AiCanaryVerifyStep_BadInput(e.getMessage()));
            }
            out.println(Messages.AiCanaryVerifyStep_Starting(
                    canaryPlan.name(), canaryPlan.steps().size(), connection.url()));
            long started = System.currentTimeMillis();
            CanaryVerdict verdict = new CanaryAnalysis(
                            new PrometheusProvider(connection), Clock.systemUTC(), Sleeper.SYSTEM)
                    .run(
                            canaryPlan,
                            weight -> runBody(Map.of(
                                    "CANARY_ACTION",
                                    "weight",
                                    "CANARY_WEIGHT",
                                    String.valueOf(weight),
                                    "CANARY_PLAN",
                                    canaryPlan.name())),
                            v -> runBody(Map.of(
                                    "CANARY_ACTION",
                                    "rollback",
                                    "CANARY_WEIGHT",
                                    String.valueOf(v.weight()),
                                    "CANARY_PLAN",
                                    canaryPlan.name(),
                                    "CANARY_REASON",
                                    String.valueOf(v.reason()))),
                            new LogListener(out));
            String json = Documents.toJson(verdict);
            String outcome = switch (verdict.outcome()) {
                case PROMOTE -> "promoted";
                case ROLLBACK -> "rolled-back";
                case PAUSED -> "paused";
            };
            GovernanceRunAction.of(run)
                    .add(GovernanceRecord.of(
                                    RecordKind.CANARY,
                                    Messages.AiCanaryVerifyStep_Summary(
                                            canaryPlan.name(), verdict.outcome(), verdict.weight(), verdict.reason()),
                                    outcome,
                                    json)
                            .blocking(verdict.outcome() != CanaryOutcome.PROMOTE)
                            .lasting(System.currentTimeMillis() - started));
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
            out.println(Messages.AiCanaryVerifyStep_Verdict(verdict.outcome(), verdict.reason()));
            switch (verdict.outcome()) {
                case PROMOTE -> getContext().onSuccess(Documents.toMap(verdict));
                case ROLLBACK ->
                    getContext()
                            .onFailure(new AbortException(Messages.AiCanaryVerifyStep_RolledBack(
                                    verdict.reason(),
                                    verdict.rolledBack()
                                            ? ""
                                            : " (the rollback block failed: " + verdict.rollbackError() + ")")));
                case PAUSED ->
                    getContext()
                            .onFailure(new AbortException(
                                    Messages.AiCanaryVerifyStep_Paused(verdict.reason(), verdict.nextStep())));
            }
        }

        /** Runs the block with the given environment and waits for it; a failing block throws. */
        private void runBody(Map<String, String> env) throws Exception {
            CompletableFuture<Object> done = new CompletableFuture<>();
            getContext()
                    .newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(
                            getContext().get(EnvironmentExpander.class), EnvironmentExpander.constant(env)))
                    .withCallback(new BodyDone(done))
                    .start();
            try {
                done.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }

        private CanaryPlan readPlan(Run<?, ?> run, @CheckForNull FilePath workspace, AiGovernanceConfiguration config)
                throws Exception {
            CanaryPlanReader reader = new CanaryPlanReader();
            if (plan != null) {
                return reader.parse(plan, read(workspace, plan), template);
            }
            if (template == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NoPlan());
            }
            String policyPath = AiRiskScoreStep.policyPath(run, policy);
            if (policyPath == null
                    && workspace != null
                    && workspace.child(PolicyLoader.DEFAULT_FILE).exists()) {
                policyPath = PolicyLoader.DEFAULT_FILE;
            }
            if (policyPath != null) {
                return reader.parse(policyPath, read(workspace, policyPath), template);
            }
            if (config.getDefaultPolicy() != null) {
                return reader.parse(
                        "Jenkins global default policy",
                        config.getDefaultPolicy().getBytes(StandardCharsets.UTF_8),
                        template);
            }
            CanaryPlan builtIn = new PolicyLoader().defaults().canary().template(template);
            if (builtIn == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NoTemplate(template));
            }
            return builtIn;
        }

        private static byte[] read(@CheckForNull FilePath workspace, String relative) throws Exception {
            if (workspace == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NeedsWorkspace(relative));
            }
            if (!WorkspacePaths.isRelativeInside(relative)) {
                throw new AbortException(Messages.AiCanaryVerifyStep_Outside(relative));
            }
            FilePath f = workspace.child(relative);
            if (!f.exists() || f.length() > CanaryPlanReader.MAX_BYTES) {
                throw new AbortException(Messages.AiCanaryVerifyStep_Unreadable(relative));
            }
            return f.readToString().getBytes(StandardCharsets.UTF_8);
        }

        private PrometheusConnection connection(Run<?, ?> run, AiGovernanceConfiguration config) throws AbortException {
            String url = prometheus != null ? prometheus : config.getPrometheusUrl();
            if (url == null) {
                throw new AbortException(Messages.AiCanaryVerifyStep_NoPrometheus());
            }
            PrometheusConnection c = PrometheusConnection.of(url);
            String id = credentialsId != null
                    ? credentialsId
                    : prometheus == null ? config.getPrometheusCredentialsId() : null;
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
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            return StepLabels.of(namedArgs, "template", "plan");
        }
    }
}
