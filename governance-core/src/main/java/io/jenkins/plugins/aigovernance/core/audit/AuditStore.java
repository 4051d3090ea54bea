package io.jenkins.plugins.aigovernance.core.audit;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the audit trail lives: the embedded JSON-lines file ({@link FileAuditStore}, the default) or a
 * shared database ({@code core.audit.postgresql.PostgresAuditStore}). A store holds one or more
 * <em>streams</em>: independent hash chains, one per writer source (a Jenkins controller, a CLI user),
 * each with the record format of docs/audit.md (seq from 1, prevHash, event, hash, optional Ed25519
 * sig), so every record verifies the same way in either store and moves between them unchanged. A file
 * holds exactly one stream.
 *
 * <p>Implementations are safe for concurrent use; the file store by the rules of {@link AuditLog}.
 */
public interface AuditStore extends AutoCloseable {

    /** Where the store is, for messages (a path, or a {@code postgresql://host:port/db} URL without credentials). */
    String location();

    /** The names of the streams it holds, sorted. */
    List<String> streams();

    /**
     * A writer that appends to {@code stream} (created on its first append), signing every record with
     * {@code signingKey} when given. Appends return once durable (fsync / commit).
     *
     * @throws IllegalArgumentException when the store cannot hold that stream (a file holds only its own)
     */
    Appender appender(String stream, PrivateKey signingKey);

    /** Every record of {@code stream} in chain order (seq 1, 2, ...). */
    void forEachRecord(String stream, Consumer<AuditRecord> action);

    /** Every event of every stream: a file in log order; a database by time, then stream, then seq. */
    void forEachEvent(Consumer<AuditEvent> action);

    /** Events whose own fields match (see {@link AuditIndex#events}). */
    List<AuditEvent> events(AuditQuery query);

    /** Changes that match (see {@link AuditIndex#changes}), newest first. */
    List<AuditChange> changes(AuditQuery query);

    /**
     * Every event of each of the given changes (by full fingerprint), in time order (equal times: a file in
     * log order, a database by stream, then seq); a fingerprint without events is left out. Read whole
     * (details, blast radius, commit times), as {@link AuditIndex#history} reads them.
     */
    Map<String, List<AuditEvent>> history(Collection<String> fingerprints);

    /**
     * The incident question ({@link IncidentQuery}) over this store: the changes deployed or rolled back in
     * {@code [from, until)} that match {@code filters}.
     *
     * @throws IllegalArgumentException when the window is missing or empty
     */
    default IncidentReport incident(AuditQuery filters, Instant from, Instant until) {
        return new IncidentQuery(this).run(filters, from, until);
    }

    /**
     * Checks one stream from its first record as {@link AuditVerifier} checks a file: seq, prevHash,
     * hash, canonical form, signatures (with {@code publicKey}) and, when given, the {@code anchor}.
     */
    AuditVerification verify(String stream, PublicKey publicKey, AuditVerifier.Anchor anchor);

    /** An unfinished last record the last read saw and left out (only a file can have one). */
    default Optional<TornTail> tornTail() {
        return Optional.empty();
    }

    @Override
    void close();

    /** Appends to one stream of a store. */
    interface Appender extends AutoCloseable {

        /** Appends one event; returns its record once durable. */
        AuditRecord append(AuditEvent event);

        /** Appends events in order, as one batch; returns their records once all are durable. */
        List<AuditRecord> appendAll(List<AuditEvent> events);

        @Override
        void close();
    }
}
