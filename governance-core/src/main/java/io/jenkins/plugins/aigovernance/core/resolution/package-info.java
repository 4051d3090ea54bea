/**
 * Which policy judges a change, and where a canary template comes from: the resolution chain
 * ({@link io.jenkins.plugins.aigovernance.core.resolution.PolicyChain}) the CLI and the Jenkins plugin both hand to the engine,
 * resolved once per change at its base revision ({@link io.jenkins.plugins.aigovernance.core.resolution.PolicyResolver}).
 */
package io.jenkins.plugins.aigovernance.core.resolution;
