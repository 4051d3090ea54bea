package io.jenkins.plugins.aigovernance.core.audit;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded default {@link AuditStore}: one JSON-lines file, one stream named after the file. It
 * adapts {@link AuditLog} (appends), {@link AuditReader} (reads), {@link AuditIndex} (queries, with its
 * side file) and {@link AuditVerifier} (verification) without changing what they do.
 */
public final class FileAuditStore implements AuditStore {

    private final Path log;
    private volatile TornTail tornTail;
    private AuditLog writer;
    private PrivateKey writerKey;

    public FileAuditStore(Path log) {
        this.log = log;
    }

    public Path path() {
        return log;
    }

    /** The name of the file's one stream: its file name. */
    public String stream() {
        return log.getFileName().toString();
    }

    @Override
    public String location() {
        return log.toString();
    }

    @Override
    public List<String> streams() {
        return java.nio.file.Files.isRegularFile(log) ? List.of(stream()) : List.of();
    }

    /**
     * {@inheritDoc} Appenders of one store share one {@link AuditLog} (group commit), so they must all sign
     * with the same key; the log stays open until the store is closed.
     */
    @Override
    public synchronized Appender appender(String stream, PrivateKey signingKey) {
        checkStream(stream);
        if (writer == null) {
            writer = AuditLog.open(log, signingKey);
            writerKey = signingKey;
        } else if (!java.util.Objects.equals(writerKey, signingKey)) {
            throw new IllegalStateException(log + ": this store's appenders already sign with another key");
        }
        AuditLog a = writer;
        return new Appender() {
            @Override
            public AuditRecord append(AuditEvent event) {
                return a.append(event);
            }

            @Override
            public List<AuditRecord> appendAll(List<AuditEvent> events) {
                return a.appendAll(events);
            }

            @Override
            public void close() {
                // the shared log closes with the store
            }
        };
    }

    @Override
    public void forEachRecord(String stream, Consumer<AuditRecord> action) {
        checkStream(stream);
        AuditReader reader = new AuditReader(log);
        reader.forEach(action);
        tornTail = reader.tornTail().orElse(null);
    }

    @Override
    public void forEachEvent(Consumer<AuditEvent> action) {
        forEachRecord(null, r -> action.accept(r.event()));
    }

    @Override
    public List<AuditEvent> events(AuditQuery query) {
        AuditIndex index = AuditIndex.open(log);
        tornTail = index.tornTail().orElse(null);
        return index.events(query);
    }

    @Override
    public List<AuditChange> changes(AuditQuery query) {
        AuditIndex index = AuditIndex.open(log);
        tornTail = index.tornTail().orElse(null);
        return index.changes(query);
    }

    @Override
    public Map<String, List<AuditEvent>> history(Collection<String> fingerprints) {
        AuditIndex index = AuditIndex.open(log);
        tornTail = index.tornTail().orElse(null);
        return index.history(fingerprints);
    }

    /** {@inheritDoc} One index of the file serves the selection and the histories. */
    @Override
    public IncidentReport incident(AuditQuery filters, Instant from, Instant until) {
        AuditIndex index = AuditIndex.open(log);
        tornTail = index.tornTail().orElse(null);
        return new IncidentQuery(index).run(filters, from, until);
    }

    @Override
    public AuditVerification verify(String stream, PublicKey publicKey, AuditVerifier.Anchor anchor) {
        checkStream(stream);
        AuditVerification v = new AuditVerifier().verify(log, publicKey, anchor);
        tornTail = v.tornTail();
        return v;
    }

    @Override
    public Optional<TornTail> tornTail() {
        return Optional.ofNullable(tornTail);
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    private void checkStream(String stream) {
        if (stream != null && !stream.equals(stream())) {
            throw new IllegalArgumentException(log + ": a file audit log holds one stream, '" + stream() + "', not '" + stream + "'");
        }
    }
}
