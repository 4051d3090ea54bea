package io.jenkins.plugins.aigovernance.credentials;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.aigovernance.core.audit.DeploymentTrigger;
import io.jenkins.plugins.aigovernance.model.AuditTrail;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Wraps the callback of a {@code withAiCredentials} block that had the apply credentials bound: when
 * the block ends successfully, records {@code deployment-done} (engine: {@code ChangeEvents.deploymentDone},
 * at most once per build and change) before handing over to {@code next}, which unbinds. When the
 * event cannot be appended the step fails (a deployment that is not on the record must not pass).
 * The append is one forced write to the controller's log, done on the thread that reports the end.
 */
final class ApplyCompletion extends BodyExecutionCallback {

    private static final long serialVersionUID = 1L;

    private final BodyExecutionCallback next;

    ApplyCompletion(BodyExecutionCallback next) {
        this.next = next;
    }

    @Override
    public void onStart(StepContext context) {
        next.onStart(context);
    }

    @Override
    public void onSuccess(StepContext context, Object result) {
        try {
            AuditTrail.deploymentDone(
                    context.get(Run.class),
                    context.get(TaskListener.class),
                    context.get(FilePath.class),
                    DeploymentTrigger.APPLY,
                    null,
                    null);
        } catch (Exception e) {
            next.onFailure(context, e);
            return;
        }
        next.onSuccess(context, result);
    }

    @Override
    public void onFailure(StepContext context, Throwable t) {
        next.onFailure(context, t);
    }
}
