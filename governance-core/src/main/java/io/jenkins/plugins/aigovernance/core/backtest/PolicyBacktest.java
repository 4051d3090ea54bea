package io.jenkins.plugins.aigovernance.core.backtest;

import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirement;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalRequirements;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalSlot;
import io.jenkins.plugins.aigovernance.core.change.ChangeSet;
import io.jenkins.plugins.aigovernance.core.change.FirstParentLinks;
import io.jenkins.plugins.aigovernance.core.change.GitChangeReader;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskReason;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Replays a policy (and optionally a second one) over a repository's history, for "start
 * permissive, tighten on what you observe": the first-parent chain from a revision back to a time,
 * each commit judged as the change from its first parent (a merge with everything it merged), by
 * the same engine as the pipeline ({@link GovernanceEngine#analyze(Repository, ChangeSet, GovernancePolicy, String, String)},
 * {@link RiskScorer}, {@link ApprovalRequirements}). Root commits have no change to judge and are not counted.
 *
 * <p>Streams: one change is read, judged and counted at a time; what is kept is counters (per tier,
 * rule, ISO week and group) and at most {@value #MAX_EXAMPLES} examples, so memory does not grow with
 * the history. Weeks are ISO weeks of the commit time in UTC; approvals per week are the slots the
 * requirement would have opened (a slot of 2 from a group counts 2).
 */
public final class PolicyBacktest {

    static final int MAX_EXAMPLES = 20;

    private final GovernanceEngine engine;
    private final Clock clock;

    public PolicyBacktest(GovernanceEngine engine) {
        this.engine = engine;
        this.clock = engine.clock();
    }

    /**
     * @param head        where the first-parent walk starts ({@code HEAD})
     * @param since       the earliest commit time to replay
     * @param policy      the policy to replay
     * @param compare     a second policy to replay beside it, or {@code null}
     * @param environment the target environment of every change, or {@code null} (read from each change, else production)
     * @throws InvalidInputException naming {@code head} when it does not resolve
     */
    public BacktestReport run(Repository repo, String head, Instant since, GovernancePolicy policy, GovernancePolicy compare, String environment) {
        ObjectId start = GitChangeReader.resolve(repo, head);
        Tally main = new Tally(policy, clock);
        Tally other = compare == null ? null : new Tally(compare, clock);
        Map<String, Integer> moved = new TreeMap<>();
        List<BacktestReport.Moved> examples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int changes = 0;
        int skippedCount = 0;
        FirstParentLinks links = new FirstParentLinks();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(start));
            for (RevCommit c : walk) {
                Instant at = Instant.ofEpochSecond(c.getCommitTime());
                if (at.isBefore(since)) {
                    break; // first-parent history is walked newest first
                }
                if (c.getParentCount() == 0) {
                    continue;
                }
                ChangeSet change;
                try {
                    change = GitChangeReader.readFromFirstParent(repo, c, links);
                } catch (InvalidInputException e) {
                    skippedCount++;
                    if (skipped.size() < MAX_EXAMPLES) {
                        skipped.add(c.name().substring(0, 12) + ": " + e.getMessage());
                    }
                    continue;
                }
                changes++;
                String week = week(at);
                RiskTier tier = main.add(repo, change, environment, week);
                if (other != null) {
                    RiskTier was = other.add(repo, change, environment, week);
                    if (was != tier) {
                        moved.merge(was + "→" + tier, 1, Integer::sum);
                        if (examples.size() < MAX_EXAMPLES) {
                            examples.add(new BacktestReport.Moved(c.name().substring(0, 12), c.getShortMessage(), was.name(), tier.name()));
                        }
                    }
                }
                walk.parseBody(c);
            }
        } catch (IOException e) {
            throw new InvalidInputException(head, "cannot walk the history: " + e.getMessage(), e);
        }
        if (skippedCount > skipped.size()) {
            skipped.add("… and " + (skippedCount - skipped.size()) + " more");
        }
        return new BacktestReport(since, changes, skipped, main.outcome(), other == null ? null : other.outcome(), moved, examples);
    }

    /** ISO week of an instant in UTC, {@code 2026-W09}. */
    static String week(Instant at) {
        var d = at.atZone(ZoneOffset.UTC).toLocalDate();
        return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** One policy's counters. */
    private final class Tally {
        final GovernancePolicy policy;
        final RiskScorer scorer;
        final EnumMap<RiskTier, Integer> tiers = new EnumMap<>(RiskTier.class);
        final Map<String, Integer> rules = new HashMap<>();
        final TreeMap<String, Map<String, Integer>> weeks = new TreeMap<>();
        int ai;
        int unknown;
        int needing;

        Tally(GovernancePolicy policy, Clock clock) {
            this.policy = policy;
            this.scorer = new RiskScorer(policy, clock);
            for (RiskTier t : RiskTier.values()) {
                tiers.put(t, 0);
            }
        }

        RiskTier add(Repository repo, ChangeSet change, String environment, String week) {
            ChangeContext ctx = engine.analyze(repo, change, policy, environment, null);
            RiskAssessment risk = scorer.score(ctx);
            tiers.merge(risk.tier(), 1, Integer::sum);
            ChangeSource s = ctx.provenance().source();
            if (s.isAi()) {
                ai++;
            } else if (s == ChangeSource.UNKNOWN) {
                unknown++;
            }
            Set<String> fired = new HashSet<>();
            for (RiskReason r : risk.reasons()) {
                fired.add(r.rule());
            }
            fired.forEach(r -> rules.merge(r, 1, Integer::sum));
            ApprovalRequirement req = ApprovalRequirements.forChange(ctx, risk, null);
            if (req.needsPeople()) {
                needing++;
                Map<String, Integer> groups = weeks.computeIfAbsent(week, w -> new TreeMap<>());
                for (ApprovalSlot slot : req.slots()) {
                    groups.merge(slot.group(), slot.count(), Integer::sum);
                }
            }
            return risk.tier();
        }

        BacktestReport.Outcome outcome() {
            Map<String, Integer> t = new LinkedHashMap<>();
            tiers.forEach((k, v) -> t.put(k.name(), v));
            Map<String, Integer> r = new LinkedHashMap<>();
            rules.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> r.put(e.getKey(), e.getValue()));
            Map<String, Map<String, Integer>> w = new LinkedHashMap<>();
            weeks.forEach((k, v) -> w.put(k, Map.copyOf(v)));
            return new BacktestReport.Outcome(policy.versionLabel(), t, ai, unknown, needing, w, r);
        }
    }
}
