package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalNotice;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.ci.CiEnvironment;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Runs the engine where the workspace is (the controller or an agent): reads the change, resolves the
 * policy once through the engine's chain, scores the risk and computes the approval requirement (with
 * the build's initiator and the configured AI agent accounts excluded, by the engine), so the approval
 * gate needs no workspace. The engine needs local files, so this runs through {@code FilePath.act};
 * results travel back as JSON text and are read as the engine's records on the controller.
 *
 * <p>Policy, first match (the engine's {@code PolicyChain}): the step's {@code policy:}; the job's
 * policy path; the repository's {@code .ai-governance.yml} at the base revision; the global default
 * policy; the built-in policy.
 */
@Restricted(NoExternalUse.class)
public final class ChangeAnalysis extends MasterToSlaveFileCallable<AnalysisResult> {

    private static final long serialVersionUID = 1L;

    private final ChangeInputs inputs;
    private final String globalPolicy;
    private final String initiator;
    private final ArrayList<String> aiAccounts;

    /**
     * @param globalPolicy the global default policy YAML, or {@code null}
     * @param initiator    who started the build (a Jenkins user id), or {@code null}
     * @param aiAccounts   Jenkins accounts AI agents act through (never approvers)
     */
    public ChangeAnalysis(
            ChangeInputs inputs,
            @CheckForNull String globalPolicy,
            @CheckForNull String initiator,
            List<String> aiAccounts) {
        this.inputs = inputs;
        this.globalPolicy = globalPolicy;
        this.initiator = initiator;
        this.aiAccounts = new ArrayList<>(aiAccounts);
    }

    @Override
    public AnalysisResult invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        GovernanceEngine engine = new GovernanceEngine(Clock.systemUTC());
        ChangeContext context = analyze(engine, inputs, dir.toPath(), globalPolicy);
        RiskAssessment risk = engine.assessRisk(context);
        String requirementJson = null;
        String requirementError = null;
        List<String> changed = List.of();
        int more = 0;
        try {
            ApprovalRequirement requirement = engine.approvalRequirement(context, risk, initiator, aiAccounts);
            requirementJson = Documents.toJson(requirement);
            // what a notice will list, in the engine's words (the request itself opens at the gate)
            ApprovalNotice notice = ApprovalNotice.of(
                    ApprovalRequest.open(requirement, engine.clock().instant()), risk, context, null);
            changed = notice.changedResources();
            more = notice.moreResources();
        } catch (InvalidInputException e) {
            requirementError = e.getMessage();
        }
        return new AnalysisResult(
                Documents.toJson(risk),
                requirementJson,
                requirementError,
                changed,
                more,
                Documents.toJson(context.policy().notifications()));
    }

    /** Reads the change with the policy the engine's chain resolves (once). */
    static ChangeContext analyze(
            GovernanceEngine engine, ChangeInputs inputs, Path dir, @CheckForNull String globalPolicy) {
        return engine.analyze(
                inputs.toRequest(dir),
                inputs.policyChain(dir, JenkinsInputs.globalPolicy(globalPolicy)),
                // the source branch was read by the engine from the build's variables into the inputs
                CiEnvironment.empty());
    }
}
