package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import java.io.Serializable;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What the engine answered on the agent, as JSON text (engine records are not {@link Serializable}).
 * Only crosses the remoting channel; the build keeps the JSON text.
 *
 * @param riskJson          the {@code RiskAssessment}
 * @param requirementJson   the {@code ApprovalRequirement} the change will need, or {@code null}
 *                          when the policy cannot say (an approval gate then fails closed)
 * @param requirementError  why there is no requirement, or {@code null}
 * @param changedResources  what an approval notice lists (the engine's wording), at most 20
 * @param moreResources     how many were left out of {@code changedResources}
 * @param notificationsJson the policy's {@code notifications:} section
 */
@Restricted(NoExternalUse.class)
public record AnalysisResult(
        String riskJson,
        @CheckForNull String requirementJson,
        @CheckForNull String requirementError,
        List<String> changedResources,
        int moreResources,
        String notificationsJson)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public AnalysisResult {
        changedResources = List.copyOf(changedResources);
    }

    /** The risk assessment as the engine's record. */
    public RiskAssessment risk() {
        return Documents.read(riskJson, RiskAssessment.class);
    }

    /** The approval requirement as the engine's record, or {@code null}. */
    @CheckForNull
    public ApprovalRequirement requirement() {
        return requirementJson == null ? null : Documents.read(requirementJson, ApprovalRequirement.class);
    }
}
