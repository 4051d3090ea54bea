package io.jenkins.plugins.aigovernance.core.approval;

import java.time.Instant;

/** One person's approval counted for one place of a slot. */
public record FilledSlot(String group, String approverId, String displayName, Instant at) {
}
