package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One commit of a change (reachable from head, not from base). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitInfo(
        String id,
        String authorName,
        String authorEmail,
        String committerName,
        String committerEmail,
        Instant authorTime,
        String message,
        int parentCount) {
}
