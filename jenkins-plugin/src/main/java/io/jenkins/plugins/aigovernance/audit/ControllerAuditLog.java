package io.jenkins.plugins.aigovernance.audit;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.security.ACL;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditLogException;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresCredentials;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresLocation;
import io.jenkins.plugins.aigovernance.engine.AuditStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's tamper-evident audit trail, in the store the global configuration selects: the file
 * log ({@code $JENKINS_HOME/ai-governance/audit.jsonl} unless configured otherwise; the default) or the
 * shared PostgreSQL store (URL, username/password credentials, this controller's stream). The engine asks
 * for one writer per file per JVM, so this extension keeps the one open store, opens another when the
 * configuration names another, and closes it when Jenkins stops.
 */
@Restricted(NoExternalUse.class)
@Extension
public class ControllerAuditLog {

    /** What the open store was opened from; another value means the configuration changed. */
    private record Selection(Path file, String url, String credentialsId, String stream) {}

    private Selection selection;
    private AuditStore store;
    private AuditStore.Appender appender;

    /** The extension instance. */
    @NonNull
    public static ControllerAuditLog get() {
        return ExtensionList.lookupSingleton(ControllerAuditLog.class);
    }

    /**
     * Appends one event; returns once it is durable (on disk, or committed).
     *
     * @throws AuditLogException when the store cannot take it: the PostgreSQL store cannot be reached, its
     *     credentials are missing, the file cannot be written (governance fails closed)
     */
    public synchronized AuditRecord append(AuditEvent event) throws IOException {
        try {
            return open().append(event);
        } catch (RuntimeException e) {
            if (selection == null || selection.url() != null) {
                // the next append reconnects, reading the credentials again (a rotated password)
                close();
            }
            throw e;
        }
    }

    /**
     * The file log's query index ({@code <log>.idx} beside it, brought up to date), or {@code null} while
     * nothing was appended yet or when the trail is in PostgreSQL (query it with {@code aigov audit --store}).
     */
    @CheckForNull
    public AuditIndex index() {
        if (AiGovernanceConfiguration.get().getAuditStoreUrl() != null) {
            return null;
        }
        Path p = path().toAbsolutePath();
        return Files.isRegularFile(p) ? AuditIndex.open(p) : null;
    }

    /** Where the file log is (also when PostgreSQL is selected: the path it would use). */
    public Path path() {
        String configured = AiGovernanceConfiguration.get().getAuditLogPath();
        return configured != null
                ? Path.of(configured)
                : Jenkins.get().getRootDir().toPath().resolve("ai-governance").resolve("audit.jsonl");
    }

    /** Where appends go, for messages: the file, or the store URL and stream. */
    public String location() {
        Selection s = selected();
        return s.url() == null ? s.file().toString() : s.url() + " stream " + s.stream();
    }

    private Selection selected() {
        AiGovernanceConfiguration config = AiGovernanceConfiguration.get();
        String url = config.getAuditStoreUrl();
        if (url == null) {
            return new Selection(path().toAbsolutePath(), null, null, null);
        }
        String stream = config.getAuditStoreStream();
        return new Selection(
                null,
                url,
                config.getAuditStoreCredentialsId(),
                stream != null ? stream : "jenkins-" + Jenkins.get().getLegacyInstanceId());
    }

    private AuditStore.Appender open() throws IOException {
        Selection wanted = selected();
        if (appender != null && Objects.equals(selection, wanted)) {
            return appender;
        }
        close();
        if (wanted.url() == null) {
            Files.createDirectories(wanted.file().getParent());
            store = AuditStores.file(wanted.file());
            appender = store.appender(null, null);
        } else {
            PostgresLocation location = PostgresLocation.parse("auditStoreUrl", wanted.url());
            store = AuditStores.postgresql(location, credentials(wanted.credentialsId()), 4);
            appender = store.appender(wanted.stream(), null);
        }
        selection = wanted;
        return appender;
    }

    /** The username/password credentials of the store, looked up as the controller (System scope included). */
    private static PostgresCredentials credentials(@CheckForNull String id) {
        if (id == null) {
            throw new AuditLogException(
                    "the PostgreSQL audit store needs credentials: set 'Audit store credentials' (auditStoreCredentialsId)");
        }
        StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialByIdInItemGroup(
                id, StandardUsernamePasswordCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        if (c == null) {
            throw new AuditLogException(
                    "the audit store credentials '" + id + "' (username with password) do not exist");
        }
        return new PostgresCredentials(c.getUsername(), c.getPassword().getPlainText());
    }

    synchronized void close() {
        if (appender != null) {
            appender.close();
            appender = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        selection = null;
    }

    /** Closes the store when Jenkins stops. */
    @Terminator
    public static void closeOnShutdown() {
        ExtensionList<ControllerAuditLog> all = ExtensionList.lookup(ControllerAuditLog.class);
        if (!all.isEmpty()) {
            all.get(0).close();
        }
    }
}
