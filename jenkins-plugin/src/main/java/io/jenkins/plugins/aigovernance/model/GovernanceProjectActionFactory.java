package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Shows {@link GovernanceProjectAction} on jobs whose last build (or last completed build) was
 * governed. Unlike {@code SimpleBuildStep.LastBuildAction}, this also works when the last builds
 * were stopped by a gate, which is when the trends matter most.
 */
@Restricted(NoExternalUse.class)
@Extension
public class GovernanceProjectActionFactory extends TransientActionFactory<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull Job target) {
        Job<?, ?> job = target;
        return governed(job.getLastBuild()) || governed(job.getLastCompletedBuild())
                ? List.of(new GovernanceProjectAction(job))
                : List.of();
    }

    private static boolean governed(Run<?, ?> run) {
        return run != null && run.getAction(GovernanceRunAction.class) != null;
    }
}
