package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Where a notification endpoint's secret comes from. The policy's {@code notifications.endpoints}
 * name environment variables for their webhook URL ({@code urlEnv}) and authorization header
 * ({@code authorizationEnv}), because webhook URLs are secrets; on Jenkins each such variable is
 * read from a secret text credential named here.
 */
public class NotificationEndpoint implements Describable<NotificationEndpoint> {

    private final String variable;
    private final String credentialsId;

    @DataBoundConstructor
    public NotificationEndpoint(String variable, String credentialsId) {
        this.variable = Util.fixNull(variable).trim();
        this.credentialsId = Util.fixNull(credentialsId).trim();
    }

    /** The environment variable the policy names ({@code SLACK_APPROVALS_URL}). */
    public String getVariable() {
        return variable;
    }

    /** The secret text credential holding its value. */
    public String getCredentialsId() {
        return credentialsId;
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

        /** The secret texts builds can read (the webhook URL or token the notification sends). */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return CredentialsChoices.forBuildsOfController(credentialsId, CredentialsChoices.SECRET_TEXT);
        }

        /** A variable name as shells write them. */
        @POST
        public FormValidation doCheckVariable(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.MANAGE);
            String v = Util.fixEmptyAndTrim(value);
            if (v == null || !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return FormValidation.error(Messages.NotificationEndpoint_Variable());
            }
            return FormValidation.ok();
        }
    }
}
