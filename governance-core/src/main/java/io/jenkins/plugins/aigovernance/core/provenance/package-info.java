/**
 * Who made a change (human, AI-assisted, AI agent, unknown), from author identities, trailers, agent branches,
 * {@code [AI-GOVERNANCE]} blocks, git-ai notes and Agent Trace records.
 */
package io.jenkins.plugins.aigovernance.core.provenance;
