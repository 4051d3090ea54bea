package io.jenkins.plugins.aigovernance.engine;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.aigovernance.core.GovernanceEngine;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import jenkins.MasterToSlaveFileCallable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Reads the change in the workspace again, where the workspace is, and returns its fingerprint (the
 * engine's fingerprint-only read: no policy, provenance or scoring): what is about to be applied must be
 * what was approved.
 */
@Restricted(NoExternalUse.class)
public final class CurrentFingerprint extends MasterToSlaveFileCallable<String> {

    private static final long serialVersionUID = 1L;

    private final ChangeInputs inputs;

    public CurrentFingerprint(ChangeInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public String invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        return new GovernanceEngine(Clock.systemUTC())
                .fingerprint(inputs.toRequest(dir.toPath()))
                .value();
    }
}
