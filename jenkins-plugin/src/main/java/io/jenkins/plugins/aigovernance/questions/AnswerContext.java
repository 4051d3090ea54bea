package io.jenkins.plugins.aigovernance.questions;

import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.io.IOException;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The context a {@link BlockingQuestion} gives the standard {@code input} execution it starts for one
 * round of asking. Everything (run, listener, flow node) comes from the asking step's own context, so
 * the input is registered in the build's {@code InputAction} against the step's node, where the input
 * UI, the REST API ({@code …/input/<id>/proceed}), Blue Ocean and Pipeline Graph View find it; but the
 * answer goes back to the question, which hands it to the engine and asks again when it does not count.
 */
final class AnswerContext extends StepContext {

    private static final long serialVersionUID = 1L;

    private final StepContext step;
    private final BlockingQuestion question;
    private final int round;

    AnswerContext(StepContext step, BlockingQuestion question, int round) {
        this.step = step;
        this.question = question;
        this.round = round;
    }

    @Override
    public <T> T get(Class<T> key) throws IOException, InterruptedException {
        return step.get(key);
    }

    @Override
    public void onSuccess(@Nullable Object result) {
        question.answered(round, result);
    }

    @Override
    public void onFailure(@NonNull Throwable t) {
        question.inputFailed(round, t);
    }

    @Override
    public boolean isReady() {
        return step.isReady();
    }

    @Override
    public ListenableFuture<Void> saveState() {
        return step.saveState();
    }

    @Override
    public void setResult(Result r) {
        step.setResult(r);
    }

    @Override
    public BodyInvoker newBodyInvoker() throws IllegalStateException {
        throw new IllegalStateException("a blocking question's input has no body");
    }

    @Override
    public boolean hasBody() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnswerContext c && c.step.equals(step) && c.round == round;
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, round);
    }
}
