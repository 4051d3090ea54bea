package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * A branch naming pattern that marks a change as made by an agent ({@code copilot/**} → {@code copilot}).
 *
 * @param pattern name glob over the branch name (without {@code refs/heads/})
 * @param agent   the agent id to report
 */
public record AgentBranch(String pattern, String agent) {

    void validate(PolicyValidation v, String at) {
        if (v.require(at + "/pattern", pattern, "pattern")) {
            v.compile(at + "/pattern", pattern, Glob::name);
        }
        v.require(at + "/agent", agent, "agent");
    }
}
