package io.jenkins.plugins.aigovernance.core.change;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads the changed files of one diff on several threads: each file's blobs and line counts are independent of the
 * others. Every thread has its own {@link ObjectReader} (JGit's readers are single-threaded; the window cache behind them
 * is shared and thread-safe). Files are taken in chunks of {@value #CHUNK} in order; the results come back in the
 * entries' order, whatever thread read them, so the output is the same as one thread's.
 *
 * <p>Failure: the error of the first file (in the entries' order) that fails is thrown, as one thread reading them in
 * order would throw it, an {@link IOException} with the file's path in front of its message; once a file failed, no
 * thread starts a file after it. Every thread started has ended (joined) when a call returns or throws.
 *
 * <p>Holds no state between calls; the threads live for one call.
 */
final class ParallelDiff {

    /** Files a thread takes at a time. */
    static final int CHUNK = 64;
    /** Changes smaller than this many files per extra thread are read on the caller's thread alone. */
    static final int MIN_FILES_PER_THREAD = 512;
    /** Threads at most, the caller's included. */
    static final int MAX_THREADS = 4;

    /** Reads one file of the diff with the calling thread's reader. */
    @FunctionalInterface
    interface FileRead {
        FileChange read(ObjectReader reader, DiffEntry entry) throws IOException;
    }

    private ParallelDiff() {
    }

    /** The threads to use for {@code files} changed files on {@code cores} processors: 1 for a small change. */
    static int threads(int files, int cores) {
        return Math.max(1, Math.min(Math.min(cores, MAX_THREADS), files / MIN_FILES_PER_THREAD));
    }

    /**
     * {@code read} applied to every entry, on {@link #threads} threads for this machine, in the entries' order.
     *
     * @throws IOException the first failing file's error, its path in front of the message
     */
    static List<FileChange> read(Repository repo, List<DiffEntry> entries, FileRead read) throws IOException {
        return read(repo, entries, threads(entries.size(), Runtime.getRuntime().availableProcessors()), read);
    }

    /** {@link #read(Repository, List, FileRead)} on {@code threads} threads (the caller's one of them). */
    static List<FileChange> read(Repository repo, List<DiffEntry> entries, int threads, FileRead read) throws IOException {
        int n = entries.size();
        FileChange[] out = new FileChange[n];
        Throwable[] failed = new Throwable[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
        Runnable worker = () -> {
            try (ObjectReader reader = repo.newObjectReader()) {
                for (int start; (start = next.getAndAdd(CHUNK)) < n && start < firstFailed.get(); ) {
                    int end = Math.min(n, start + CHUNK);
                    for (int i = start; i < end && i < firstFailed.get(); i++) {
                        try {
                            out[i] = read.read(reader, entries.get(i));
                        } catch (IOException | RuntimeException | Error e) {
                            failed[i] = e;
                            firstFailed.accumulateAndGet(i, Math::min);
                            break;
                        }
                    }
                }
            }
        };
        if (threads <= 1) {
            worker.run();
        } else {
            List<Thread> started = new ArrayList<>(threads - 1);
            ExecutorService pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "aigov-diff");
                t.setDaemon(true);
                synchronized (started) {
                    started.add(t);
                }
                return t;
            });
            try {
                List<Future<?>> helpers = new ArrayList<>(threads - 1);
                for (int t = 1; t < threads; t++) {
                    helpers.add(pool.submit(worker));
                }
                worker.run();
                for (Future<?> f : helpers) {
                    f.get(); // the worker records its errors; get() orders the helpers' writes before the reads below
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the changed files");
            } catch (ExecutionException e) {
                throw new IllegalStateException("a diff thread failed outside a file", e.getCause());
            } finally {
                // no interrupt (shutdownNow): an interrupted read closes the pack file JGit shares between threads;
                // taking every chunk stops the helpers after the chunk they are reading
                next.set(n);
                pool.shutdown();
                synchronized (started) {
                    awaitEnd(started);
                }
            }
        }
        int first = firstFailed.get();
        if (first != Integer.MAX_VALUE) {
            throw rethrow(entries.get(first), failed[first]);
        }
        return Arrays.asList(out);
    }

    /** Waits for the pool's threads to end (they stop at their next file once a file failed or the caller returned). */
    private static void awaitEnd(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException rethrow(DiffEntry e, Throwable t) {
        if (t instanceof RuntimeException r && !(r instanceof UncheckedIOException)) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        Throwable io = t instanceof UncheckedIOException u ? u.getCause() : t;
        String path = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
        return new IOException(path + ": " + io.getMessage(), io);
    }
}
