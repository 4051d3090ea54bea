package io.jenkins.plugins.aigovernance.questions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.question.Respondent;
import io.jenkins.plugins.aigovernance.engine.JenkinsIdentities;
import io.jenkins.plugins.aigovernance.engine.JenkinsPerson;
import io.jenkins.plugins.aigovernance.model.GovernanceRunAction;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStep;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One blocking question over the standard Pipeline {@code input} (pipeline-input-step): each round
 * starts an {@link InputStep} in the asking step's context (so the input page, the REST endpoints
 * {@code …/input/<id>/proceed|abort}, Blue Ocean and Pipeline Graph View show it); its answer comes
 * back here instead of ending the step, goes to the {@link Asker} (which has the engine judge it), a
 * refused answer is printed and recorded on the build's AI Governance trail, and the question asks
 * again until the asker settles it, someone aborts the input, or the question expires
 * ({@code jenkins.util.Timer}, never a held thread).
 *
 * <p><b>Persistence.</b> The question is a field of its step execution, so it is saved with the
 * Pipeline program ({@code StepContext.saveState()} after every answer, and at shutdown); everything
 * it keeps is plain values, the pending {@link InputStepExecution} and the asker. After a restart
 * {@link #onResume} registers the pending input in the build's {@link InputAction} again (the action
 * finds inputs only among Pipeline's top-level running steps, and this one is nested) and schedules
 * the expiry from the persisted instant. An answer counted before the restart stays counted: the
 * asker keeps its counted answers in its own persisted fields.
 */
@Restricted(NoExternalUse.class)
public final class BlockingQuestion implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(BlockingQuestion.class.getName());
    /** How long an answer waits for the program to be saved before the request returns anyway. */
    private static final long SAVE_SECONDS = 30;

    private final StepContext context;
    private final Asker asker;
    /** When the question expires (epoch milliseconds), or 0 for never. */
    private final long expiresAtMillis;

    private int round;
    private InputStepExecution current;
    private boolean settled;
    private transient ScheduledFuture<?> expiry;

    /**
     * @param context   the asking step's context (run, listener, flow node)
     * @param asker     the asking step's execution
     * @param expiresAt when the question expires, or {@code null} for never
     */
    public BlockingQuestion(@NonNull StepContext context, @NonNull Asker asker, @CheckForNull Instant expiresAt) {
        this.context = context;
        this.asker = asker;
        this.expiresAtMillis = expiresAt == null ? 0 : Math.max(1, expiresAt.toEpochMilli());
    }

    /** The Jenkins user behind the current request as the engine's respondent, or {@code null} (anonymous, system). */
    @CheckForNull
    public static Respondent respondent(@CheckForNull JenkinsPerson person) {
        return person == null ? null : new Respondent(person.getId(), person.getDisplayName(), person.getGroups());
    }

    /** Asks the first round. */
    public synchronized void open() throws Exception {
        ask();
        scheduleExpiry();
    }

    /** Whether the question was settled, aborted, expired or stopped. */
    public synchronized boolean isSettled() {
        return settled;
    }

    /** The round being asked (1 for the first), for {@code getStatus()}. */
    public synchronized int getRound() {
        return round;
    }

    private void ask() throws Exception {
        round++;
        InputStep input = asker.prompt(round);
        StepExecution execution = input.start(new AnswerContext(context, this, round));
        current = (InputStepExecution) execution;
        execution.start();
    }

    /** An answer of round {@code answeredRound} (the input's {@code onSuccess}), in the request thread of who answered. */
    void answered(int answeredRound, @Nullable Object value) {
        synchronized (this) {
            if (settled || answeredRound != round) {
                return;
            }
            current = null;
            try {
                JenkinsPerson who = new JenkinsIdentities(AiGovernanceConfiguration.get()).current();
                Ruling ruling = asker.answered(who, value);
                if (ruling.refusalLine() != null) {
                    record(ruling);
                }
                if (ruling.isSettled()) {
                    settle();
                } else {
                    ask();
                }
            } catch (Exception e) {
                fail(e);
            }
        }
        persist();
    }

    private void record(Ruling ruling) throws Exception {
        context.get(TaskListener.class).getLogger().println(ruling.refusalLine());
        GovernanceRunAction.of(context.get(Run.class)).add(ruling.refusalRecord());
    }

    /** The input of round {@code failedRound} ended without an answer: aborted by a person, or stopped. */
    void inputFailed(int failedRound, @NonNull Throwable cause) {
        synchronized (this) {
            if (settled || failedRound != round) {
                return;
            }
            current = null;
            settle();
            try {
                asker.aborted(new JenkinsIdentities(AiGovernanceConfiguration.get()).current(), cause);
            } catch (Exception e) {
                e.addSuppressed(cause);
                context.onFailure(e);
            }
        }
        persist();
    }

    private void settle() {
        settled = true;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    /** Something went wrong while judging: the step fails (closed), the pending input goes away. */
    private void fail(Exception e) {
        settle();
        stopInput(e);
        context.onFailure(e);
    }

    private void stopInput(Throwable cause) {
        InputStepExecution c = current;
        current = null;
        if (c != null) {
            try {
                c.stop(cause);
            } catch (Exception x) {
                LOGGER.log(Level.WARNING, "cannot stop the pending input", x);
            }
        }
    }

    /**
     * Saves the Pipeline program (and so this question and its asker) after an answer, waiting up to
     * {@value #SAVE_SECONDS} s, outside the lock: the program is written on the CPS VM thread.
     */
    private void persist() {
        try {
            context.saveState().get(SAVE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "cannot save the program after an answer", e);
        }
    }

    private void scheduleExpiry() {
        if (expiresAtMillis == 0 || settled) {
            return;
        }
        long delay = Math.max(0, expiresAtMillis - System.currentTimeMillis());
        expiry = Timer.get().schedule(this::expire, delay, TimeUnit.MILLISECONDS);
    }

    /** The question's time is up (timer thread): the asker (the engine) says whether it expired. */
    private void expire() {
        synchronized (this) {
            if (settled) {
                return;
            }
            try {
                String why = System.currentTimeMillis() < expiresAtMillis ? null : asker.expired();
                if (why == null) {
                    scheduleExpiry();
                    return;
                }
                settle();
                context.get(TaskListener.class).getLogger().println(why);
                stopInput(new AbortException(why));
                asker.onExpiry(why);
            } catch (Exception e) {
                fail(e);
            }
        }
        persist();
    }

    /** The asking step was stopped (build aborted, Pipeline {@code timeout}): no more asking. */
    public synchronized void stop(@NonNull Throwable cause) {
        settle();
        stopInput(cause);
    }

    /** After a controller restart: registers the pending input again and schedules the expiry. */
    public synchronized void onResume() {
        if (settled) {
            return;
        }
        try {
            if (current != null) {
                Run<?, ?> run = context.get(Run.class);
                InputAction inputs = run.getAction(InputAction.class);
                if (inputs == null) {
                    inputs = new InputAction();
                    run.addAction(inputs);
                }
                inputs.remove(current);
                inputs.add(current);
            }
            scheduleExpiry();
        } catch (Exception e) {
            fail(e);
        }
    }
}
