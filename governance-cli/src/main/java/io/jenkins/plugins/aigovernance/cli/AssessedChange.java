package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;

/** A change read by the engine and scored: what {@code risk}, {@code scope} and {@code approval} start from. */
record AssessedChange(ChangeContext context, RiskAssessment risk) {
}
