package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditLogException;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.Backoff;
import io.jenkins.plugins.aigovernance.core.audit.RecordHasher;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Appends to one stream of a {@link PostgresAuditStore} (see there for the transaction). One batch at a
 * time per appender; open one appender per thread for parallel appends.
 */
final class PostgresAppender implements AuditStore.Appender {

    /** Retries of a failed transaction: 12 attempts, waits capped at 50 ms, 100 ms, … 2 s (rides out a server restart). */
    static final Backoff RETRY = new Backoff(12, Duration.ofMillis(50), Duration.ofSeconds(2));

    private final PostgresAuditStore store;
    private final String stream;
    private final PrivateKey signingKey;
    private final RecordHasher hasher = new RecordHasher();
    private final Random random = new Random();
    private boolean closed;

    PostgresAppender(PostgresAuditStore store, String stream, PrivateKey signingKey) {
        this.store = store;
        this.stream = stream;
        this.signingKey = signingKey;
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    @Override
    public synchronized List<AuditRecord> appendAll(List<AuditEvent> events) {
        if (closed) {
            throw new AuditLogException(store.location() + " stream " + stream + ": the appender is closed");
        }
        if (events.isEmpty()) {
            return List.of();
        }
        events.forEach(e -> Objects.requireNonNull(e, "event"));
        boolean outcomeUnknown = false;
        SQLException last = null;
        for (int attempt = 1; attempt <= RETRY.attempts(); attempt++) {
            if (attempt > 1) {
                pause(attempt - 1);
            }
            boolean committing = false;
            try (Connection c = store.connection()) {
                c.setAutoCommit(false);
                try {
                    if (outcomeUnknown) {
                        List<AuditRecord> done = committed(c, events);
                        if (done != null) {
                            c.rollback();
                            return done;
                        }
                    }
                    List<AuditRecord> records = insert(c, events);
                    committing = true;
                    c.commit();
                    return records;
                } catch (SQLException e) {
                    if (!committing) {
                        rollbackQuietly(c);
                    }
                    throw e;
                } catch (SignedStreamRefused e) {
                    rollbackQuietly(c);
                    throw new AuditLogException(store.location() + " stream " + stream + switch (e.why) {
                        case OTHER_KEY -> ": the stream's records are signed with another key (record " + e.seq
                                + " is not signed with this one); refusing to append: give the stream's signing key (aigov audit append --signing-key PEM)";
                        case UNSIGNED -> ": the stream's records are signed (record " + e.seq
                                + " is); refusing to append an unsigned record: give the signing key (aigov audit append --signing-key PEM)";
                        case SIG_REMOVED -> ": the last record (seq " + e.seq + ") is unsigned but the record before it is signed:"
                                + " a signed log never becomes unsigned (its sig was removed); refusing to append (run 'aigov audit verify --public-key')";
                    });
                }
            } catch (SQLException e) {
                last = e;
                outcomeUnknown |= committing;
                if (!committing && !PostgresAuditStore.transientFailure(e)) {
                    break;
                }
            }
        }
        throw new AuditLogException(store.location() + " stream " + stream + ": append failed" + (outcomeUnknown ? " (it may have been committed)" : "")
                + ": " + (last == null ? "" : last.getMessage()), last);
    }

    /** Locks the stream's head, inserts the records after it and moves the head; the caller commits. */
    private List<AuditRecord> insert(Connection c, List<AuditEvent> events) throws SQLException {
        try (PreparedStatement create = c.prepareStatement(
                "INSERT INTO audit_streams (stream, last_seq, last_hash) VALUES (?, 0, ?) ON CONFLICT (stream) DO NOTHING")) {
            create.setString(1, stream);
            create.setString(2, AuditRecord.GENESIS);
            create.executeUpdate();
        }
        long seq;
        String prev;
        try (PreparedStatement head = c.prepareStatement("SELECT last_seq, last_hash FROM audit_streams WHERE stream = ? FOR UPDATE")) {
            head.setString(1, stream);
            try (ResultSet rs = head.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("stream " + stream + " has no head row", "55000");
                }
                seq = rs.getLong(1);
                prev = rs.getString(2);
            }
        }
        if (seq > 0) {
            // the last record and the one before it: only the key that signed the last reproduces its sig, and a signed stream
            // never becomes unsigned (a last record without a sig after a signed one had its sig removed)
            try (PreparedStatement lastSig = c.prepareStatement(
                    "SELECT seq, hash, sig FROM audit_records WHERE stream = ? AND seq IN (?, ?) ORDER BY seq DESC")) {
                lastSig.setString(1, stream);
                lastSig.setLong(2, seq);
                lastSig.setLong(3, seq - 1);
                try (ResultSet rs = lastSig.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == seq) {
                        if (rs.getString(3) != null) {
                            if (signingKey == null) {
                                throw new SignedStreamRefused(seq, Refusal.UNSIGNED);
                            }
                            // Ed25519 is deterministic (RFC 8032 §5.1.6): only the key that signed the record reproduces its sig
                            if (!RecordHasher.sign(signingKey, rs.getString(2)).equals(rs.getString(3))) {
                                throw new SignedStreamRefused(seq, Refusal.OTHER_KEY);
                            }
                        } else if (rs.next() && rs.getString(3) != null) {
                            throw new SignedStreamRefused(seq, Refusal.SIG_REMOVED);
                        }
                    }
                }
            }
        }
        List<AuditRecord> out = new ArrayList<>(events.size());
        try (PreparedStatement ins = c.prepareStatement(PostgresAuditStore.INSERT)) {
            for (AuditEvent e : events) {
                seq++;
                JsonNode node = store.mapper().valueToTree(e);
                String hash = hasher.hash(seq, prev, node);
                String sig = signingKey == null ? null : RecordHasher.sign(signingKey, hash);
                byte[] line = hasher.line(seq, prev, node, hash, sig);
                ins.setString(1, stream);
                ins.setLong(2, seq);
                ins.setString(3, prev);
                ins.setString(4, hash);
                ins.setString(5, sig);
                ins.setString(6, new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
                PostgresAuditStore.bindColumns(ins, 7, e);
                ins.addBatch();
                out.add(new AuditRecord(seq, prev, e, hash, sig));
                prev = hash;
            }
            ins.executeBatch();
        }
        try (PreparedStatement move = c.prepareStatement("UPDATE audit_streams SET last_seq = ?, last_hash = ? WHERE stream = ?")) {
            move.setLong(1, seq);
            move.setString(2, prev);
            move.setString(3, stream);
            move.executeUpdate();
        }
        return out;
    }

