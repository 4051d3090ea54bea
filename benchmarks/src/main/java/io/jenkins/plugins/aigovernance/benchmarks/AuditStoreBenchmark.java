package io.jenkins.plugins.aigovernance.benchmarks;

import io.jenkins.plugins.aigovernance.core.audit.AuditChange;
import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditQuery;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import io.jenkins.plugins.aigovernance.core.audit.FileAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresAuditStore;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresCredentials;
import io.jenkins.plugins.aigovernance.core.audit.postgresql.PostgresLocation;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Compares the audit stores: durable appends per second with 1 and 8 writers (the file: threads sharing
 * one log, group commit; PostgreSQL: one appender, connection and stream each, as 8 controllers would),
 * then the IAM query ("AI changes that touched IAM in the last 30 days, with their approvers") over N
 * generated events, first run and median of 5.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.jenkins.plugins.aigovernance.benchmarks.AuditStoreBenchmark
 * [--store postgresql://HOST:PORT/DB] [--events N] [--seconds S] [--dir DIR] [--no-file] [--no-appends] [--reuse] [--verify]};
 * PostgreSQL credentials from {@code PGUSER} / {@code PGPASSWORD}. The store's schema is dropped first (with
 * {@code --reuse}: only when it holds fewer than N events): use a scratch database. Put {@code --dir} on a real
 * disk (on tmpfs an fsync costs nothing). After the query times it prints the PostgreSQL plan of the IAM query
 * ({@code EXPLAIN (ANALYZE, BUFFERS)}); {@code --verify} also times {@code verify} of every stream.
 */
public final class AuditStoreBenchmark {

