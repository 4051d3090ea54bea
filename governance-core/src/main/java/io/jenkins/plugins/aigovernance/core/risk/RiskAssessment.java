package io.jenkins.plugins.aigovernance.core.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.change.InputNote;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.provenance.Provenance;
import java.time.Instant;
import java.util.List;

/**
 * The result of {@code aiRiskScore} / {@code aigov risk}: tier, 0–100 blast radius and the reasons.
 *
 * @param fingerprint     the change this assessment is about
 * @param base            base commit
 * @param head            head commit
 * @param environment     target environment as given, else as read from the change ({@code null}: none, treated as production)
 * @param provenance      who made the change, with evidence
 * @param effectiveSource the source gates act on (unknown counts as the policy's {@code unknownAs})
 * @param reasons         most severe first
 * @param policy          the policy label ({@code name@version (sha256:…)})
 * @param touches         the kinds of things the change touches, sorted (see {@link ChangeCategory})
 * @param commitTimes     author time of every commit in the change, newest commit first (DORA lead time starts at each)
 * @param notes           how the inputs were read, where people must know it: partial plans, files read fail-closed,
 *                        rename detection that gave up, where the environment came from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RiskAssessment(
        ChangeFingerprint fingerprint,
        String base,
        String head,
        String environment,
        RiskTier tier,
        int blastRadius,
        BlastRadius blastRadiusFactors,
        List<RiskReason> reasons,
        ChangeSummary summary,
        DependentImpact dependents,
        Provenance provenance,
        ChangeSource effectiveSource,
        String agentId,
        String policy,
        Instant assessedAt,
        List<ChangeCategory> touches,
        List<Instant> commitTimes,
        List<InputNote> notes) {

    public RiskAssessment {
        reasons = List.copyOf(reasons);
        touches = touches == null ? List.of() : List.copyOf(touches);
        commitTimes = commitTimes == null ? List.of() : List.copyOf(commitTimes);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** An assessment that records no touched kinds, no commit times and no notes. */
    public RiskAssessment(ChangeFingerprint fingerprint, String base, String head, String environment, RiskTier tier, int blastRadius,
            BlastRadius blastRadiusFactors, List<RiskReason> reasons, ChangeSummary summary, DependentImpact dependents, Provenance provenance,
            ChangeSource effectiveSource, String agentId, String policy, Instant assessedAt) {
        this(fingerprint, base, head, environment, tier, blastRadius, blastRadiusFactors, reasons, summary, dependents, provenance,
                effectiveSource, agentId, policy, assessedAt, List.of(), List.of(), List.of());
    }

    /** An assessment without notes. */
    public RiskAssessment(ChangeFingerprint fingerprint, String base, String head, String environment, RiskTier tier, int blastRadius,
            BlastRadius blastRadiusFactors, List<RiskReason> reasons, ChangeSummary summary, DependentImpact dependents, Provenance provenance,
            ChangeSource effectiveSource, String agentId, String policy, Instant assessedAt, List<ChangeCategory> touches,
            List<Instant> commitTimes) {
        this(fingerprint, base, head, environment, tier, blastRadius, blastRadiusFactors, reasons, summary, dependents, provenance,
                effectiveSource, agentId, policy, assessedAt, touches, commitTimes, List.of());
    }
}
