/**
 * The one identity model ({@link io.jenkins.plugins.aigovernance.core.identity.Identity}: normalised id, emails,
 * display names, UTS #39 skeletons) and the catalogue of AI agents, read from {@code ai-agents.yml}.
 */
package io.jenkins.plugins.aigovernance.core.identity;
