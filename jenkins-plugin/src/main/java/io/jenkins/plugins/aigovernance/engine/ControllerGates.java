package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.ApplyToken;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenIssuer;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRefusedException;
import io.jenkins.plugins.aigovernance.core.approval.ApplyTokenRequest;
import io.jenkins.plugins.aigovernance.core.approval.Approval;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalAnswers;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequest;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.JudgedAnswer;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.decision.ApplyCheck;
import io.jenkins.plugins.aigovernance.core.decision.CanaryDeciders;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityAssessor;
import io.jenkins.plugins.aigovernance.core.maturity.MaturityScorecard;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.policy.PolicyLoader;
import io.jenkins.plugins.aigovernance.core.question.Question;
import io.jenkins.plugins.aigovernance.core.question.Respondent;
import io.jenkins.plugins.aigovernance.core.resolution.PolicyResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The engine's gate calls that need no workspace, made on the controller with the records the build
 * recorded: opening and judging approval requests, who may decide a paused canary, and whether the
 * change in the workspace may be applied now. Each call is the engine's; nothing here decides.
 */
@Restricted(NoExternalUse.class)
public final class ControllerGates {

    private ControllerGates() {}

    private static GovernanceEngine engine() {
        return new GovernanceEngine(Clock.systemUTC());
    }

    /**
     * Opens an approval request now.
     *
     * @param timeoutMinutes how long it stays open instead of the policy's timeout, or {@code null}
     */
    @NonNull
    public static ApprovalRequest openApproval(
            @NonNull ApprovalRequirement requirement, @CheckForNull Integer timeoutMinutes) {
        return engine().openApproval(requirement, timeoutMinutes == null ? null : Duration.ofMinutes(timeoutMinutes));
    }

    /** Whether the decisions so far satisfy the request now (the approval engine's judgement). */
    @NonNull
    public static ApprovalEvaluation evaluate(@NonNull ApprovalRequest request, @NonNull List<Approval> decisions) {
        return engine().evaluateApproval(request, decisions);
    }

    /**
     * Who may decide a paused canary: the change's approval requirement as the engine turns it into a decision
     * requirement (open for {@code timeoutMinutes}, no break-glass), or why nobody may.
     *
     * @param requirement the requirement the risk step recorded, or {@code null}
     */
    @NonNull
    public static CanaryDeciders canaryDeciders(@CheckForNull ApprovalRequirement requirement, int timeoutMinutes) {
        return engine().canaryDeciders(requirement, Duration.ofMinutes(timeoutMinutes));
    }

    /**
     * Whether the change may be applied now to an environment (the engine's apply check: approved, the same change,
     * not stale, the environment the approval was for).
     *
     * @param approval    the build's approving evaluation, or {@code null}
     * @param current     the change's fingerprint read again in the workspace ({@link CurrentFingerprint}), or {@code null}
     * @param environment the environment the apply is for ({@code withAiCredentials}' {@code environment}), or
     *                    {@code null} when it names none
     */
    @NonNull
    public static ApplyCheck mayApply(
            @CheckForNull ApprovalEvaluation approval, @CheckForNull String current, @CheckForNull String environment) {
        return engine().mayApply(approval, current == null ? null : new ChangeFingerprint(current), environment);
    }

    /**
     * Mints an apply token through the engine's apply check (governance-core {@code GovernanceEngine#applyToken}): the
     * check with the request's environment runs again, then the issuer signs.
     *
     * @throws ApplyTokenRefusedException when the check or the issuer refuses
     */
    @NonNull
    public static ApplyToken applyToken(
            @NonNull ApplyTokenIssuer issuer,
            @NonNull ApplyTokenRequest request,
            @CheckForNull ApprovalEvaluation approval,
            @CheckForNull ChangeFingerprint current) {
        return engine().applyToken(issuer, request, approval, current);
    }

    /**
     * Judges one answer to the approval gate's {@code input} (governance-core {@code ApprovalAnswers#gate}): the
     * answer as the engine reads it (map, bare value or {@code null}; never a default choice), the approval it
     * becomes, and whether it counts with the decisions so far.
     */
    @NonNull
    public static JudgedAnswer judgeGateAnswer(
            @NonNull ApprovalRequest request,
            @NonNull List<Approval> soFar,
            @NonNull Respondent who,
            @CheckForNull Object value) {
        return new ApprovalAnswers(Clock.systemUTC()).gate(request, soFar, who, value);
    }

    /** Judges one answer to a paused canary's decision question (governance-core {@code ApprovalAnswers#decision}). */
    @NonNull
    public static JudgedAnswer judgeCanaryDecision(
            @NonNull ApprovalRequest request,
            @NonNull Question question,
            @NonNull Respondent who,
            @CheckForNull Object value) {
        return new ApprovalAnswers(Clock.systemUTC()).decision(request, question, who, value);
    }

    /**
     * A job's maturity scorecard over the controller's audit log (governance-core {@code MaturityAssessor}, the same
     * grading as {@code aigov maturity}), judged against the global default policy when one is configured, else the
     * built-in policy (the engine's {@code PolicyResolver#withoutRepository}).
     *
     * @param globalPolicyYaml the global configuration's default policy text, or {@code null}
     * @throws io.jenkins.plugins.aigovernance.core.policy.PolicyException when that policy is invalid (fail closed)
     */
    @NonNull
    public static MaturityScorecard maturity(
            @NonNull AuditIndex index,
            @NonNull String location,
            @NonNull String job,
            @CheckForNull String globalPolicyYaml,
            @NonNull Instant from,
            @NonNull Instant to) {
        GovernancePolicy policy =
                new PolicyResolver(new PolicyLoader()).withoutRepository(JenkinsInputs.globalPolicy(globalPolicyYaml));
        return new MaturityAssessor().assess(index, location, job, policy, from, to);
    }
}
