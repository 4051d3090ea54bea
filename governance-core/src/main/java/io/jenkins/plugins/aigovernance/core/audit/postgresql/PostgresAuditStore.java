package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jenkins.plugins.aigovernance.core.audit.AuditChange;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditLogException;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerification;
import io.jenkins.plugins.aigovernance.core.audit.AuditVerifier;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.IncidentQuery;
import io.jenkins.plugins.aigovernance.core.audit.IncidentReport;
import java.time.Instant;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The audit trail in PostgreSQL, shared by many controllers and CLIs. Each stream is its own hash chain
 * with the file log's record format (docs/audit.md); a row of {@code audit_streams} holds its head.
 *
 * <p>An append runs in one transaction: lock the stream's head row ({@code SELECT ... FOR UPDATE}, so
 * writers of one stream take turns and writers of different streams never wait for each other), insert
 * the records after it, move the head, commit. It returns only after the commit, which with PostgreSQL's
 * default {@code synchronous_commit = on} means the WAL is flushed: an acknowledged record survives a
 * crash of the writer or the server. A writer killed before its commit leaves nothing (the transaction
 * rolls back). The primary key {@code (stream, seq)} refuses a second record at a seq, so a chain can
 * never fork even without the lock. Transient failures (serialization, deadlock, lost connection) are
 * retried; when a commit's outcome is unknown (the connection broke during it) the retry first looks
 * the events up by id, so a committed batch is not appended twice.
 *
 * <p>The schema (tables in schema {@code aigov}) is created and upgraded by Flyway on {@link #open}.
 */
public final class PostgresAuditStore implements AuditStore {

    /** The schema that holds the tables and Flyway's history. */
    public static final String SCHEMA = "aigov";

    private final String location;
    private final HikariDataSource pool;
    private final ObjectMapper mapper = JsonDocuments.newMapper();

    private PostgresAuditStore(String location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
    }

    /**
     * Connects (a pool of at most {@code maxConnections}) and migrates the schema to the current version.
     *
     * @throws AuditLogException when the database cannot be reached or migrated (naming the location)
     */
    public static PostgresAuditStore open(PostgresLocation location, PostgresCredentials credentials, int maxConnections) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(location.jdbcUrl());
        c.setUsername(credentials.user());
        c.setPassword(credentials.password());
        c.setMaximumPoolSize(maxConnections);
        c.setMinimumIdle(0);
        c.setPoolName("aigov-audit");
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);
        c.setSchema(SCHEMA);
        // queries stream through cursors: plan them for the whole result, not for its first 10 % (the default)
        // no JIT: it costs more to compile than these indexed queries take to run (~120 ms on the IAM query at 1M events)
        // and a plan for the values of each query (time window, touches), never a generic one for any values
        c.setConnectionInitSql("SET cursor_tuple_fraction = 1.0; SET jit = off; SET plan_cache_mode = force_custom_plan");
        c.addDataSourceProperty("ApplicationName", "aigov-audit");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool = new HikariDataSource(c);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new AuditLogException(location + ": cannot open the audit store: " + rootMessage(e), e);
        }
        return new PostgresAuditStore(location.toString(), pool);
    }

    /** Creates or upgrades the schema with Flyway (scripts in this package's {@code migration} folder). */
    static void migrate(DataSource ds) {
        Flyway.configure(PostgresAuditStore.class.getClassLoader()).dataSource(ds).schemas(SCHEMA).createSchemas(true)
                .table("aigov_schema_history").locations("classpath:io/jenkins/plugins/aigovernance/core/audit/postgresql/migration")
                .load().migrate();
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public List<String> streams() {
        return query("SELECT stream FROM audit_streams ORDER BY stream", ps -> { }, rs -> rs.getString(1));
    }

    @Override
    public Appender appender(String stream, PrivateKey signingKey) {
        if (stream == null || stream.isBlank() || stream.length() > 200 || stream.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a stream name must be 1 to 200 printable characters, not '" + stream + "'");
        }
        return new PostgresAppender(this, stream, signingKey);
    }

    @Override
    public void forEachRecord(String stream, Consumer<AuditRecord> action) {
        stream("SELECT record FROM audit_records WHERE stream = ? ORDER BY seq", ps -> ps.setString(1, stream),
                rs -> action.accept(parse(rs.getString(1))));
    }

    @Override
    public void forEachEvent(Consumer<AuditEvent> action) {
        stream("SELECT record FROM audit_records ORDER BY time_ms, stream, seq", ps -> { }, rs -> action.accept(parse(rs.getString(1)).event()));
    }

    @Override
    public List<AuditEvent> events(AuditQuery q) {
        PostgresFilter f = PostgresFilter.ofEvents(q);
        String sql = "SELECT record FROM audit_records WHERE " + f.where() + " ORDER BY time_ms, stream, seq"
                + (q.limit() > 0 ? " LIMIT " + q.limit() : "");
        List<AuditEvent> out = new ArrayList<>();
        stream(sql, f::bind, rs -> out.add(parse(rs.getString(1)).event()));
        return out;
    }

    /**
     * {@inheritDoc} One query: the selection ({@link PostgresFilter#changeSelection}, index-only scans of the
     * V2 window indexes) and then every event of the selected changes, read from the covering index
     * {@code audit_records_change} (the columns, not the records: nothing is parsed), put in store order
     * (time, stream, seq) per change in memory rather than by a sort in the database.
     */
    @Override
    public List<AuditChange> changes(AuditQuery q) {
        PostgresFilter f = PostgresFilter.ofChanges(q);
        ChangeSummaries summaries = new ChangeSummaries();
        stream(changesSql(f), f::bind, rs -> {
            java.sql.Array touches = rs.getArray(11);
            summaries.add(rs.getString(1), rs.getLong(2), rs.getString(12), rs.getLong(13), AuditEventType.of(rs.getString(3)), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), tier(rs.getObject(9, Integer.class)),
                    source(rs.getObject(10, Integer.class)), touches == null ? List.of() : Arrays.asList((String[]) touches.getArray()));
        });
        return summaries.changes(q.tiers(), q.sources(), q.limit());
    }

    static String changesSql(PostgresFilter f) {
        return "WITH selected AS (" + f.changeSelection() + ") SELECT fingerprint, time_ms, type, repository, commit_id, build, actor, agent, tier,"
                + " source, touches, stream, seq FROM audit_records WHERE fingerprint IN (SELECT fingerprint FROM selected)";
    }

    /**
     * The plan PostgreSQL runs for {@link #changes} of {@code q}, executed: {@code EXPLAIN (ANALYZE, BUFFERS)},
     * one line per plan line. For benchmarks and for checking that a database uses the indexes.
     */
    public String explainChanges(AuditQuery q) {
        PostgresFilter f = PostgresFilter.ofChanges(q);
        return String.join("\n", query("EXPLAIN (ANALYZE, BUFFERS) " + changesSql(f), f::bind, rs -> rs.getString(1)));
    }

    /**
     * {@inheritDoc} The selection is one indexed query for the fingerprints only (the partial index of
     * deployments and rollbacks, the window index; tier and source judged on the covering change index);
     * only the records of the changes it finds are read and parsed.
     */
    @Override
    public IncidentReport incident(AuditQuery filters, Instant from, Instant until) {
        return IncidentQuery.over(q -> {
            PostgresFilter f = PostgresFilter.ofChanges(q);
            return query(f.changeSelectionByAggregate(), f::bind, rs -> rs.getString(1));
        }, this::history).run(filters, from, until);
    }

    @Override
    public Map<String, List<AuditEvent>> history(Collection<String> fingerprints) {
        Map<String, List<AuditEvent>> out = new LinkedHashMap<>();
        if (fingerprints.isEmpty()) {
            return out;
        }
        Object[] fps = fingerprints.stream().distinct().toArray();
        stream("SELECT record FROM audit_records WHERE fingerprint = ANY (?) ORDER BY time_ms, stream, seq", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", fps));
        }, rs -> {
            AuditEvent e = parse(rs.getString(1)).event();
            out.computeIfAbsent(e.fingerprint(), k -> new ArrayList<>()).add(e);
        });
        return out;
    }

    private RiskTier tier(Integer ordinal) {
        return ordinal == null ? null : RiskTier.values()[column("tier", ordinal, RiskTier.values().length)];
    }

    private ChangeSource source(Integer ordinal) {
        return ordinal == null ? null : ChangeSource.values()[column("source", ordinal, ChangeSource.values().length)];
    }

    private int column(String name, int value, int size) {
        if (value < 0 || value >= size) {
            throw new AuditLogException(location + ": a stored " + name + " column holds " + value + ", which no event can give (run 'aigov audit verify')");
        }
        return value;
    }

    @Override
    public AuditVerification verify(String stream, PublicKey publicKey, AuditVerifier.Anchor anchor) {
        return new PostgresVerifier(this, stream, publicKey, anchor).run();
    }

    @Override
    public void close() {
        pool.close();
    }

    // ------------------------------------------------------------------ shared with the appender and verifier

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    AuditRecord parse(String line) {
        try {
            return mapper.readValue(line, AuditRecord.class);
        } catch (IOException e) {
            throw new AuditLogException(location + ": a stored record is not an audit record (run 'aigov audit verify'): " + e.getMessage(), e);
        }
    }

    JsonNode tree(String line) throws IOException {
        return mapper.readTree(line);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The columns derived from an event, in the order {@link #INSERT} names them after {@code record}. */
    static void bindColumns(PreparedStatement ps, int first, AuditEvent e) throws SQLException {
        int i = first;
        ps.setString(i++, e.id());
        ps.setString(i++, e.type().json());
        ps.setLong(i++, e.time().toEpochMilli());
        ps.setString(i++, e.fingerprint());
        ps.setString(i++, e.repository());
        ps.setString(i++, e.commit());
        ps.setString(i++, e.build());
        ps.setString(i++, e.actor());
        ps.setString(i++, e.agent());
        ps.setString(i++, e.outcome());
        if (e.tier() == null) {
            ps.setNull(i++, Types.SMALLINT);
        } else {
            ps.setShort(i++, (short) e.tier().ordinal());
        }
        if (e.changeSource() == null) {
            ps.setNull(i++, Types.SMALLINT);
        } else {
            ps.setShort(i++, (short) e.changeSource().ordinal());
        }
        ps.setArray(i, ps.getConnection().createArrayOf("text", e.touches().toArray()));
    }

    static final String INSERT = "INSERT INTO audit_records (stream, seq, prev_hash, hash, sig, record, event_id, type, time_ms, fingerprint,"
            + " repository, commit_id, build, actor, agent, outcome, tier, source, touches) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Objects.requireNonNullElse(t.getMessage(), t.toString());
    }

    /** Whether an error is worth retrying: a serialization failure, a deadlock, a unique violation (lost race) or a lost connection. */
    static boolean transientFailure(SQLException e) {
        if (e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException) {
            return true; // e.g. no pooled connection could be made while the server restarts
        }
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01") || state.equals("23505") || state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        List<T> out = new ArrayList<>();
        stream(sql, binder, rs -> out.add(reader.read(rs)));
        return out;
    }

    /** Runs a query with a server-side cursor (rows fetched 1000 at a time), so large results stream. */
    void stream(String sql, Binder binder, RowAction action) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(rs);
                    }
                }
            } finally {
                c.rollback();
                c.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new AuditLogException(location + ": query failed: " + e.getMessage(), e);
        }
    }
}
