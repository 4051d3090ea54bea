/**
 * The engine's front door: {@link io.jenkins.plugins.aigovernance.core.GovernanceEngine} reads a {@link
 * io.jenkins.plugins.aigovernance.core.ChangeRequest} into the context every gate takes and runs the gates; no
 * other engine package depends on it.
 */
package io.jenkins.plugins.aigovernance.core;
