package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.FileAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.TornTail;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresCredentials;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --log FILE} or {@code --store postgresql://HOST[:PORT]/DB}: the audit trail the {@code audit}
 * subcommands and {@code metrics} read. Database credentials come from a pgpass file
 * ({@code --store-credentials}) or from {@code PGUSER} / {@code PGPASSWORD}, never from the command line.
 */
final class AuditLogOption {

    @Option(names = "--log", paramLabel = "FILE", description = "The audit log (JSON lines).")
    Path log;

    @Option(names = "--store", paramLabel = "URL",
            description = "The shared PostgreSQL audit store instead of a file: postgresql://HOST[:PORT]/DATABASE. Credentials: PGUSER and "
                    + "PGPASSWORD, or --store-credentials.")
    String store;

    @Option(names = "--store-credentials", paramLabel = "PGPASS",
            description = "With --store: a pgpass file (hostname:port:database:username:password) holding the database credentials.")
    Path credentials;

    @Option(names = "--stream", paramLabel = "NAME",
            description = "With --store: the stream (one hash chain per controller or CLI source) to append to, verify or export.")
    String stream;

    /** Opens the store named by {@code --log} or {@code --store} (exactly one). */
    AuditStore open(CommandSpec spec) {
        if ((log == null) == (store == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --log FILE and --store URL");
        }
        if (log != null) {
            if (stream != null || credentials != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--stream and --store-credentials go with --store, not --log");
            }
            return new FileAuditStore(log);
        }
        return PostgresAuditStore.open(location(spec), credentials(spec), 4);
    }

    PostgresLocation location(CommandSpec spec) {
        if (!PostgresLocation.isUrl(store)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store: expected postgresql://HOST[:PORT]/DATABASE, not '" + store + "'");
        }
        return PostgresLocation.parse("--store", store);
    }

    PostgresCredentials credentials(CommandSpec spec) {
        return credentials != null ? PostgresCredentials.fromPgpass(credentials, location(spec)) : PostgresCredentials.fromEnvironment(System.getenv());
    }

    /** The stream to use in {@code s}: {@code --stream}, else the store's only one. */
    String oneStream(CommandSpec spec, AuditStore s) {
        if (stream != null) {
            return stream;
        }
        List<String> all = s.streams();
        if (all.size() == 1) {
            return all.get(0);
        }
        if (s instanceof FileAuditStore f) {
            return f.stream();
        }
        throw new CommandLine.ParameterException(spec.commandLine(), s.location() + " holds " + (all.isEmpty() ? "no streams"
                : "streams " + String.join(", ", all)) + ": choose one with --stream");
    }

    /** Tells on stderr that the log ends in a torn (half-written) record, which was left out. */
    void reportTornTail(CommandSpec spec, Optional<TornTail> tail) {
        tail.ifPresent(t -> spec.commandLine().getErr().println("aigov: " + (log == null ? store : log) + ": " + t.describe()));
    }
}
