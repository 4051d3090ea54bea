package io.jenkins.plugins.aigovernance.core.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a policy would have done over a stretch of history.
 *
 * @param since    the earliest commit time replayed (inclusive)
 * @param changes  how many changes were replayed (first-parent commits; a merge counts once, with everything it merged)
 * @param skipped  changes that could not be read (with why, at most {@value PolicyBacktest#MAX_EXAMPLES}); they count nowhere else
 * @param policy   the replayed policy's outcome
 * @param compared the outcome under the {@code --compare} policy, or {@code null}
 * @param moved    per "OLD→NEW" tier pair (only pairs that differ), how many changes moved; empty without a comparison
 * @param examples up to {@value PolicyBacktest#MAX_EXAMPLES} changes whose tier moved, newest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BacktestReport(Instant since, int changes, List<String> skipped, Outcome policy, Outcome compared, Map<String, Integer> moved,
        List<Moved> examples) {

    public BacktestReport {
        skipped = List.copyOf(skipped);
        moved = Map.copyOf(moved);
        examples = List.copyOf(examples);
    }

    /**
     * One policy's outcome.
     *
     * @param label             the policy's label ({@code builtin@1}, {@code .ai-governance.yml@3f2a1c0d9e8b})
     * @param tiers             changes per tier, LOW to CRITICAL (every tier listed)
     * @param aiChanges         changes made by or with an AI agent (AI-assisted or AI agent; unknown provenance is not counted here)
     * @param unknownChanges    changes of unknown provenance
     * @param needingApproval   changes that would have needed people
     * @param approvalsByWeek   ISO week ({@code 2026-W09}) → group → approvals needed (slot counts), weeks in order
     * @param rules             rule id → changes it fired on, most first
     */
    public record Outcome(String label, Map<String, Integer> tiers, int aiChanges, int unknownChanges, int needingApproval,
            Map<String, Map<String, Integer>> approvalsByWeek, Map<String, Integer> rules) {
    }

    /** A change whose tier differs between the two policies. */
    public record Moved(String commit, String subject, String from, String to) {
    }
}
