package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * One slot of an approval requirement: {@code count} distinct people from {@code group}.
 *
 * @param group a group or role name as the identity system reports it (compared ignoring case)
 * @param count how many distinct people from it (default 1)
 */
public record ApproverSlot(String group, Integer count) {

    /** Most people one slot may ask for. */
    static final int MAX_COUNT = 20;

    public ApproverSlot {
        count = count == null ? 1 : count;
    }

    void validate(PolicyValidation v, String at) {
        v.require(at + "/group", group, "group");
        if (count < 1 || count > MAX_COUNT) {
            v.error(at + "/count", "count must be between 1 and " + MAX_COUNT + ", not " + count);
        }
    }
}
