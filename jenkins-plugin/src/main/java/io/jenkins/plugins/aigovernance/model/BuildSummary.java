package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One build's governance figures for the project trends.
 *
 * @param build          build number
 * @param tier           risk tier, or {@code null} when the build scored no change
 * @param aiChange       whether the change was made by or with an AI (effective source other than human)
 * @param blocked        whether a gate stopped it
 * @param approvalMillis time from the approval request to its decision, or {@code -1}
 * @param canary         whether a canary ran
 * @param rolledBack     whether the canary rolled back
 */
@Restricted(NoExternalUse.class)
public record BuildSummary(
        int build,
        @CheckForNull String tier,
        boolean aiChange,
        boolean blocked,
        long approvalMillis,
        boolean canary,
        boolean rolledBack) {}
