package io.jenkins.plugins.aigovernance.core.audit;

import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import java.util.Set;

/**
 * The one rule every audit query and metric applies to the change source the trail recorded: it
 * fails closed. A source that is missing (an event appended without one) is {@link ChangeSource#UNKNOWN};
 * unknown counts as AI, and is shown as {@code unknown}, never as human. So {@code query --ai},
 * {@code --source unknown}, the AI change counts and the per-agent figures all include such changes.
 */
public final class RecordedSource {

    /** The sources that count as AI: ai-agent, ai-assisted and unknown. */
    public static final Set<ChangeSource> AI = Set.of(ChangeSource.AI_AGENT, ChangeSource.AI_ASSISTED, ChangeSource.UNKNOWN);

    private RecordedSource() {
    }

    /** The recorded source, {@code unknown} when none was recorded. */
    public static ChangeSource of(ChangeSource recorded) {
        return recorded == null ? ChangeSource.UNKNOWN : recorded;
    }

    /** Whether a change with this recorded source counts as AI: anything but a recorded {@code human}. */
    public static boolean countsAsAi(ChangeSource recorded) {
        return of(recorded) != ChangeSource.HUMAN;
    }
}
