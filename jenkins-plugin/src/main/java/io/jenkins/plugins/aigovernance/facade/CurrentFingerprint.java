package io.jenkins.plugins.aigovernance.facade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import jenkins.MasterToSlaveFileCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Reads the change in the workspace again, where the workspace is, and returns its fingerprint: what
 * is about to be applied must be what was approved.
 */
@Restricted(NoExternalUse.class)
public final class CurrentFingerprint extends MasterToSlaveFileCallable<String> {

    private static final long serialVersionUID = 1L;

    private final ChangeInputs inputs;
    private final String globalPolicy;

    public CurrentFingerprint(ChangeInputs inputs, @CheckForNull String globalPolicy) {
        this.inputs = inputs;
        this.globalPolicy = globalPolicy;
    }

    @Override
    public String invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        return ChangeAnalysis.analyze(new GovernanceEngine(Clock.systemUTC()), inputs, dir.toPath(), globalPolicy)
                .fingerprint()
                .value();
    }
}
