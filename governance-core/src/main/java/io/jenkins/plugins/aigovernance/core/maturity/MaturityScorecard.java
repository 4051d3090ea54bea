package io.jenkins.plugins.aigovernance.core.maturity;

import java.time.Instant;
import java.util.List;

/**
 * A team graded against the framework's four levels (docs/maturity.md).
 *
 * @param from       start of the window graded (inclusive)
 * @param to         end of the window (exclusive)
 * @param policy     the policy's version label
 * @param auditStore where the trail was read ({@link io.jenkins.plugins.aigovernance.core.audit.AuditStore#location()})
 * @param events     events read in the window
 * @param level      the highest level whose criteria, and those of every level below, all passed; 0 when level 1 is not reached
 * @param levelName  the name of {@code level} ({@link #LEVELS}; {@code none} for 0)
 * @param criteria   every criterion, by level then in the documented order
 */
public record MaturityScorecard(Instant from, Instant to, String policy, String auditStore, long events, int level, String levelName,
        List<MaturityCriterion> criteria) {

    /** The levels' names, level 1 first. */
    public static final List<String> LEVELS = List.of("classified", "gated", "verified", "accountable");

    public MaturityScorecard {
        criteria = List.copyOf(criteria);
    }

    /** The scorecard of these criteria: its level is computed from them (unknown never passes). */
    public static MaturityScorecard of(Instant from, Instant to, String policy, String auditStore, long events, List<MaturityCriterion> criteria) {
        int level = 0;
        for (int l = 1; l <= LEVELS.size(); l++) {
            final int at = l;
            if (criteria.stream().noneMatch(c -> c.level() == at) || !criteria.stream().filter(c -> c.level() == at).allMatch(MaturityCriterion::passed)) {
                break;
            }
            level = l;
        }
        return new MaturityScorecard(from, to, policy, auditStore, events, level, level == 0 ? "none" : LEVELS.get(level - 1), criteria);
    }

    /** The criteria that keep the team from the next level (empty at level 4). */
    public List<MaturityCriterion> blocking() {
        return criteria.stream().filter(c -> c.level() == level + 1 && !c.passed()).toList();
    }
}
