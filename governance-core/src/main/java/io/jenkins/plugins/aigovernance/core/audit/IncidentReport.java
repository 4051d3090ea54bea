package io.jenkins.plugins.aigovernance.core.audit;

import java.time.Instant;
import java.util.List;

/**
 * "What changed, which AI agent proposed it, who approved it, what the blast radius was" for an
 * incident window: every change deployed or rolled back in {@code [from, until)}, newest first.
 *
 * @param from    window start (inclusive)
 * @param until   window end (exclusive)
 * @param changes the changes, newest deployment or rollback in the window first
 */
public record IncidentReport(Instant from, Instant until, List<IncidentChange> changes) {

    public IncidentReport {
        changes = List.copyOf(changes);
    }
}
