package io.jenkins.plugins.aigovernance.facade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;

/**
 * What the engine answered on the agent, as JSON text (engine records are not {@link Serializable}).
 *
 * @param riskJson        the {@code RiskAssessment}
 * @param requirementJson the {@code ApprovalRequirement} the change will need, or {@code null}
 *                        when the policy cannot say (the approval gate then fails closed)
 * @param requirementError why there is no requirement, or {@code null}
 */
public record AnalysisResult(String riskJson, @CheckForNull String requirementJson, @CheckForNull String requirementError)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
