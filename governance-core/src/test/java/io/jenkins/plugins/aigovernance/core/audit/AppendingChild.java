package io.jenkins.plugins.aigovernance.core.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link AuditLogCrashTest}: appends events from several threads in a tight loop
 * and prints {@code seq id} for each append once {@link AuditLog#append} has returned.
 * Args: log file, thread count, writer name.
 */
public final class AppendingChild {

    private AppendingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String writer = args[2];
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        AuditLog a = AuditLog.open(log);
        out.println("ready");
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; ; i++) {
                    AuditEvent e = AuditEvents.risk(thread * 1_000_000 + i).withId(writer + "-" + thread + "-" + i);
                    AuditRecord r = a.append(e);
                    synchronized (out) {
                        out.println(r.seq() + " " + r.event().id());
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
