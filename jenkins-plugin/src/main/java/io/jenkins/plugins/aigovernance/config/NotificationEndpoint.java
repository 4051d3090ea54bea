package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A webhook told when a change waits for approval (Slack/Teams incoming webhooks or any HTTP
 * endpoint taking the engine's JSON notice). An optional secret-text credential signs the body.
 */
public class NotificationEndpoint extends AbstractDescribableImpl<NotificationEndpoint> {

    private final String name;
    private final String url;
    private String credentialsId;

    @DataBoundConstructor
    public NotificationEndpoint(String name, String url) {
        this.name = Util.fixNull(name).trim();
        this.url = Util.fixNull(url).trim();
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** Descriptor. */
    @Extension
    @Symbol("notificationEndpoint")
    public static class DescriptorImpl extends Descriptor<NotificationEndpoint> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.NotificationEndpoint_DisplayName();
        }

        /** Only http(s) URLs. */
        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.MANAGE);
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.error(Messages.NotificationEndpoint_UrlRequired());
            }
            return v.startsWith("https://") || v.startsWith("http://") ? FormValidation.ok()
                    : FormValidation.error(Messages.AiGovernanceConfiguration_HttpUrl());
        }
    }
}
