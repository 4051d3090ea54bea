package io.jenkins.plugins.aigovernance.steps;

import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.io.IOException;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The context an approval gate gives the standard {@code input} execution it starts for one round of
 * asking. Everything (run, listener, flow node) comes from the gate's own context, so the input is
 * registered in the build's {@code InputAction} against the gate's node, where the approval UI, the
 * REST API ({@code …/input/<id>/proceed}), Blue Ocean and Pipeline Graph View find it; but the
 * answer goes back to the gate, which judges it with the engine and asks again if it does not count.
 */
final class GateInputContext extends StepContext {

    private static final long serialVersionUID = 1L;

    /** Receives the input's outcome. */
    interface Answers extends java.io.Serializable {
        void answered(int round, @Nullable Object value);

        void inputFailed(int round, @NonNull Throwable cause);
    }

    private final StepContext gate;
    private final Answers answers;
    private final int round;

    GateInputContext(StepContext gate, Answers answers, int round) {
        this.gate = gate;
        this.answers = answers;
        this.round = round;
    }

    @Override
    public <T> T get(Class<T> key) throws IOException, InterruptedException {
        return gate.get(key);
    }

    @Override
    public void onSuccess(@Nullable Object result) {
        answers.answered(round, result);
    }

    @Override
    public void onFailure(@NonNull Throwable t) {
        answers.inputFailed(round, t);
    }

    @Override
    public boolean isReady() {
        return gate.isReady();
    }

    @Override
    public ListenableFuture<Void> saveState() {
        return gate.saveState();
    }

    @Override
    public void setResult(Result r) {
        gate.setResult(r);
    }

    @Override
    public BodyInvoker newBodyInvoker() throws IllegalStateException {
        throw new IllegalStateException("the approval input has no body");
    }

    @Override
    public boolean hasBody() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GateInputContext c && c.gate.equals(gate) && c.round == round;
    }

    @Override
    public int hashCode() {
        return Objects.hash(gate, round);
    }
}
