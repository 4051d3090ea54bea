package io.jenkins.plugins.aigovernance.cli;

import io.jenkins.plugins.aigovernance.core.audit.TornTail;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --log FILE}: the audit log the {@code audit} subcommands and {@code metrics} read. */
final class AuditLogOption {

    @Option(names = "--log", required = true, paramLabel = "FILE", description = "The audit log (JSON lines).")
    Path log;

    /** Tells on stderr that the log ends in a torn (half-written) record, which was left out. */
    void reportTornTail(CommandSpec spec, Optional<TornTail> tail) {
        tail.ifPresent(t -> spec.commandLine().getErr().println("aigov: " + log + ": " + t.describe()));
    }
}
