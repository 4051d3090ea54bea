package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tamper-evident audit log: append-only JSON lines, each record chained to the previous one by
 * hash and optionally signed with Ed25519 (see docs/audit.md for the record format).
 *
 * <p>{@link #append} returns only once the record's bytes are on disk ({@link FileChannel#force}).
 * Concurrent appenders share one write and one force (group commit): the first waiting appender
 * becomes the leader and writes every queued record; the others wait for it. Each batch is written
 * under an exclusive {@link FileLock}, so several processes can append to the same file; a
 * process re-reads the last record when another one has appended since. Bytes after the last
 * newline that are one whole record following the one before it (canonical, hash and chain right, signed when that one
 * is: a crash between a record and its newline) get their newline; any other bytes there (an append cut short by a
 * crash) are moved to {@code <log>.torn} and cut off before the next batch; complete earlier records are never rewritten.
 *
 * <p>An instance without a signing key refuses to append to a log whose last record is signed
 * ({@link AuditLogException} naming the file): an unsigned record there would make the whole log fail
 * {@code verify --public-key} from that record on, so a writer that lost or never had the key cannot
 * quietly add records that look like the signed ones. An instance whose key is not the one that signed the last record
 * is refused the same way: Ed25519 signatures are deterministic (RFC 8032 §5.1.6), so signing the last record's hash
 * with this instance's key gives exactly that record's {@code sig} if and only if it is the same key (no public key is
 * needed); a writer with a key of its own cannot continue someone else's signed log as if it were theirs. Any append is
 * refused when the last record's {@code sig} is not a string ({@code null}, a number: the record was edited) or when the
 * last record is unsigned but the one before it is signed (a signed log never becomes unsigned: its {@code sig} was
 * removed). Only the last two records are read for this, never the whole log.
 *
 * <p>Use one instance per file per JVM. An append that throws may or may not be in the log.
 */
public final class AuditLog implements AutoCloseable {

    private final Path path;
    private final PrivateKey signingKey;
    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private final RecordHasher hasher = new RecordHasher();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchDone = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean leaderActive;
    private boolean closed;

    // touched by the leader only (one at a time)
    private FileChannel channel;
    private long knownEnd = -1;
    private long lastSeq;
    private String lastHash;
    private String lastSig; // the last record's sig, or null when it is unsigned
    private boolean lastSigOurs; // lastSig was written by this writer with signingKey (not read from the file)
    private final List<TornTail> repairs = new ArrayList<>();

    private AuditLog(Path path, PrivateKey signingKey) {
        this.path = path;
        this.signingKey = signingKey;
    }

    /** Opens (creating if needed) an unsigned log. */
    public static AuditLog open(Path path) {
        return open(path, null);
    }

    /** Opens (creating if needed) a log whose records are signed with {@code signingKey} (Ed25519; may be null). */
    public static AuditLog open(Path path, PrivateKey signingKey) {
        AuditLog log = new AuditLog(path.toAbsolutePath(), signingKey);
        log.lock.lock();
        try {
            log.leaderActive = true;
            log.withFileLock(() -> null);
        } finally {
            log.leaderActive = false;
            log.lock.unlock();
        }
        return log;
    }

    public Path path() {
        return path;
    }

    /** Appends one event; returns once it is durable. */
    public AuditRecord append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /** Appends events in order, as one batch; returns once all are durable. */
    public List<AuditRecord> appendAll(List<AuditEvent> events) {
        List<Pending> mine = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            mine.add(new Pending(java.util.Objects.requireNonNull(e, "event")));
        }
        Pending last = mine.get(mine.size() - 1);
        lock.lock();
        try {
            if (closed) {
                throw new AuditLogException(path + ": audit log is closed");
            }
            queue.addAll(mine);
            while (!last.done) {
                if (leaderActive) {
                    batchDone.awaitUninterruptibly();
                    continue;
                }
                leaderActive = true;
                List<Pending> batch = new ArrayList<>(queue);
                queue.clear();
                lock.unlock();
                try {
                    writeBatch(batch);
                } finally {
                    lock.lock();
                    leaderActive = false;
                    for (Pending p : batch) {
                        p.done = true;
                    }
                    batchDone.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        List<AuditRecord> out = new ArrayList<>(mine.size());
        for (Pending p : mine) {
            if (p.failure != null) {
                throw new AuditLogException(path + ": append failed: " + p.failure.getMessage(), p.failure);
            }
            out.add(p.record);
        }
        return out;
    }

    /** Torn tails this instance found and cut off (each saved to {@code <log>.torn}). */
    public List<TornTail> repairs() {
        lock.lock();
        try {
            return List.copyOf(repairs);
        } finally {
            lock.unlock();
        }
    }

    /** Sequence number of the last record written by any process, as last seen by this instance. */
    public long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            while (leaderActive) {
                batchDone.awaitUninterruptibly();
            }
            closed = true;
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new AuditLogException(path + ": cannot close: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void writeBatch(List<Pending> batch) {
        try {
            withFileLock(() -> {
                if (signingKey == null && lastSig != null) {
                    throw new AuditLogException("the log's records are signed (record " + lastSeq
                            + " is); refusing to append an unsigned record: give the signing key (aigov audit append --signing-key PEM)");
                }
                // a signature this writer made needs no check; one read from the file is signed again (Ed25519 is deterministic)
                if (signingKey != null && lastSig != null && !lastSigOurs && !RecordHasher.sign(signingKey, lastHash).equals(lastSig)) {
                    throw new AuditLogException("the log's records are signed with another key (record " + lastSeq
                            + " is not signed with this one); refusing to append: give the log's signing key (aigov audit append --signing-key PEM)");
                }
                long seq = lastSeq;
                String prev = lastHash;
                String sigOfLast = lastSig;
                ByteArrayBuilder bytes = new ByteArrayBuilder(batch.size() * 640);
                for (Pending p : batch) {
                    seq++;
                    JsonNode node = mapper.valueToTree(p.event);
                    String hash = hasher.hash(seq, prev, node);
                    String sig = signingKey == null ? null : RecordHasher.sign(signingKey, hash);
                    bytes.write(hasher.line(seq, prev, node, hash, sig));
                    p.record = new AuditRecord(seq, prev, p.event, hash, sig);
                    prev = hash;
                    sigOfLast = sig;
                }
                ByteBuffer buf = ByteBuffer.wrap(bytes.array(), 0, bytes.size());
                long pos = knownEnd;
                try {
                    while (buf.hasRemaining()) {
                        pos += channel.write(buf, pos);
                    }
                    channel.force(false);
                } catch (IOException | RuntimeException e) {
                    knownEnd = -1; // re-read the tail before the next batch
                    throw e;
                }
                knownEnd = pos;
                lastSeq = seq;
                lastHash = prev;
                lastSig = sigOfLast;
                lastSigOurs = true;
                return null;
            });
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                p.failure = e;
            }
        }
    }

    private interface Locked {
        Object run() throws IOException;
    }

    /** Runs {@code body} holding the file lock, after bringing the tail state up to date. */
    private void withFileLock(Locked body) {
        boolean interrupted = Thread.interrupted(); // an interrupt would close the channel mid-write
        try {
            if (channel == null || !channel.isOpen()) {
                boolean created = !Files.exists(path);
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (created) {
                    forceDirectory(path.getParent());
                }
                knownEnd = -1;
            }
            FileLock fileLock = channel.lock();
            try {
                syncTail();
                body.run();
            } finally {
                if (fileLock.isValid()) {
                    fileLock.release();
                }
            }
        } catch (IOException e) {
            knownEnd = -1;
            throw new AuditLogException(path + ": " + e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void syncTail() throws IOException {
        long size = channel.size();
        if (size == knownEnd) {
            return;
        }
        long end = LogFile.completeEnd(channel, size);
        if (end < size && wholeRecordAt(end, size)) {
            // a whole record that lost only its newline (a crash between the two, or the newline removed): end it, keep it
            ByteBuffer nl = ByteBuffer.wrap(new byte[] {'\n'});
            while (nl.hasRemaining()) {
                channel.write(nl, size);
            }
            channel.force(false);
            size++;
            end = size;
        } else if (end < size) {
            cutTornTail(end, size);
        }
        if (end == 0) {
            lastSeq = 0;
            lastHash = AuditRecord.GENESIS;
            lastSig = null;
            lastSigOurs = false;
        } else {
            byte[] line = LogFile.lastLine(channel, end);
            JsonNode last;
            try {
                last = mapper.readTree(line);
            } catch (IOException e) {
                last = null;
            }
            if (last == null || !last.path("seq").canConvertToLong() || !last.path("hash").isTextual()) {
                throw new AuditLogException(path + ": the last record is not a valid audit record; refusing to append (run 'aigov audit verify')");
            }
            lastSeq = last.get("seq").asLong();
            lastHash = last.get("hash").asText();
            JsonNode sig = last.get("sig");
            if (sig != null && !sig.isTextual()) {
                throw new AuditLogException(path + ": the last record (seq " + lastSeq + ") has a sig that is not a signature (" + sig
                        + "): it was edited; refusing to append (run 'aigov audit verify')");
            }
            lastSig = sig == null ? null : sig.asText();
            lastSigOurs = false;
            if (lastSig == null && end > line.length + 1 && signed(LogFile.lastLine(channel, end - line.length - 1))) {
                throw new AuditLogException(path + ": the last record (seq " + lastSeq + ") is unsigned but the record before it is signed:"
                        + " a signed log never becomes unsigned (its sig was removed); refusing to append (run 'aigov audit verify --public-key')");
            }
        }
        knownEnd = end;
    }

    /** Whether a record line carries a signature (a {@code sig} string); an unreadable line counts as signed (fail closed). */
    private boolean signed(byte[] line) {
        try {
            JsonNode n = mapper.readTree(line);
            return n == null || !n.isObject() || n.path("sig").isTextual();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether the bytes from {@code start} (just after a newline, or 0) to {@code size} are one whole record that follows the
     * record before it: the next seq, that record's hash as prevHash, a hash its content gives, written in canonical form
     * exactly as an append writes it, and signed if the record before it is. Anything else is a torn write.
     */
    private boolean wholeRecordAt(long start, long size) throws IOException {
        if (size - start > (16 << 20)) {
            return false;
        }
        ByteBuffer tail = ByteBuffer.allocate((int) (size - start));
        LogFile.readFully(channel, tail, start);
        byte[] bytes = tail.array();
        JsonNode rec;
        try {
            rec = mapper.readTree(bytes);
        } catch (IOException e) {
            return false;
        }
        if (rec == null || !rec.isObject() || !rec.path("seq").isIntegralNumber() || !rec.path("prevHash").isTextual()
                || !rec.path("hash").isTextual() || !rec.path("event").isObject()) {
            return false;
        }
        long seq = 1;
        String prev = AuditRecord.GENESIS;
        boolean signedBefore = false;
        if (start > 0) {
            JsonNode before;
            try {
                before = mapper.readTree(LogFile.lastLine(channel, start));
            } catch (IOException e) {
                return false;
            }
            if (before == null || !before.path("seq").canConvertToLong() || !before.path("hash").isTextual()) {
                return false;
            }
            seq = before.get("seq").asLong() + 1;
            prev = before.get("hash").asText();
            signedBefore = before.path("sig").isTextual();
        }
        JsonNode sig = rec.get("sig");
        if (rec.get("seq").asLong() != seq || !rec.get("prevHash").asText().equals(prev) || (sig != null && !sig.isTextual())
                || (signedBefore && sig == null)) {
            return false;
        }
        String hash = rec.get("hash").asText();
        if (!hasher.hash(seq, prev, rec.get("event")).equals(hash)) {
            return false;
        }
        byte[] canonical = hasher.line(seq, prev, rec.get("event"), hash, sig == null ? null : sig.asText());
        return java.util.Arrays.equals(bytes, 0, bytes.length, canonical, 0, canonical.length - 1);
    }

    private void cutTornTail(long end, long size) throws IOException {
        ByteBuffer torn = ByteBuffer.allocate((int) Math.min(size - end, 16 << 20));
        LogFile.readFully(channel, torn, end);
        Path copy = path.resolveSibling(path.getFileName() + ".torn");
        try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            String header = "# " + Instant.now() + " cut " + (size - end) + " bytes at offset " + end + " of " + path.getFileName() + "\n";
            out.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)));
            out.write(torn);
            out.write(ByteBuffer.wrap(new byte[] {'\n'}));
            out.force(true);
        }
        channel.truncate(end);
        channel.force(true);
        long lineNo = countLines(end) + 1;
        repairs.add(new TornTail(end, size - end, lineNo));
    }

    private long countLines(long end) throws IOException {
        long n = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (long pos = 0; pos < end;) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int r = channel.read(buf, pos);
            if (r <= 0) {
                break;
            }
            for (int i = 0; i < r; i++) {
                if (buf.get(i) == '\n') {
                    n++;
                }
            }
            pos += r;
        }
        return n;
    }

    private static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can sync a directory; the file itself is still forced
        }
    }

    private static final class Pending {
        final AuditEvent event;
        AuditRecord record;
        Throwable failure;
        boolean done;

        Pending(AuditEvent event) {
            this.event = event;
        }
    }

    /** A growable byte array that hands out its buffer without copying. */
    private static final class ByteArrayBuilder extends java.io.ByteArrayOutputStream {
        ByteArrayBuilder(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
