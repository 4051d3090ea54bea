package io.jenkins.plugins.aigovernance.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.RecordHasher;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads generated events into one stream of the PostgreSQL audit store with {@code COPY} (CSV), building
 * each record exactly as the store's appender does ({@link RecordHasher}: seq, prevHash, hash, canonical
 * line, the indexed columns), continuing the chain after the stream's current head and moving the head
 * in the same transaction. So {@code aigov audit verify --store} checks the loaded stream like any other,
 * and the store's own appender continues it. A benchmark fixture: the store itself never bypasses its
 * appender.
 */
final class PostgresBulkLoad {

    private static final String COPY = "COPY aigov.audit_records (stream, seq, prev_hash, hash, sig, record, event_id, type, time_ms, fingerprint,"
            + " repository, commit_id, build, actor, agent, outcome, tier, source, touches) FROM STDIN WITH (FORMAT csv)";

    private final Connection connection;
    private final String stream;
    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private final RecordHasher hasher = new RecordHasher();
    private long seq;
    private String prev;
    private long loaded;

    /** Locks {@code stream}'s head (creating the stream) on {@code connection}, which must not auto-commit. */
    PostgresBulkLoad(Connection connection, String stream) throws SQLException {
        this.connection = connection;
        this.stream = stream;
        try (PreparedStatement create = connection.prepareStatement(
                "INSERT INTO aigov.audit_streams (stream, last_seq, last_hash) VALUES (?, 0, ?) ON CONFLICT (stream) DO NOTHING")) {
            create.setString(1, stream);
            create.setString(2, AuditRecord.GENESIS);
            create.executeUpdate();
        }
        try (PreparedStatement head = connection.prepareStatement("SELECT last_seq, last_hash FROM aigov.audit_streams WHERE stream = ? FOR UPDATE")) {
            head.setString(1, stream);
            try (ResultSet rs = head.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
                prev = rs.getString(2);
            }
        }
    }

    /** Copies one batch after the head. */
    void copy(List<AuditEvent> events) throws SQLException {
        StringBuilder csv = new StringBuilder(events.size() * 1200);
        for (AuditEvent e : events) {
            seq++;
            JsonNode node = mapper.valueToTree(e);
            String hash = hasher.hash(seq, prev, node);
            byte[] line = hasher.line(seq, prev, node, hash, null);
            field(csv, stream).append(',').append(seq).append(',');
            field(csv, prev).append(',');
            field(csv, hash).append(",,");
            field(csv, new String(line, 0, line.length - 1, StandardCharsets.UTF_8)).append(',');
            field(csv, e.id()).append(',');
            field(csv, e.type().json()).append(',').append(e.time().toEpochMilli()).append(',');
            field(csv, e.fingerprint()).append(',');
            field(csv, e.repository()).append(',');
            field(csv, e.commit()).append(',');
            field(csv, e.build()).append(',');
            field(csv, e.actor()).append(',');
            field(csv, e.agent()).append(',');
            field(csv, e.outcome()).append(',');
            csv.append(e.tier() == null ? "" : Integer.toString(e.tier().ordinal())).append(',');
            csv.append(e.changeSource() == null ? "" : Integer.toString(e.changeSource().ordinal())).append(',');
            StringBuilder array = new StringBuilder("{");
            for (String t : e.touches()) {
                array.append(array.length() == 1 ? "" : ",").append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            field(csv, array.append('}').toString()).append('\n');
            prev = hash;
        }
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn(COPY, new StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
        loaded += events.size();
    }

    /** Moves the stream's head to the last copied record; the caller commits. Returns how many were copied. */
    long finish() throws SQLException {
        try (PreparedStatement move = connection.prepareStatement("UPDATE aigov.audit_streams SET last_seq = ?, last_hash = ? WHERE stream = ?")) {
            move.setLong(1, seq);
            move.setString(2, prev);
            move.setString(3, stream);
            move.executeUpdate();
        }
        return loaded;
    }

    /** A CSV field: null as nothing, anything else quoted (quotes doubled). */
    private static StringBuilder field(StringBuilder sb, String v) {
        if (v == null) {
            return sb;
        }
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            sb.append(c);
            if (c == '"') {
                sb.append('"');
            }
        }
        return sb.append('"');
    }
}
