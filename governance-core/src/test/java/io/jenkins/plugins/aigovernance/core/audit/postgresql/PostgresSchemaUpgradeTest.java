package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex;
import io.jenkins.plugins.aigovernance.core.audit.AuditLog;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.IncidentQuery;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database made by the first release of the store (schema V1, with records in it) is upgraded by
 * {@link PostgresAuditStore#open}: V2's indexes are built, the records still verify and answer the same
 * queries as the file they came from, appends continue the chain, and the IAM query's plan reads the
 * new indexes only (index-only scans).
 */
class PostgresSchemaUpgradeTest {

    static PostgresServer server;

    @TempDir
    Path dir;

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

    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    /** 800 changes over a year: risk, approval (high tiers), deployment; every third touches IAM, a third human. */
    private static List<AuditEvent> trail() {
        List<AuditEvent> out = new ArrayList<>();
        for (int n = 1; n <= 800; n++) {
            Instant t = NOW.minus(Duration.ofHours((n * 7919L) % (365 * 24)));
            String fp = String.format("sha256:%064x", n);
            ChangeSource source = n % 3 == 0 ? ChangeSource.HUMAN : n % 3 == 1 ? ChangeSource.AI_AGENT : null;
            RiskTier tier = RiskTier.values()[n % 4];
            List<String> touches = n % 3 == 1 || n % 5 == 0 ? List.of("iam") : List.of("network");
            out.add(AuditEvent.builder(AuditEventType.RISK_ASSESSED, t).fingerprint(fp).agent(source == ChangeSource.AI_AGENT ? "claude-code" : null)
                    .changeSource(source).tier(tier).touches(touches).repository("acme/svc-" + n % 7).build());
            if (tier.atLeast(RiskTier.HIGH)) {
                out.add(AuditEvent.builder(AuditEventType.APPROVAL_GIVEN, t.plusSeconds(600)).fingerprint(fp).actor("person-" + n % 11)
                        .touches(touches).build());
            }
            out.add(AuditEvent.builder(AuditEventType.DEPLOYMENT_DONE, t.plusSeconds(1200)).fingerprint(fp).outcome("applied").touches(touches).build());
        }
        return out;
    }

    @Test
    void aV1DatabaseIsUpgradedAndKeepsItsChainAndAnswers() throws Exception {
        Path log = dir.resolve("controller-a.jsonl");
        try (AuditLog a = AuditLog.open(log)) {
            a.appendAll(trail());
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.location().jdbcUrl());
        ds.setUser(server.credentials().user());
        ds.setPassword(server.credentials().password());
        Flyway.configure(PostgresAuditStore.class.getClassLoader()).dataSource(ds).schemas(PostgresAuditStore.SCHEMA).createSchemas(true)
                .table("aigov_schema_history").locations("classpath:io/jenkins/plugins/aigovernance/core/audit/postgresql/migration").target("1")
                .load().migrate();
        long copied = copyAsV1Did(log, "controller-a.jsonl");
        assertThat(versions()).containsExactly("1");

        try (PostgresAuditStore s = PostgresAuditStore.open(server.location(), server.credentials(), 4)) {
            assertThat(versions()).containsExactly("1", "2");
            assertThat(indexes()).contains("audit_records_window", "audit_records_deployments", "audit_records_change", "audit_records_agent_window",
                    "audit_records_actor_window").doesNotContain("audit_records_fingerprint", "audit_records_agent", "audit_records_actor");
            AuditVerification v = s.verify("controller-a.jsonl", null, null);
            assertThat(v.verified()).as("%s", v.problem()).isTrue();
            assertThat(v.records()).isEqualTo(copied);

            AuditIndex file = AuditIndex.build(log);
            AuditQuery iam = AuditQuery.aiChanges().touching("iam").since(NOW.minus(Duration.ofDays(30))).until(NOW);
            assertThat(s.changes(iam)).isNotEmpty().isEqualTo(file.changes(iam));
            AuditQuery high = AuditQuery.all().tiers(java.util.Set.of(RiskTier.HIGH)).agent("claude-code").since(NOW.minus(Duration.ofDays(90)));
            assertThat(s.changes(high)).isNotEmpty().isEqualTo(file.changes(high));
            assertThat(s.incident(AuditQuery.aiChanges().touching("iam"), NOW.minus(Duration.ofDays(30)), NOW))
                    .isEqualTo(new IncidentQuery(file).run(AuditQuery.aiChanges().touching("iam"), NOW.minus(Duration.ofDays(30)), NOW));

            try (AuditStore.Appender a = s.appender("controller-a.jsonl", null)) {
                AuditRecord r = a.append(AuditEvent.builder(AuditEventType.ROLLBACK, NOW).fingerprint(String.format("sha256:%064x", 1)).build());
                assertThat(r.seq()).isEqualTo(copied + 1);
            }
            assertThat(s.verify("controller-a.jsonl", null, null).verified()).isTrue();

            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE aigov.audit_records");
            }
            String plan = explainWithoutTableScans(iam);
            assertThat(plan).contains("Index Only Scan using audit_records_window").contains("Index Only Scan using audit_records_change")
                    .doesNotContain("Seq Scan").doesNotContainPattern("Heap Fetches: [1-9]");
        }
    }

    /** What V1's FileLogMigration wrote: the lines, their columns and the head (V1 has no audit_records_change). */
    private static long copyAsV1Did(Path log, String stream) throws Exception {
        long seq = 0;
        String last = AuditRecord.GENESIS;
        var mapper = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.newMapper();
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement head = c.prepareStatement("INSERT INTO aigov.audit_streams (stream, last_seq, last_hash) VALUES (?, 0, ?)")) {
                head.setString(1, stream);
                head.setString(2, AuditRecord.GENESIS);
                head.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(PostgresAuditStore.INSERT.replace("INSERT INTO audit_records", "INSERT INTO aigov.audit_records"))) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    AuditRecord r = mapper.readValue(line, AuditRecord.class);
                    ins.setString(1, stream);
                    ins.setLong(2, r.seq());
                    ins.setString(3, r.prevHash());
                    ins.setString(4, r.hash());
                    ins.setString(5, r.sig());
                    ins.setString(6, line);
                    PostgresAuditStore.bindColumns(ins, 7, r.event());
                    ins.addBatch();
                    seq = r.seq();
                    last = r.hash();
                }
                ins.executeBatch();
            }
            try (PreparedStatement move = c.prepareStatement("UPDATE aigov.audit_streams SET last_seq = ?, last_hash = ? WHERE stream = ?")) {
                move.setLong(1, seq);
                move.setString(2, last);
                move.setString(3, stream);
                move.executeUpdate();
            }
            c.commit();
        }
        return seq;
    }

    private static List<String> versions() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM aigov.aigov_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> indexes() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'aigov' AND tablename = 'audit_records'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The executed plan with table scans priced out, so the test shows which indexes can answer the query alone. */
    private static String explainWithoutTableScans(AuditQuery q) throws Exception {
        PostgresFilter f = PostgresFilter.ofChanges(q);
        String body = PostgresAuditStore.changesSql(f);
        List<String> lines = new ArrayList<>();
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL search_path = aigov");
                st.execute("SET LOCAL enable_seqscan = off");
                st.execute("SET LOCAL enable_bitmapscan = off");
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + body)) {
                f.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            c.rollback();
        }
        return String.join("\n", lines);
    }
}
