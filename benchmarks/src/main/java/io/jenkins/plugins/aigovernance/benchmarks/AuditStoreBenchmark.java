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
 * [--store postgresql://HOST:PORT/DB] [--events N] [--seconds S] [--dir DIR]}; PostgreSQL credentials from
 * {@code PGUSER} / {@code PGPASSWORD}. The store's schema is dropped first: use a scratch database. Put
 * {@code --dir} on a real disk (on tmpfs an fsync costs nothing).
 */
public final class AuditStoreBenchmark {

    private AuditStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        int events = 100_000;
        int seconds = 5;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> url = args[++i];
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory(dir, "audit-store-bench");
        int[] n = {0};
        report("file", () -> new FileAuditStore(work.resolve("audit-" + (++n[0]) + ".jsonl")), events, seconds);
        if (url != null) {
            PostgresLocation at = PostgresLocation.parse("--store", url);
            PostgresCredentials c = PostgresCredentials.fromEnvironment(System.getenv());
            report("postgresql", () -> {
                try (var conn = java.sql.DriverManager.getConnection(at.jdbcUrl(), c.user(), c.password()); var st = conn.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + PostgresAuditStore.SCHEMA + " CASCADE");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return PostgresAuditStore.open(at, c, 10);
            }, events, seconds);
        }
    }

    private static void report(String name, Supplier<AuditStore> fresh, int events, int seconds) throws Exception {
        for (int writers : new int[] {1, 8}) {
            try (AuditStore s = fresh.get()) {
                double rate = appends(s, writers, Duration.ofSeconds(seconds));
                System.out.printf("%-10s durable appends/s, %d writer%s: %,.0f%n", name, writers, writers == 1 ? " " : "s", rate);
            }
        }
        try (AuditStore s = fresh.get()) {
            String stream = s instanceof FileAuditStore f ? f.stream() : "bench";
            long t0 = System.nanoTime();
            int written;
            try (AuditStore.Appender a = s.appender(stream, null)) {
                written = AuditLogGenerator.generate(events, 42, a::appendAll);
            }
            System.out.printf("%-10s loaded %,d events in %.1f s%n", name, written, (System.nanoTime() - t0) / 1e9);
            AuditQuery iam = AuditQuery.aiChanges().touching("iam").since(AuditLogGenerator.NOW.minus(Duration.ofDays(30)))
                    .until(AuditLogGenerator.NOW);
            long[] ms = new long[6];
            List<AuditChange> found = List.of();
            for (int i = 0; i < ms.length; i++) {
                long q0 = System.nanoTime();
                found = s.changes(iam);
                ms[i] = (System.nanoTime() - q0) / 1_000_000;
            }
            long[] warm = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(warm);
            System.out.printf("%-10s IAM query over %,d events: %d changes, first %d ms, median %d ms%n", name, written, found.size(), ms[0],
                    warm[warm.length / 2]);
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
