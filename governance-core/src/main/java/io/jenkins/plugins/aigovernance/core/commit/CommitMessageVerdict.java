package io.jenkins.plugins.aigovernance.core.commit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.util.List;

/**
 * What the {@code commit-msg} check decided about a commit being made.
 *
 * @param outcome     see {@link Outcome}
 * @param message     the message to commit (the input unchanged unless {@code outcome} is {@link Outcome#WRITTEN})
 * @param evidence    who made the change by the evidence outside the block (author, committer, trailers, branch)
 * @param agentId     the agent the evidence names, or {@code null}
 * @param tier        the engine's tier for the staged change, or {@code null} when not computed
 * @param blastRadius the engine's blast radius (0..100) for the staged change, or {@code null}
 * @param problems    why the block was refused (empty unless {@link Outcome#REFUSED})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitMessageVerdict(Outcome outcome, String message, ChangeSource evidence, String agentId, RiskTier tier, Integer blastRadius,
        List<String> problems) {

    /** The four outcomes. */
    public enum Outcome {
        /** No AI evidence and no block: the message is left alone. */
        HUMAN_UNTOUCHED,
        /** The message's block is complete and agrees with the evidence: left alone. */
        ACCEPTED,
        /** The block was appended, or its missing fields filled in. */
        WRITTEN,
        /** The block contradicts the evidence or cannot be read: the commit must not be made. */
        REFUSED
    }

    public CommitMessageVerdict {
        problems = List.copyOf(problems);
    }
}
