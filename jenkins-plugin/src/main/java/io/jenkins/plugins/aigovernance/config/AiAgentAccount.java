package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A Jenkins account an AI agent acts through (it starts builds or calls the REST API). Such an
 * account can never approve a change, whatever groups it holds.
 */
public class AiAgentAccount implements Describable<AiAgentAccount> {

    private final String userId;

    @DataBoundConstructor
    public AiAgentAccount(String userId) {
        this.userId = Util.fixNull(userId).trim();
    }

    public String getUserId() {
        return userId;
    }

    /** Descriptor. */
    @Extension
    @Symbol("aiAgentAccount")
    public static class DescriptorImpl extends Descriptor<AiAgentAccount> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AiAgentAccount_DisplayName();
        }
    }
}
