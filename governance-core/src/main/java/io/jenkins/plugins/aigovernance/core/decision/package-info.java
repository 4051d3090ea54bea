/**
 * Who may decide what, and whether a change may be applied: the owners who may override a soft-mandatory
 * scope rule, who may decide a paused canary ({@link io.jenkins.plugins.aigovernance.core.decision.DecisionOwners}), and the
 * apply check behind apply credentials and tokens ({@link io.jenkins.plugins.aigovernance.core.decision.ApplyCheck}).
 */
package io.jenkins.plugins.aigovernance.core.decision;
