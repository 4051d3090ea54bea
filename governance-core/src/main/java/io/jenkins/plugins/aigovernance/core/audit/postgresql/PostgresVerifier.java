package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification.Kind;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import io.jenkins.plugins.aigovernance.core.audit.RecordHasher;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Verifies one stream of a {@link PostgresAuditStore} with the file verifier's rules, row by row in seq
 * order: each stored line is the canonical form of its content, its hash matches, its prevHash names the
 * record before, its signature verifies (with a key); and the store's own columns must agree with the
 * line (a changed {@code agent} or {@code touches} column would mislead queries), and the stream's head
 * row must name the last record (rows deleted from the end are found). A problem's {@code line} is the
 * row's position in the stream (1-based); its offset is -1.
 */
final class PostgresVerifier {

    private final PostgresAuditStore store;
    private final String stream;
    private final PublicKey key;
    private final AuditVerifier.Anchor anchor;
    private final RecordHasher hasher = new RecordHasher();

    private long expected = 1;
    private String prevHash = AuditRecord.GENESIS;
    private AuditVerification.Problem problem;

    PostgresVerifier(PostgresAuditStore store, String stream, PublicKey key, AuditVerifier.Anchor anchor) {
        this.store = store;
        this.stream = stream;
        this.key = key;
        this.anchor = anchor;
    }

    AuditVerification run() {
        List<long[]> headSeq = store.query("SELECT last_seq FROM audit_streams WHERE stream = ?", ps -> ps.setString(1, stream),
                rs -> new long[] {rs.getLong(1)});
        List<String> headHash = store.query("SELECT last_hash FROM audit_streams WHERE stream = ?", ps -> ps.setString(1, stream),
                rs -> rs.getString(1));
        if (headSeq.isEmpty()) {
            throw new InvalidInputException(store.location(), "no stream '" + stream + "' (streams: " + String.join(", ", store.streams()) + ")");
        }
        store.stream("SELECT seq, prev_hash, hash, sig, record, event_id, type, time_ms, fingerprint, repository, commit_id, build, actor, agent,"
                + " outcome, tier, source, touches FROM audit_records WHERE stream = ? ORDER BY seq", ps -> ps.setString(1, stream), this::row);
        long head = headSeq.get(0)[0];
        if (problem == null && (head != expected - 1 || !headHash.get(0).equals(prevHash))) {
            problem = fail(expected, null, head > expected - 1 ? Kind.MISSING : Kind.OUT_OF_ORDER,
                    "the stream's head says seq " + head + " (" + abbreviate(headHash.get(0)) + ") but its records end at seq " + (expected - 1)
                            + (head > expected - 1 ? ": records " + expected + ".." + head + " removed" : ": records were added behind the appenders' back"));
        }
        if (problem == null && anchor != null && anchor.seq() >= expected) {
            problem = fail(expected, null, Kind.MISSING, "the stream ends after seq " + (expected - 1) + " but the anchor names seq " + anchor.seq()
                    + ": records " + expected + ".." + anchor.seq() + " removed");
        }
        return new AuditVerification(store.location() + " stream " + stream, problem == null, expected - 1, prevHash, key != null, problem, null);
    }

