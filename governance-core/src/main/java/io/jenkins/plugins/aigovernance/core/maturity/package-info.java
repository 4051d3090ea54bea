/**
 * The maturity scorecard: how far a team has come along the governance framework's four levels
 * (classified, gated, verified, accountable), graded from the policy and the audit trail by
 * {@link io.jenkins.plugins.aigovernance.core.maturity.MaturityAssessor}; docs/maturity.md defines every criterion.
 */
package io.jenkins.plugins.aigovernance.core.maturity;
