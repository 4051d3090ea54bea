package io.jenkins.plugins.aigovernance.core.approval;

/**
 * One slot of a requirement: {@code count} distinct people who held {@code group} when they approved.
 *
 * @param group group or role name (compared ignoring case)
 * @param count distinct people needed from it
 */
public record ApprovalSlot(String group, int count) {

    public ApprovalSlot {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("slot group is required");
        }
        if (count < 1) {
            throw new IllegalArgumentException("slot count must be at least 1");
        }
    }
}
