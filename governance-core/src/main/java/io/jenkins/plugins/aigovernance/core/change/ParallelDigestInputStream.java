package io.jenkins.plugins.aigovernance.core.change;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Computes the sha256 of every byte read through it on a second thread, so that hashing a large
 * plan overlaps with parsing it instead of adding to it. The digest covers exactly the bytes the
 * reader consumed, in order. Call {@link #finish()} after the last read, and {@link #stopHashing()}
 * (or {@link #close()}) in any case.
 */
final class ParallelDigestInputStream extends FilterInputStream {

    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final int QUEUE = 32;

    private final BlockingQueue<Chunk> work = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUE + 2);
    private final MessageDigest digest;
    private final Thread hasher;
    private volatile Throwable failure;
    private boolean finished;

    ParallelDigestInputStream(InputStream in) {
        super(in);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        hasher = new Thread(this::hash, "aigov-input-digest");
        hasher.setDaemon(true);
        hasher.start();
    }

    private void hash() {
        try {
            while (true) {
                Chunk c = work.take();
                if (c == END) {
                    return;
                }
                digest.update(c.data(), 0, c.length());
                free.offer(c.data());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private void submit(byte[] b, int off, int n) throws IOException {
        if (failure != null) {
            throw new IOException("hashing the input failed", failure);
        }
        byte[] buf = free.poll();
        if (buf == null || buf.length < n) {
            buf = new byte[Math.max(n, 8192)];
        }
        System.arraycopy(b, off, buf, 0, n);
        try {
            work.put(new Chunk(buf, n));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the input");
        }
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            submit(new byte[] {(byte) c}, 0, 1);
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            submit(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes must be hashed too
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    /** Waits for the hashing thread and returns the hex sha256 of everything read. */
    String finish() throws IOException {
        try {
            work.put(END);
            hasher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing the input");
        }
        finished = true;
        if (failure != null) {
            throw new IOException("hashing the input failed", failure);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Stops the hashing thread if {@link #finish()} was not reached (an error while reading). */
    void stopHashing() {
        if (!finished) {
            hasher.interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        stopHashing();
        super.close();
    }
}
