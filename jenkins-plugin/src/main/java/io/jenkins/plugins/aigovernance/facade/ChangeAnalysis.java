package io.jenkins.plugins.aigovernance.facade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalNotice;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirements;
import io.jenkins.plugins.aigovernance.core.approval.ExcludedIdentity;
import io.jenkins.plugins.aigovernance.core.approval.ExclusionKind;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Runs the engine where the workspace is (the controller or an agent): reads the change, picks the
 * policy, scores the risk and computes the approval requirement (with the build's initiator and the
 * configured AI agent accounts excluded), so the approval gate needs no workspace. The engine needs local files, so this runs through
 * {@code FilePath.act}; results travel back as JSON text.
 *
 * <p>Policy, first match: the step's {@code policy:} or the job's policy path; the repository's
 * {@code .ai-governance.yml} at the base revision; the global default policy; the built-in policy.
 */
@Restricted(NoExternalUse.class)
public final class ChangeAnalysis extends MasterToSlaveFileCallable<AnalysisResult> {

    private static final long serialVersionUID = 1L;
    /** File name the global default policy is written to, so policy errors name it recognisably. */
    static final String GLOBAL_POLICY_FILE = "jenkins-global-policy.yml";

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
            ApprovalRequirement requirement =
                    withAiAccounts(ApprovalRequirements.forChange(context, risk, initiator), aiAccounts);
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

    private static ApprovalRequirement withAiAccounts(ApprovalRequirement r, List<String> accounts) {
        if (accounts.isEmpty()) {
            return r;
        }
        List<ExcludedIdentity> excluded = new ArrayList<>(r.excluded());
        for (String a : accounts) {
            excluded.add(new ExcludedIdentity(a, false, ExclusionKind.AI_IDENTITY, "Jenkins account of an AI agent"));
        }
        return new ApprovalRequirement(
                r.fingerprint(),
                r.tier(),
                r.slots(),
                r.automatedChecks(),
                excluded,
                r.timeout(),
                r.breakGlass(),
                r.policy());
    }

    /** Reads the change with the policy chosen as described on the class. */
    static ChangeContext analyze(
            GovernanceEngine engine, ChangeInputs inputs, Path dir, @CheckForNull String globalPolicy)
            throws IOException {
        ChangeContext context = engine.analyze(inputs.toRequest(dir, null));
        if (inputs.getPolicy() != null
                || globalPolicy == null
                || !"built-in".equals(context.policy().source().origin())) {
            return context;
        }
        Path tmp = Files.createTempDirectory("ai-governance");
        Path file = tmp.resolve(GLOBAL_POLICY_FILE);
        try {
            Files.writeString(file, globalPolicy, StandardCharsets.UTF_8);
            return engine.analyze(inputs.toRequest(dir, file));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(tmp);
        }
    }
}
