package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code aiScopeCheck} / {@code aigov scope}: whether the actor was allowed to make
 * this change at all.
 *
 * <p>{@code outcome} is {@code deny} when any violation remains (a deny rule that is soft-mandatory
 * and not overridden, or hard-mandatory, an autonomy limit, an OPA deny). {@code requiresApproval}
 * means the change is allowed only as a proposal: <em>applying</em> it — merging it, deploying it,
 * running {@code terraform apply} or {@code kubectl apply} — needs a human approval first
 * ({@code approvals} says why). An allowed change with {@code requiresApproval=false} may be applied
 * by the pipeline as it stands.
 *
 * @param violations       findings that deny the change
 * @param approvals        findings that require a human approval before applying
 * @param advisories       findings of advisory rules (reported, pass)
 * @param exemptions       files and resources exempted by allow rules
 * @param overridden       violations and approval requirements that an owner's override let pass
 * @param overrides        overrides applied
 * @param refusedOverrides overrides that were not applied, and why
 * @param autonomy         the autonomy level applied ({@code null}: not an AI agent change, levels do not limit it)
 * @param effectiveSource  the change source rules were matched against
 * @param detectedSource   the change source provenance detection found ({@code unknown} counts as {@code provenance.unknownAs})
 * @param riskTier         the change's risk tier the rules' {@code minTier} was checked against
 * @param policy           the policy label ({@code name@version (sha256:…)})
 * @param policyDigest     sha256 of the policy file's bytes
 * @param externalChecks   external checks that were consulted (e.g. {@code opa http://…/v1/data/ai_devops/scope})
 * @param notes            how the inputs were read, as the risk assessment lists them (files read fail-closed, partial
 *                         plans, rename detection that gave up, where the environment came from)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScopeDecision(
        ScopeOutcome outcome,
        boolean requiresApproval,
        List<ScopeViolation> violations,
        List<ScopeViolation> approvals,
        List<ScopeViolation> advisories,
        List<ScopeViolation> exemptions,
        List<ScopeViolation> overridden,
        List<ScopeOverride> overrides,
        List<RefusedOverride> refusedOverrides,
        AutonomyCheck autonomy,
        ChangeSource effectiveSource,
        ChangeSource detectedSource,
        String agentId,
        String environment,
        boolean production,
        RiskTier riskTier,
        ChangeFingerprint fingerprint,
        String policy,
        String policyDigest,
        List<String> externalChecks,
        Instant evaluatedAt,
        List<InputNote> notes) {

    public ScopeDecision {
        violations = List.copyOf(violations);
        approvals = List.copyOf(approvals);
        advisories = List.copyOf(advisories);
        exemptions = List.copyOf(exemptions);
        overridden = List.copyOf(overridden);
        overrides = List.copyOf(overrides);
        refusedOverrides = List.copyOf(refusedOverrides);
        externalChecks = externalChecks == null ? List.of() : List.copyOf(externalChecks);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public boolean allowed() {
        return outcome == ScopeOutcome.ALLOW;
    }

    /**
     * Whether an owner's override can still turn this denial into an allow: the change is denied and
     * every violation is soft-mandatory (a hard-mandatory rule, an autonomy limit or an external
     * check's denial is never overridden).
     */
    public boolean overridable() {
        return !allowed() && !violations.isEmpty()
                && violations.stream().allMatch(v -> v.enforcement() == io.jenkins.plugins.aigovernance.core.policy.Enforcement.SOFT_MANDATORY);
    }

    /**
     * This decision with the findings of an external check (such as OPA) added as violations; any
     * violation makes it a deny.
     *
     * @param check names the check and where it ran
     */
    public ScopeDecision withExternalViolations(String check, List<ScopeViolation> more) {
        List<ScopeViolation> v = new ArrayList<>(violations);
        v.addAll(more);
        List<String> checks = new ArrayList<>(externalChecks);
        checks.add(check);
        return new ScopeDecision(v.isEmpty() ? ScopeOutcome.ALLOW : ScopeOutcome.DENY, requiresApproval, v, approvals, advisories, exemptions,
                overridden, overrides, refusedOverrides, autonomy, effectiveSource, detectedSource, agentId, environment, production, riskTier, fingerprint,
                policy, policyDigest, checks, evaluatedAt, notes);
    }
}
