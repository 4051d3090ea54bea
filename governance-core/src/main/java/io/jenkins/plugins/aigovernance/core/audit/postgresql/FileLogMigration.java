package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.audit.AuditLogException;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Copies a file log into one stream of a {@link PostgresAuditStore}, line for line (the stored records
 * are the file's bytes, so every hash, signature and anchor stays valid), and verifies both: the file
 * before (a log that does not verify is not copied), the stream after. A stream that already holds a
 * prefix of the file (an earlier, interrupted migration) is continued after checking that its last
 * record is the file's record at that seq; any other content refuses the copy. Rows go in
 * transactions of {@value #BATCH} records, each holding the stream's head row.
 */
public final class FileLogMigration {

    static final int BATCH = 1000;

    /**
     * @param file    the file's verification (before)
     * @param skipped records the stream already held
     * @param copied  records copied now
     * @param store   the stream's verification (after); null when the file did not verify
     */
    public record Result(AuditVerification file, long skipped, long copied, AuditVerification store) {
        public boolean verified() {
            return file.verified() && store != null && store.verified();
        }
    }

    private final PostgresAuditStore store;

    public FileLogMigration(PostgresAuditStore store) {
        this.store = store;
    }

    /** Copies {@code log} into {@code stream}; with {@code publicKey} every record must be signed by it (in both). */
    public Result run(Path log, String stream, PublicKey publicKey) {
        AuditVerification file = new AuditVerifier().verify(log, publicKey);
        if (!file.verified()) {
            return new Result(file, 0, 0, null);
        }
        long total = file.records();
        long skipped;
        long copied = 0;
        try (Connection c = store.connection(); BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            c.setAutoCommit(false);
            skipped = existing(c, stream);
            if (skipped > total) {
                throw new AuditLogException(store.location() + " stream " + stream + " holds " + skipped + " records, the file only " + total
                        + ": choose another --stream");
            }
            long seq = 0;
            String line;
            try (PreparedStatement ins = c.prepareStatement(PostgresAuditStore.INSERT)) {
                int inBatch = 0;
                String prev = null;
                while (seq < total && (line = in.readLine()) != null) {
                    seq++;
                    AuditRecord r = store.parse(line);
                    if (seq <= skipped) {
                        if (seq == skipped) {
                            checkJoin(c, stream, r);
                        }
                        continue;
                    }
                    if (inBatch == 0) {
                        lockHead(c, stream, seq - 1, r.prevHash());
                    }
                    ins.setString(1, stream);
                    ins.setLong(2, r.seq());
                    ins.setString(3, r.prevHash());
                    ins.setString(4, r.hash());
                    ins.setString(5, r.sig());
                    ins.setString(6, line);
                    PostgresAuditStore.bindColumns(ins, 7, r.event());
                    ins.addBatch();
                    prev = r.hash();
                    inBatch++;
                    copied++;
                    if (inBatch == BATCH || seq == total) {
                        ins.executeBatch();
                        moveHead(c, stream, seq, prev);
                        c.commit();
                        inBatch = 0;
                    }
                }
            }
        } catch (SQLException e) {
            throw new AuditLogException(store.location() + " stream " + stream + ": migration failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException(log.toString(), "cannot read audit log: " + e.getMessage(), e);
        }
        return new Result(file, skipped, copied, store.verify(stream, publicKey, null));
    }

    private static long existing(Connection c, String stream) throws SQLException {
        try (PreparedStatement create = c.prepareStatement(
                "INSERT INTO audit_streams (stream, last_seq, last_hash) VALUES (?, 0, ?) ON CONFLICT (stream) DO NOTHING")) {
            create.setString(1, stream);
            create.setString(2, AuditRecord.GENESIS);
            create.executeUpdate();
        }
        c.commit();
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_streams WHERE stream = ?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            c.commit();
        }
    }

    private void checkJoin(Connection c, String stream, AuditRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_records WHERE stream = ? AND seq = ?")) {
            ps.setString(1, stream);
            ps.setLong(2, r.seq());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals(r.hash())) {
                    throw new AuditLogException(store.location() + " stream " + stream + " already holds " + r.seq()
                            + " records that are not the file's: choose another --stream");
                }
            }
        } finally {
            c.commit();
        }
    }

    private void lockHead(Connection c, String stream, long seq, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_streams WHERE stream = ? FOR UPDATE")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != seq || !rs.getString(2).equals(hash)) {
                    throw new AuditLogException(store.location() + " stream " + stream + " moved on (seq " + rs.getLong(1)
                            + ") while the file was copied: another writer appends to it; choose another --stream");
                }
            }
        }
    }

    private static void moveHead(Connection c, String stream, long seq, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_streams SET last_seq = ?, last_hash = ? WHERE stream = ?")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.setString(3, stream);
            ps.executeUpdate();
        }
    }
}
