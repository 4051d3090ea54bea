package io.jenkins.plugins.aigovernance.engine;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.config.NotificationEndpoint;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalEvaluation;
import io.jenkins.plugins.aigovernance.core.approval.ApprovalNotice;
import io.jenkins.plugins.aigovernance.core.approval.NotificationResult;
import io.jenkins.plugins.aigovernance.core.approval.WebhookNotifier;
import io.jenkins.plugins.aigovernance.core.policy.NotificationPolicy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Sends the engine's approval notices from the controller. The policy's endpoints name environment
 * variables; here they are read from the secret text credentials the global configuration maps
 * them to (looked up in the build's context and tracked on it).
 */
@Restricted(NoExternalUse.class)
public final class ApprovalNotifications {

    private final Run<?, ?> run;
    private final AiGovernanceConfiguration config;

    public ApprovalNotifications(Run<?, ?> run, AiGovernanceConfiguration config) {
        this.run = run;
        this.config = config;
    }

    /** Notifies every endpoint of the policy that accepts the notice's tier; one result per endpoint. */
    public List<NotificationResult> requestOpened(ApprovalNotice notice, NotificationPolicy policy) {
        return notifier().requestOpened(notice, policy);
    }

    /** Resolves the decided request's alert on the policy's pagerduty endpoints; one result per endpoint. */
    public List<NotificationResult> requestDecided(ApprovalEvaluation evaluation, NotificationPolicy policy) {
        return notifier().requestDecided(evaluation, policy);
    }

    private WebhookNotifier notifier() {
        return new WebhookNotifier(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                this::secret,
                d -> Thread.sleep(d.toMillis()));
    }

    @CheckForNull
    private String secret(String variable) {
        for (NotificationEndpoint e : config.getNotificationEndpoints()) {
            if (e.getVariable().equals(variable) && !e.getCredentialsId().isEmpty()) {
                StringCredentials c = CredentialsProvider.findCredentialById(
                        e.getCredentialsId(), StringCredentials.class, run, List.of());
                if (c != null) {
                    CredentialsProvider.track(run, c);
                    return c.getSecret().getPlainText();
                }
            }
        }
        return null;
    }
}