    private void row(ResultSet rs) throws SQLException {
        if (problem != null) {
            return;
        }
        long seq = rs.getLong("seq");
        String line = rs.getString("record");
        if (seq > expected) {
            problem = fail(expected, seq, Kind.MISSING, "expected seq " + expected + " but found " + seq + ": record(s) " + expected
                    + (seq - 1 > expected ? ".." + (seq - 1) : "") + " missing (removed)");
            return;
        }
        JsonNode rec;
        try {
            rec = store.tree(line);
        } catch (IOException e) {
            rec = null;
        }
        if (rec == null || !rec.isObject() || !rec.path("seq").isIntegralNumber() || !rec.path("prevHash").isTextual()
                || !rec.path("hash").isTextual() || !rec.path("event").isObject()) {
            problem = fail(expected, seq, Kind.MALFORMED, "record " + seq + " is not an audit record (needs seq, prevHash, event, hash)");
            return;
        }
        String hash = rec.get("hash").asText();
        String recPrev = rec.get("prevHash").asText();
        JsonNode sigNode = rec.get("sig");
        String sig = sigNode == null || !sigNode.isTextual() ? null : sigNode.asText();
        if (rec.get("seq").asLong() != seq || !hash.equals(rs.getString("hash")) || !recPrev.equals(rs.getString("prev_hash"))
                || !Objects.equals(sig, rs.getString("sig"))) {
            problem = fail(expected, seq, Kind.ALTERED, "record " + seq + " was altered: its seq, hash, prevHash or sig columns disagree with the record");
            return;
        }
        String computed = hasher.hash(seq, recPrev, rec.get("event"));
        if (!computed.equals(hash)) {
            problem = fail(expected, seq, Kind.ALTERED, "record " + seq + " was altered: its content hashes to " + abbreviate(computed)
                    + ", the record says " + abbreviate(hash));
            return;
        }
        if (!recPrev.equals(prevHash)) {
            problem = fail(expected, seq, Kind.CHAIN_BROKEN, "record " + seq + " does not follow the record before it (prevHash "
                    + abbreviate(recPrev) + ", previous hash " + abbreviate(prevHash) + "): records before it were replaced");
            return;
        }
        if (key != null && (sig == null || !RecordHasher.signatureValid(key, hash, sig))) {
            problem = fail(expected, seq, Kind.BAD_SIGNATURE,
                    "record " + seq + (sig == null ? " is not signed" : " has a signature that does not verify with the public key"));
            return;
        }
        byte[] canonical = hasher.line(seq, recPrev, rec.get("event"), hash, sig);
        byte[] stored = line.getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(stored, 0, stored.length, canonical, 0, canonical.length - 1)) {
            problem = fail(expected, seq, Kind.NOT_CANONICAL, "record " + seq + " is not stored in its canonical form (extra fields, other key order,"
                    + " spacing or escapes)");
            return;
        }
        String column = disagreeingColumn(rs, store.parse(line).event());
        if (column != null) {
            problem = fail(expected, seq, Kind.ALTERED, "record " + seq + " was altered: its " + column
                    + " column disagrees with the record (queries would see another value than the hash covers)");
            return;
        }
        if (anchor != null && anchor.seq() == seq && !anchor.hash().equals(hash)) {
            problem = fail(expected, seq, Kind.ALTERED, "record " + seq + " hashes to " + abbreviate(hash) + " but the anchor says "
                    + abbreviate(anchor.hash()) + ": the stream was rewritten up to here");
            return;
        }
        prevHash = hash;
        expected++;
    }

    private static String disagreeingColumn(ResultSet rs, AuditEvent e) throws SQLException {
        if (!e.id().equals(rs.getString("event_id"))) {
            return "event_id";
        }
        if (!e.type().json().equals(rs.getString("type"))) {
            return "type";
        }
        if (e.time().toEpochMilli() != rs.getLong("time_ms")) {
            return "time_ms";
        }
        String[][] text = {{"fingerprint", e.fingerprint()}, {"repository", e.repository()}, {"commit_id", e.commit()}, {"build", e.build()},
            {"actor", e.actor()}, {"agent", e.agent()}, {"outcome", e.outcome()}};
        for (String[] t : text) {
            if (!Objects.equals(t[1], rs.getString(t[0]))) {
                return t[0];
            }
        }
        if (!Objects.equals(e.tier() == null ? null : e.tier().ordinal(), (Integer) rs.getObject("tier", Integer.class))) {
            return "tier";
        }
        if (!Objects.equals(e.changeSource() == null ? null : e.changeSource().ordinal(), (Integer) rs.getObject("source", Integer.class))) {
            return "source";
        }
        java.sql.Array touches = rs.getArray("touches");
        Object[] stored = touches == null ? null : (Object[]) touches.getArray();
        if (stored == null || !Arrays.asList(stored).equals(e.touches())) {
            return "touches";
        }
        return null;
    }

    private AuditVerification.Problem fail(long seq, Long found, Kind kind, String message) {
        return new AuditVerification.Problem(found == null ? seq : found, -1, seq, found, kind, message);
    }

    private static String abbreviate(String h) {
        return h.length() > 12 ? h.substring(0, 12) + "…" : h;
    }
}
