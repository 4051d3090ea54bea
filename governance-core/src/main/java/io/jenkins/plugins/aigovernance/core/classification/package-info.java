/**
 * The scales a change is classified on, shared by the policy and every gate: {@link
 * io.jenkins.plugins.aigovernance.core.classification.RiskTier} and {@link
 * io.jenkins.plugins.aigovernance.core.classification.ChangeSource}.
 */
package io.jenkins.plugins.aigovernance.core.classification;
