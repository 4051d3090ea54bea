package io.jenkins.plugins.aigovernance.core.risk;

import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.util.List;

/**
 * Why a change got (at least) a tier: the rule, and the paths or resource addresses it matched.
 *
 * @param rule     the rule id ({@code default} for unclassified files, {@code dependents} for the service graph)
 * @param subjects up to {@link #MAX_SUBJECTS} matched paths or addresses
 * @param count    how many subjects matched in all
 */
public record RiskReason(String rule, RiskTier tier, String message, List<String> subjects, int count) {

    /** Subjects listed per reason at most. */
    public static final int MAX_SUBJECTS = 10;

    public RiskReason {
        subjects = List.copyOf(subjects);
    }
}
