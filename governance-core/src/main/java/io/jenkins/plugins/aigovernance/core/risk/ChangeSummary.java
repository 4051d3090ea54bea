package io.jenkins.plugins.aigovernance.core.risk;

/**
 * Size of a change as the score saw it.
 *
 * @param destroyed stateful or networking resources deleted or replaced
 */
public record ChangeSummary(int files, long linesAdded, long linesDeleted, int resources, int destroyed, int commits) {
}
