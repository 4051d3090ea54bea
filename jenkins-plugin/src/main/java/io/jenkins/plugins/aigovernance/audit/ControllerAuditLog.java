package io.jenkins.plugins.aigovernance.audit;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditLog;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's tamper-evident audit log ({@code $JENKINS_HOME/ai-governance/audit.jsonl} unless
 * configured otherwise). The engine asks for one {@link AuditLog} per file per JVM, so this
 * extension keeps the one instance and closes it when Jenkins stops.
 */
@Restricted(NoExternalUse.class)
@Extension
public class ControllerAuditLog {

    private AuditLog log;

    /** The extension instance. */
    @NonNull
    public static ControllerAuditLog get() {
        return ExtensionList.lookupSingleton(ControllerAuditLog.class);
    }

    /** Appends one event; returns once it is on disk. */
    public AuditRecord append(AuditEvent event) throws java.io.IOException {
        return open().append(event);
    }

    /**
     * The log's query index ({@code <log>.idx} beside it, brought up to date), or {@code null} while
     * nothing was appended yet.
     */
    @edu.umd.cs.findbugs.annotations.CheckForNull
    public AuditIndex index() {
        Path p = path().toAbsolutePath();
        return Files.isRegularFile(p) ? AuditIndex.open(p) : null;
    }

    /** Where the log is. */
    public Path path() {
        String configured = AiGovernanceConfiguration.get().getAuditLogPath();
        return configured != null
                ? Path.of(configured)
                : Jenkins.get().getRootDir().toPath().resolve("ai-governance").resolve("audit.jsonl");
    }

    private synchronized AuditLog open() throws java.io.IOException {
        Path p = path().toAbsolutePath();
        if (log != null && !log.path().equals(p)) {
            log.close();
            log = null;
        }
        if (log == null) {
            Files.createDirectories(p.getParent());
            log = AuditLog.open(p);
        }
        return log;
    }

    synchronized void close() {
        if (log != null) {
            log.close();
            log = null;
        }
    }

    /** Closes the log when Jenkins stops. */
    @Terminator
    public static void closeOnShutdown() {
        ExtensionList<ControllerAuditLog> all = ExtensionList.lookup(ControllerAuditLog.class);
        if (!all.isEmpty()) {
            all.get(0).close();
        }
    }
}
