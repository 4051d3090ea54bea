package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.AuditStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The store contract for PostgreSQL, on a real server started for this class. */
class PostgresAuditStoreContractTest extends AuditStoreContract {

    static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        server.reset();
    }

    @Override
    protected AuditStore store() {
        return PostgresAuditStore.open(server.location(), server.credentials(), 8);
    }

    @Override
    protected AuditStore reopen(AuditStore store) {
        return store();
    }

    @Override
    protected String stream(AuditStore store) {
        return "controller-a";
    }

    @Override
    protected void tamperActor(AuditStore store, String stream, long seq, String actor) throws Exception {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE aigov.audit_records SET record = regexp_replace(record, '\"actor\":\"[^\"]*\"', '\"actor\":\"' || ? || '\"'), actor = ?"
                        + " WHERE stream = ? AND seq = ?")) {
            ps.setString(1, actor);
            ps.setString(2, actor);
            ps.setString(3, stream);
            ps.setLong(4, seq);
            ps.executeUpdate();
        }
    }

    @Override
    protected void removeSig(AuditStore store, String stream, long seq) throws Exception {
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE aigov.audit_records SET record = regexp_replace(record, ',\"sig\":\"[^\"]*\"', ''), sig = NULL"
                        + " WHERE stream = ? AND seq = ?")) {
            ps.setString(1, stream);
            ps.setLong(2, seq);
            if (ps.executeUpdate() != 1) {
                throw new AssertionError("no record " + seq + " in stream " + stream);
            }
        }
    }
}
