package io.jenkins.plugins.aigovernance.config;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The credentials drop-down lists ({@code <c:select/>}) of the plugin's forms, built as the credentials
 * plugin's consumer guide ({@code docs/consumer.adoc}) prescribes: a user who may not configure the context
 * (the job: {@code Item.EXTENDED_READ} or {@code Credentials/UseItem}; the controller: {@code Jenkins.ADMINISTER})
 * sees only the value already saved; others see the empty choice, the matching credentials the context can
 * use, and the saved value even when its credentials were deleted (form validation reports that).
 */
@Restricted(NoExternalUse.class)
public final class CredentialsChoices {

    /** Prometheus: secret text (bearer token) or username with password (basic authentication). */
    public static final CredentialsMatcher PROMETHEUS = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));

    /** What {@code withAiCredentials} binds: secret text, username with password, secret file. */
    public static final CredentialsMatcher BINDABLE = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
            CredentialsMatchers.instanceOf(FileCredentials.class));

    /** The PostgreSQL audit store's login: username with password. */
    public static final CredentialsMatcher USERNAME_PASSWORD =
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class);

    /** Notification webhooks: secret text. */
    public static final CredentialsMatcher SECRET_TEXT = CredentialsMatchers.instanceOf(StringCredentials.class);

    /** The apply-token signing key: a secret file or secret text holding a PEM or JWK. */
    public static final CredentialsMatcher SIGNING_KEY = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(FileCredentials.class));

    private CredentialsChoices() {}

    /**
     * Choices for a field a job's builds use (a step's argument, in the Pipeline Syntax page of {@code item}),
     * listed as the job's builds would run ({@code Tasks.getAuthenticationOf2}); with no item, as
     * {@link #forBuildsOfController}.
     */
    @NonNull
    public static ListBoxModel forItem(
            @CheckForNull Item item, @CheckForNull String current, @NonNull CredentialsMatcher matcher) {
        if (item == null) {
            return forBuildsOfController(current, matcher);
        }
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(value);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(
                        item instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2,
                        item,
                        StandardCredentials.class,
                        List.of(),
                        matcher)
                .includeCurrentValue(value);
    }

    /**
     * Choices for a controller-wide setting that builds use (looked up in the build's context): the
     * controller's credentials except the System-scoped ones, which builds cannot see.
     */
    @NonNull
    public static ListBoxModel forBuildsOfController(
            @CheckForNull String current, @NonNull CredentialsMatcher matcher) {
        return forController(
                current,
                CredentialsMatchers.allOf(
                        matcher, CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM))));
    }

    /** Choices for a controller-wide setting the controller itself uses (System-scoped credentials included). */
    @NonNull
    public static ListBoxModel forController(@CheckForNull String current, @NonNull CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        Jenkins jenkins = Jenkins.get();
        if (!jenkins.hasPermission(Jenkins.ADMINISTER)) {
            return result.includeCurrentValue(value);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, jenkins, StandardCredentials.class, List.of(), matcher)
                .includeCurrentValue(value);
    }
}
