package io.jenkins.plugins.aigovernance.audit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditLogException;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresServer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The global configuration selects the audit store: the file log by default, the PostgreSQL store with a
 * URL and username/password credentials; the controller's audit log then writes through it (into its
 * stream, chained and verifiable), fails closed without credentials, and goes back to the file when the
 * URL is cleared. Against a real PostgreSQL ({@link PostgresServer}).
 */
@WithJenkins
class AuditStoreConfigurationITest {

    private JenkinsRule j;
    private PostgresServer server;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        server = PostgresServer.start();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ)
                .everywhere()
                .to("viewer"));
        CredentialsStore store =
                CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(
                Domain.global(),
                new UsernamePasswordCredentialsImpl(
                        CredentialsScope.SYSTEM,
                        "audit-db",
                        "audit store login",
                        server.credentials().user(),
                        server.credentials().password()));
        store.addCredentials(
                Domain.global(),
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, "some-token", "not a login", Secret.fromString("t0ken")));
    }

    @AfterEach
    void tearDown() throws Exception {
        ControllerAuditLog.closeOnShutdown();
        if (server != null) {
            server.close();
        }
    }

    private static AuditEvent event(String actor) {
        return AuditEvent.builder(AuditEventType.APPROVAL_GIVEN, Instant.parse("2026-03-01T10:00:00Z"))
                .fingerprint("sha256:aa01")
                .actor(actor)
                .outcome("approved")
                .build();
    }

    @Test
    void theControllerWritesThroughTheSelectedStore() throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        assertThat(config.getAuditStoreUrl(), nullValue());
        AuditRecord toFile = ControllerAuditLog.get().append(event("alice"));
        assertThat(toFile.seq(), is(1L));
        assertThat(Files.readString(ControllerAuditLog.get().path()), containsString("\"actor\":\"alice\""));

        config.setAuditStoreUrl("jdbc:" + server.location());
        config.setAuditStoreStream("jenkins-test");
        // no credentials: the append fails, naming what is missing, and nothing is written anywhere
        AuditLogException missing = assertThrows(
                AuditLogException.class, () -> ControllerAuditLog.get().append(event("bob")));
        assertThat(missing.getMessage(), containsString("auditStoreCredentialsId"));

        config.setAuditStoreCredentialsId("audit-db");
        AuditRecord first = ControllerAuditLog.get().append(event("bob"));
        AuditRecord second = ControllerAuditLog.get().append(event("carol"));
        assertThat(first.seq(), is(1L));
        assertThat(second.prevHash(), is(first.hash()));
        assertThat(ControllerAuditLog.get().location(), containsString("stream jenkins-test"));
        assertThat(ControllerAuditLog.get().index(), nullValue());
        assertThat(Files.readString(ControllerAuditLog.get().path()), not(containsString("bob")));
        try (PostgresAuditStore s = PostgresAuditStore.open(server.location(), server.credentials(), 2)) {
            assertThat(s.streams(), contains("jenkins-test"));
            List<String> actors = new ArrayList<>();
            s.forEachEvent(e -> actors.add(e.actor()));
            assertThat(actors, contains("bob", "carol"));
            AuditVerification v = s.verify("jenkins-test", null, null);
            assertThat(v.verified(), is(true));
            assertThat(v.records(), is(2L));
        }

        // the URL cleared: back to the file, which continues its own chain
        config.setAuditStoreUrl(null);
        assertThat(ControllerAuditLog.get().append(event("dave")).seq(), is(2L));
    }

    @Test
    void theFormListsLoginsToAdministratorsOnlyAndChecksTheUrl() throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        try (ACLContext ctx = ACL.as(User.getById("admin", true))) {
            ListBoxModel items = config.doFillAuditStoreCredentialsIdItems("");
            List<String> values = items.stream().map(o -> o.value).toList();
            assertThat(values, hasItem("audit-db"));
            assertThat(values, not(hasItem("some-token")));
            assertThat(
                    config.doCheckAuditStoreUrl("postgresql://db.example.com/governance").kind,
                    is(FormValidation.Kind.OK));
            FormValidation withPassword =
                    config.doCheckAuditStoreUrl("postgresql://aigov:secret@db.example.com/governance");
            assertThat(withPassword.kind, is(FormValidation.Kind.ERROR));
            assertThat(withPassword.getMessage(), not(containsString("secret")));
        }
        try (ACLContext ctx = ACL.as(User.getById("viewer", true))) {
            List<String> values = config.doFillAuditStoreCredentialsIdItems("audit-db").stream()
                    .map(o -> o.value)
                    .toList();
            assertThat(values, contains("audit-db"));
        }
    }

    @Test
    void configurationAsCodeSelectsTheStore() throws Exception {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        config.setAuditStoreUrl("postgresql://db.example.com:5432/governance");
        config.setAuditStoreCredentialsId("audit-db");
        config.setAuditStoreStream("jenkins-payments");
        j.configRoundtrip();
        assertThat(config.getAuditStoreUrl(), is("postgresql://db.example.com:5432/governance"));
        assertThat(config.getAuditStoreCredentialsId(), is("audit-db"));
        assertThat(config.getAuditStoreStream(), is("jenkins-payments"));
        io.jenkins.plugins.casc.ConfigurationContext context =
                new io.jenkins.plugins.casc.ConfigurationContext(io.jenkins.plugins.casc.ConfiguratorRegistry.get());
        String exported = io.jenkins.plugins.casc.misc.Util.toYamlString(
                io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot(context).get("aiGovernance"));
        assertThat(exported, containsString("auditStoreUrl"));
        assertThat(exported, containsString("postgresql://db.example.com:5432/governance"));
        assertThat(exported, containsString("auditStoreCredentialsId"));
        assertThat(exported, containsString("jenkins-payments"));
    }
}
