package io.jenkins.plugins.aigovernance.core.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.List;

/**
 * Who made a change, with the evidence.
 *
 * @param source      the strongest AI involvement over all commits (unknown ranks above human)
 * @param agentId     the AI agent or assistant id when known ({@code claude-code}, {@code copilot}), else {@code null}
 * @param aiLineShare share of added lines attributed to AI (0..1) when a record says so, else {@code null}
 * @param evidence    short, human-readable reasons ("Co-authored-by: Claude <noreply@anthropic.com> in 3f2a1c0")
 * @param requesters  people who asked an agent for the change (its human co-authors or requesters)
 * @param commits     per-commit provenance, newest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        ChangeSource source,
        String agentId,
        Double aiLineShare,
        List<String> evidence,
        List<String> requesters,
        List<CommitProvenance> commits) {

    public Provenance {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        requesters = requesters == null ? List.of() : List.copyOf(requesters);
        commits = commits == null ? List.of() : List.copyOf(commits);
    }

    /** Provenance of a change with no commits to inspect (e.g. a plan alone): unknown. */
    public static Provenance unknown(String why) {
        return new Provenance(ChangeSource.UNKNOWN, null, null, List.of(why), List.of(), List.of());
    }
}