    /** The records of {@code events} if an earlier attempt committed them (all or none: one transaction), else null. */
    private List<AuditRecord> committed(Connection c, List<AuditEvent> events) throws SQLException {
        Map<String, AuditRecord> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT record FROM audit_records WHERE stream = ? AND event_id = ANY (?) ORDER BY seq")) {
            ps.setString(1, stream);
            ps.setArray(2, c.createArrayOf("text", events.stream().map(AuditEvent::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditRecord r = store.parse(rs.getString(1));
                    if (events.contains(r.event())) {
                        found.put(r.event().id(), r);
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        List<AuditRecord> out = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            AuditRecord r = found.get(e.id());
            if (r == null) {
                throw new SQLException("part of a batch is in stream " + stream + ", part is not", "XX000");
            }
            out.add(r);
        }
        return out;
    }

    private void pause(int retry) {
        try {
            Thread.sleep(RETRY.delay(retry, random).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditLogException(store.location() + " stream " + stream + ": interrupted while retrying an append", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls the transaction back
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Why an append to a signed stream is refused. */
    private enum Refusal {
        /** The last record is signed and this appender has no key. */
        UNSIGNED,
        /** The last record is signed with a key that is not this appender's. */
        OTHER_KEY,
        /** The last record has no sig but the one before it has one. */
        SIG_REMOVED
    }

    /** An append to a signed stream refused (see {@link io.jenkins.plugins.aigovernance.core.audit.AuditLog}). */
    private static final class SignedStreamRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long seq;
        final Refusal why;

        SignedStreamRefused(long seq, Refusal why) {
            super(null, null, false, false);
            this.seq = seq;
            this.why = why;
        }
    }
}
