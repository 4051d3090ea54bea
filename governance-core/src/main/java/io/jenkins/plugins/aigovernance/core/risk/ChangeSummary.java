package io.jenkins.plugins.aigovernance.core.risk;

/**
 * Size of a change as the score saw it.
 *
 * @param resources                  resources the change creates, updates, replaces, deletes or forgets
 * @param destroyed                  resources deleted or replaced (every destroy; a forget is not one)
 * @param destroyedStatefulOrNetwork the part of {@code destroyed} that is stateful or shared networking (the blast
 *                                   radius's destructive factor counts these)
 */
public record ChangeSummary(int files, long linesAdded, long linesDeleted, int resources, int destroyed, int commits,
        int destroyedStatefulOrNetwork) {

    /** A summary where every destroy is stateful or networking. */
    public ChangeSummary(int files, long linesAdded, long linesDeleted, int resources, int destroyed, int commits) {
        this(files, linesAdded, linesDeleted, resources, destroyed, commits, destroyed);
    }
}
