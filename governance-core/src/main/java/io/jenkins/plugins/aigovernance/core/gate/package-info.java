/**
 * The change as every gate sees it: {@link io.jenkins.plugins.aigovernance.core.gate.ChangeContext} (change set,
 * fingerprint, provenance, policy in force, target environment, branch, resource graph).
 */
package io.jenkins.plugins.aigovernance.core.gate;
