package io.jenkins.plugins.aigovernance.core.audit.postgresql;

import io.jenkins.plugins.aigovernance.core.audit.AuditEvent;
import io.jenkins.plugins.aigovernance.core.audit.AuditEventType;
import io.jenkins.plugins.aigovernance.core.audit.AuditRecord;
import io.jenkins.plugins.aigovernance.core.audit.AuditStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Child process for {@link PostgresAuditStoreCrashTest}: appends to one stream from several threads (each
 * its own appender and connection) in a tight loop and prints {@code stream seq id} once each append
 * has returned. Args: host, port, database, user, password, stream, threads, writer name.
 */
public final class PostgresAppendingChild {

    private PostgresAppendingChild() {
    }

    public static void main(String[] args) throws Exception {
        PostgresLocation at = new PostgresLocation(args[0], Integer.parseInt(args[1]), args[2]);
        String stream = args[5];
        int threads = Integer.parseInt(args[6]);
        String writer = args[7];
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        AuditStore store = PostgresAuditStore.open(at, new PostgresCredentials(args[3], args[4]), threads + 1);
        out.println("ready");
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ts[t] = new Thread(() -> {
                try (AuditStore.Appender a = store.appender(stream, null)) {
                    for (int i = 0; ; i++) {
                        AuditEvent e = AuditEvent.builder(AuditEventType.RISK_ASSESSED, Instant.now()).id(writer + "-" + thread + "-" + i)
                                .fingerprint("sha256:" + writer + thread + "-" + i).agent("claude-code").touches("iam").build();
                        AuditRecord r = a.append(e);
                        synchronized (out) {
                            out.println(stream + " " + r.seq() + " " + r.event().id());
                        }
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
    }
}
