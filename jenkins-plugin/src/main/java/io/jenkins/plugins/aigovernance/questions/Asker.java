package io.jenkins.plugins.aigovernance.questions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import java.io.Serializable;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The step execution behind a {@link BlockingQuestion}: it says what to ask and has the engine judge
 * each answer. Kept in Pipeline program state with the question, so it must be serializable; every
 * method is called with the question's lock held, on the thread of the person who answered (the
 * {@code input} request), of the timer, or of Pipeline.
 */
@Restricted(NoExternalUse.class)
public interface Asker extends Serializable {

    /**
     * The standard {@code input} of round {@code round} (1 for the first): message, id, submitters
     * (the security realm's names of who may answer), parameters.
     */
    @NonNull
    InputStep prompt(int round) throws Exception;

    /**
     * Hands one answer to the engine.
     *
     * @param who   who answered, or {@code null} for an anonymous or system answer
     * @param value what the {@code input} returned: a map, a bare value or {@code null}
     */
    @NonNull
    Ruling answered(@CheckForNull JenkinsPerson who, @CheckForNull Object value) throws Exception;

    /**
     * The question's time is up: whether it really expired (the engine's word; {@code null} when it
     * did not, and the question waits on), and why, for the log and the stopped input.
     */
    @CheckForNull
    default String expired() throws Exception {
        return null;
    }

    /** After {@link #expired} said why: end the step (the pending input is already stopped). */
    default void onExpiry(@NonNull String why) throws Exception {}

    /**
     * Someone pressed the input's abort button (or a Pipeline {@code input} abort ended it).
     *
     * @param who   who aborted, or {@code null}
     * @param cause the input's failure ({@code FlowInterruptedException})
     */
    void aborted(@CheckForNull JenkinsPerson who, @NonNull Throwable cause) throws Exception;
}
