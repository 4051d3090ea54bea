package io.jenkins.plugins.aigovernance.core.approval;

import java.util.List;

/**
 * A slot still short of people.
 *
 * @param group    who may fill it: members of this group
 * @param missing  how many more distinct people it needs
 * @param notFrom  people who may not fill it even though they might be members (authors, initiator, AI identities…), plus those already counted
 */
public record OpenSlot(String group, int missing, List<String> notFrom) {
    public OpenSlot {
        notFrom = List.copyOf(notFrom);
    }
}
