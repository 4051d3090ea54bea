package io.jenkins.plugins.aigovernance.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.WorkspacePaths;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.engine.AnalysisResult;
import io.jenkins.plugins.aigovernance.engine.ChangeAnalysis;
import io.jenkins.plugins.aigovernance.engine.ChangeInputs;
import io.jenkins.plugins.aigovernance.engine.Documents;
import io.jenkins.plugins.aigovernance.engine.JenkinsIdentities;
import io.jenkins.plugins.aigovernance.engine.JenkinsInputs;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import io.jenkins.plugins.aigovernance.model.GovernanceRecord;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import io.jenkins.plugins.aigovernance.model.RecordKind;
import io.jenkins.plugins.aigovernance.model.StepLabels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code aiRiskScore}: classifies the change in the workspace (LOW … CRITICAL), computes its blast
 * radius and the reasons, records them on the build and returns the engine's assessment as a map
 * ({@code tier}, {@code blastRadius}, {@code reasons}, {@code fingerprint}, {@code provenance} …).
 * Runs the engine where the workspace is.
 */
public class AiRiskScoreStep extends Step {

    private String base;
    private String head;
    private String plan;
    private String manifests;
    private String policy;
    private String environment;
    private List<String> states;

    @DataBoundConstructor
    public AiRiskScoreStep() {}

    @CheckForNull
    public String getBase() {
        return base;
    }

    /** Base revision (default {@code HEAD~1}). */
    @DataBoundSetter
    public void setBase(String base) {
        this.base = Util.fixEmptyAndTrim(base);
    }

    @CheckForNull
    public String getHead() {
        return head;
    }

    /** Head revision (default {@code HEAD}). */
    @DataBoundSetter
    public void setHead(String head) {
        this.head = Util.fixEmptyAndTrim(head);
    }

    @CheckForNull
    public String getPlan() {
        return plan;
    }

    /** Terraform plan JSON ({@code terraform show -json}), relative to the workspace. */
    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    @CheckForNull
    public String getManifests() {
        return manifests;
    }

    /** Folder of Kubernetes manifests to be applied, relative to the workspace. */
    @DataBoundSetter
    public void setManifests(String manifests) {
        this.manifests = Util.fixEmptyAndTrim(manifests);
    }

    @CheckForNull
    public String getPolicy() {
        return policy;
    }

    /**
     * Policy file relative to the workspace (default, the engine's chain: the job's policy path, the repository's
     * {@code .ai-governance.yml} at the base revision, the global default, the built-in).
     */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Util.fixEmptyAndTrim(policy);
    }

    @CheckForNull
    public String getEnvironment() {
        return environment;
    }

    /** Target environment (default: production). */
    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    @CheckForNull
    public List<String> getStates() {
        return states;
    }

    /** More {@code terraform show -json} outputs (states or plans of other workspaces), relative to the workspace, read only for dependents. */
    @DataBoundSetter
    public void setStates(List<String> states) {
        this.states = states == null || states.isEmpty() ? null : List.copyOf(states);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /** Scores the change on the workspace's node. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;
        private final transient AiRiskScoreStep step;

        Execution(AiRiskScoreStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            // the engine reads the source branch from the build's variables and resolves the policy chain
            ChangeInputs inputs = JenkinsInputs.inputs(
                    run,
                    env,
                    step.base,
                    step.head,
                    step.plan,
                    step.manifests,
                    step.policy,
                    step.environment,
                    step.states);
            AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
            String initiator = JenkinsIdentities.initiatorOf(run);
            AnalysisResult result;
            try {
                result = workspace.act(
                        new ChangeAnalysis(inputs, config.getDefaultPolicy(), initiator, config.aiAgentAccountIds()));
            } catch (GovernanceException e) {
                // fail closed: unreadable input is never a pass
                throw new AbortException(Messages.AiRiskScoreStep_Failed(e.getMessage()));
            }
            RiskAssessment risk = result.risk();
            ConsoleReport.risk(listener.getLogger(), risk);
            if (result.requirementError() != null) {
                listener.getLogger().println(Messages.AiRiskScoreStep_NoRequirement(result.requirementError()));
            }
            GovernanceRecord record = GovernanceRecord.of(
                            RecordKind.RISK,
                            Messages.AiRiskScoreStep_Summary(
                                    risk.tier(),
                                    risk.blastRadius(),
                                    risk.reasons().size(),
                                    inputs.describe()),
                            risk.tier().name(),
                            result.riskJson())
                    .by(initiator);
            GovernanceRunAction.of(run).recordRisk(inputs, result, record);
            AuditTrail.append(
                    run, listener, AuditEventType.RISK_ASSESSED, risk.tier().name(), initiator, result.riskJson());
            // a map only at the edge: what the Pipeline step returns
            return Documents.parse(result.riskJson());
        }
    }

    /** Descriptor. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "aiRiskScore";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AiRiskScoreStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            return StepLabels.of(namedArgs, "base", "head", "environment");
        }

        @POST
        public FormValidation doCheckPlan(@QueryParameter String value) {
            return WorkspacePaths.check(value);
        }

        @POST
        public FormValidation doCheckManifests(@QueryParameter String value) {
            return WorkspacePaths.check(value);
        }

        @POST
        public FormValidation doCheckPolicy(@QueryParameter String value) {
            return WorkspacePaths.check(value);
        }
    }
}
