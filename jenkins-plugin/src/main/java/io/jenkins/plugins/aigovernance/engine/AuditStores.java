package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.FileAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresCredentials;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresLocation;
import java.nio.file.Path;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Opens the audit store the global configuration selects: the engine's file log or its PostgreSQL store. */
@Restricted(NoExternalUse.class)
public final class AuditStores {

    private AuditStores() {}

    /** The hash-chained JSON-lines log at {@code file} (governance-core {@code FileAuditStore}). */
    @NonNull
    public static AuditStore file(@NonNull Path file) {
        return new FileAuditStore(file);
    }

    /**
     * The PostgreSQL store (governance-core {@code PostgresAuditStore}: pooled, schema migrated on open).
     *
     * @throws io.jenkins.plugins.aigovernance.core.audit.AuditLogException when the database is unreachable or refuses
     */
    @NonNull
    public static AuditStore postgresql(
            @NonNull PostgresLocation location, @NonNull PostgresCredentials credentials, int maxConnections) {
        return PostgresAuditStore.open(location, credentials, maxConnections);
    }
}
