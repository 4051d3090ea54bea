package io.jenkins.plugins.aigovernance.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.credentials.WithAiCredentialsStep;
import io.jenkins.plugins.aigovernance.steps.AiCanaryVerifyStep;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The credentials drop-down lists show a user only what the user may see: everything the context can use
 * to someone who may configure it, nothing but the saved value to others; System-scoped credentials only
 * where the controller itself uses them (the apply-token signing key).
 */
@WithJenkins
class CredentialsChoicesITest {

    private JenkinsRule j;
    private WorkflowJob job;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        job = j.createProject(WorkflowJob.class, "app");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ)
                .everywhere()
                .to("developer", "viewer")
                .grant(Item.READ, Item.CONFIGURE)
                .onItems(job)
                .to("developer")
                .grant(Item.READ)
                .onItems(job)
                .to("viewer"));
        CredentialsStore store =
                CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "prometheus-token", "bearer", Secret.fromString("t0ken")));
        store.addCredentials(
                Domain.global(),
                new UsernamePasswordCredentialsImpl(
                        CredentialsScope.GLOBAL, "prometheus-basic", "basic", "reader", "pa55word-long-enough"));
        store.addCredentials(
                Domain.global(),
                new FileCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "kubeconfig",
                        "file",
                        "kubeconfig",
                        SecretBytes.fromBytes("apiVersion: v1\n".getBytes(StandardCharsets.UTF_8))));
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(
                        CredentialsScope.SYSTEM, "signing-key", "system", Secret.fromString("{\"kty\":\"EC\"}")));
    }

    private List<String> as(String user, Supplier<ListBoxModel> list) {
        try (ACLContext ignored = ACL.as(User.getById(user, true))) {
            return list.get().stream().map(o -> o.value).toList();
        }
    }

    private AiCanaryVerifyStep.DescriptorImpl canary() {
        return j.jenkins.getDescriptorByType(AiCanaryVerifyStep.DescriptorImpl.class);
    }

    private WithAiCredentialsStep.DescriptorImpl binding() {
        return j.jenkins.getDescriptorByType(WithAiCredentialsStep.DescriptorImpl.class);
    }

    @Test
    void someoneWhoMayConfigureTheJobSeesTheCredentialsOfTheRightTypes() {
        assertThat(
                as("developer", () -> canary().doFillCredentialsIdItems(job, "")),
                containsInAnyOrder("", "prometheus-basic", "prometheus-token"));
        assertThat(
                as("developer", () -> binding().doFillPlanItems(job, "")),
                containsInAnyOrder("", "kubeconfig", "prometheus-basic", "prometheus-token"));
    }

    @Test
    void someoneWhoMayOnlyReadTheJobSeesOnlyTheSavedValue() {
        assertThat(as("viewer", () -> canary().doFillCredentialsIdItems(job, "")), empty());
        assertThat(
                as("viewer", () -> binding().doFillApplyItems(job, "prometheus-token")), contains("prometheus-token"));
    }

    @Test
    void buildsNeverGetSystemScopedCredentialsOffered() {
        assertThat(as("developer", () -> binding().doFillApplyItems(job, "")), not(hasItem("signing-key")));
        assertThat(
                as("admin", () -> AiGovernanceConfiguration.get().doFillPrometheusCredentialsIdItems("")),
                containsInAnyOrder("", "prometheus-basic", "prometheus-token"));
    }

    @Test
    void theGlobalListsAreForAdministratorsOnly() {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        assertThat(
                as("admin", () -> config.doFillOidcSigningKeyCredentialsIdItems("")),
                containsInAnyOrder("", "kubeconfig", "prometheus-token", "signing-key"));
        assertThat(as("developer", () -> config.doFillOidcSigningKeyCredentialsIdItems("")), empty());
        assertThat(
                as("developer", () -> config.doFillPrometheusCredentialsIdItems("prometheus-basic")),
                contains("prometheus-basic"));
        NotificationEndpoint.DescriptorImpl endpoint =
                j.jenkins.getDescriptorByType(NotificationEndpoint.DescriptorImpl.class);
        assertThat(
                as("admin", () -> endpoint.doFillCredentialsIdItems("")), containsInAnyOrder("", "prometheus-token"));
        assertThat(as("viewer", () -> endpoint.doFillCredentialsIdItems("")), empty());
    }
}