    private AuditStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        int events = 100_000;
        int seconds = 5;
        boolean file = true;
        boolean appends = true;
        boolean reuse = false;
        boolean verify = false;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> url = args[++i];
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-file" -> file = false;
                case "--no-appends" -> appends = false;
                case "--reuse" -> reuse = true;
                case "--verify" -> verify = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory(dir, "audit-store-bench");
        int[] n = {0};
        if (file) {
            Supplier<AuditStore> fresh = () -> new FileAuditStore(work.resolve("audit-" + (++n[0]) + ".jsonl"));
            if (appends) {
                appendRates("file", fresh, seconds);
            }
            try (AuditStore s = fresh.get()) {
                long t0 = System.nanoTime();
                int written;
                try (AuditStore.Appender a = s.appender(((FileAuditStore) s).stream(), null)) {
                    written = AuditLogGenerator.generate(events, 42, a::appendAll);
                }
                System.out.printf("%-10s loaded %,d events in %.1f s (every batch through the store's appender)%n", "file", written,
                        (System.nanoTime() - t0) / 1e9);
                queries("file", s, written, verify);
            }
        }
        if (url != null) {
            PostgresLocation at = PostgresLocation.parse("--store", url);
            PostgresCredentials c = PostgresCredentials.fromEnvironment(System.getenv());
            Supplier<AuditStore> fresh = () -> {
                dropSchema(at, c);
                return PostgresAuditStore.open(at, c, 10);
            };
            if (appends) {
                appendRates("postgresql", fresh, seconds);
            }
            long have = reuse ? loadedEvents(at, c) : -1;
            try (PostgresAuditStore s = have >= events ? PostgresAuditStore.open(at, c, 10) : (PostgresAuditStore) fresh.get()) {
                long written = have >= events ? have : load(s, at, c, events);
                queries("postgresql", s, written, verify);
                System.out.println("postgresql plan of the IAM query (EXPLAIN (ANALYZE, BUFFERS)):");
                System.out.println(s.explainChanges(iamQuery()));
            }
        }
    }

    /** "AI changes that touched IAM in the last 30 days" (the generator's now). */
    static AuditQuery iamQuery() {
        return AuditQuery.aiChanges().touching("iam").since(AuditLogGenerator.NOW.minus(Duration.ofDays(30))).until(AuditLogGenerator.NOW);
    }

    private static void appendRates(String name, Supplier<AuditStore> fresh, int seconds) throws InterruptedException {
        for (int writers : new int[] {1, 8}) {
            try (AuditStore s = fresh.get()) {
                double rate = appends(s, writers, Duration.ofSeconds(seconds));
                System.out.printf("%-10s durable appends/s, %d writer%s: %,.0f%n", name, writers, writers == 1 ? " " : "s", rate);
            }
        }
    }

    /**
     * Loads {@code events} generated events into stream {@code bench}: the first and the last batch (about
     * 10,000 events each) through the store's appender, the rest with COPY ({@link PostgresBulkLoad}, same
     * records, same chain); then VACUUM ANALYZE, as autovacuum would do after a bulk load.
     */
    private static long load(PostgresAuditStore s, PostgresLocation at, PostgresCredentials c, int events) throws Exception {
        long t0 = System.nanoTime();
        List<List<AuditEvent>> batches = new ArrayList<>();
        AuditLogGenerator.generate(events, 42, batches::add);
        long written = 0;
        try (AuditStore.Appender a = s.appender("bench", null)) {
            a.appendAll(batches.get(0));
            written += batches.get(0).size();
            if (batches.size() > 1) {
                try (Connection conn = DriverManager.getConnection(at.jdbcUrl(), c.user(), c.password())) {
                    conn.setAutoCommit(false);
                    PostgresBulkLoad bulk = new PostgresBulkLoad(conn, "bench");
                    for (List<AuditEvent> b : batches.subList(1, batches.size() - 1)) {
                        bulk.copy(b);
                    }
                    written += bulk.finish();
                    conn.commit();
                }
                List<AuditEvent> last = batches.get(batches.size() - 1);
                a.appendAll(last);
                written += last.size();
            }
        }
        long t1 = System.nanoTime();
        try (Connection conn = DriverManager.getConnection(at.jdbcUrl(), c.user(), c.password()); Statement st = conn.createStatement()) {
            st.execute("VACUUM ANALYZE " + PostgresAuditStore.SCHEMA + ".audit_records");
        }
        System.out.printf("%-10s loaded %,d events in %.1f s (first and last batch through the appender, the rest by COPY), VACUUM ANALYZE %.1f s%n",
                "postgresql", written, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        return written;
    }

    private static void queries(String name, AuditStore s, long written, boolean verify) {
        AuditQuery iam = iamQuery();
        long[] ms = new long[6];
        List<AuditChange> found = List.of();
        for (int i = 0; i < ms.length; i++) {
            long q0 = System.nanoTime();
            found = s.changes(iam);
            ms[i] = (System.nanoTime() - q0) / 1_000_000;
        }
        long[] warm = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(warm);
        long approved = found.stream().filter(ch -> !ch.approvers().isEmpty()).count();
        System.out.printf("%-10s IAM query over %,d events: %d changes (%d with approvers), first %d ms, median %d ms%n", name, written, found.size(),
                approved, ms[0], warm[warm.length / 2]);
        AuditQuery filters = AuditQuery.aiChanges().touching("iam");
        long[] ims = new long[6];
        int changes = 0;
        for (int i = 0; i < ims.length; i++) {
            long q0 = System.nanoTime();
            changes = s.incident(filters, AuditLogGenerator.NOW.minus(Duration.ofDays(30)), AuditLogGenerator.NOW).changes().size();
            ims[i] = (System.nanoTime() - q0) / 1_000_000;
        }
        long[] iwarm = Arrays.copyOfRange(ims, 1, ims.length);
        Arrays.sort(iwarm);
        System.out.printf("%-10s IAM incident (incident --ai --touches iam, 30-day window) over %,d events: %d changes, first %d ms, median %d ms%n",
                name, written, changes, ims[0], iwarm[iwarm.length / 2]);
        if (verify) {
            for (String stream : s.streams()) {
                long v0 = System.nanoTime();
                var v = s.verify(stream, null, null);
                System.out.printf("%-10s verify %s: %s, %,d records in %.1f s%n", name, stream, v.verified() ? "verified" : "FAILED " + v.problem(),
                        v.records(), (System.nanoTime() - v0) / 1e9);
            }
        }
    }

    private static long loadedEvents(PostgresLocation at, PostgresCredentials c) {
        try (Connection conn = DriverManager.getConnection(at.jdbcUrl(), c.user(), c.password()); Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(last_seq), 0) FROM " + PostgresAuditStore.SCHEMA + ".audit_streams")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void dropSchema(PostgresLocation at, PostgresCredentials c) {
        try (Connection conn = DriverManager.getConnection(at.jdbcUrl(), c.user(), c.password()); Statement st = conn.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + PostgresAuditStore.SCHEMA + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double appends(AuditStore s, int writers, Duration d) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String stream = s instanceof FileAuditStore f ? f.stream() : "writer-" + w;
            AuditStore.Appender a = s.appender(stream, null);
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    a.append(AuditEvent.builder(AuditEventType.RISK_ASSESSED, Instant.now()).fingerprint("sha256:bench").agent("claude-code")
                            .touches("iam").build());
                    done.increment();
                }
                a.close();
            });
            threads.add(t);
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(d.toMillis());
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return done.sum() / ((System.nanoTime() - t0) / 1e9);
    }
}
