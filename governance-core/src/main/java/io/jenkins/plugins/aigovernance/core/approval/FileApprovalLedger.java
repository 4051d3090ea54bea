package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.JsonDocuments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The approval ledger as a JSON-lines file: one record per line, appended at the end under a file
 * lock and forced to disk ({@link FileChannel#force}) before {@link #append} returns. Bytes already
 * written are never changed. If a crash left an incomplete last line, the next append first ends it
 * and writes a {@code torn-write-sealed} record naming its offset; readers skip such a line (and an
 * incomplete final line) and report it. Any other unreadable line is an error: a damaged ledger never
 * reads as a shorter one.
 */
public final class FileApprovalLedger implements ApprovalLedger {

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = JsonDocuments.newMapper();

    public FileApprovalLedger(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(LedgerEntry entry) {
        byte[] line = line(entry);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            long end = ch.size();
            if (end > 0 && lastByte(ch, end) != '\n') {
                long tornAt = lineStart(ch, end);
                byte[] seal = line(LedgerEntry.sealed(tornAt, clock.instant()));
                end += write(ch, end, new byte[] {'\n'});
                end += write(ch, end, seal);
            }
            write(ch, end, line);
            ch.force(true);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot append to the approval ledger: " + e.getMessage(), e);
        }
    }

    @Override
    public LedgerRead read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LedgerRead(List.of(), List.of());
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read the approval ledger: " + e.getMessage(), e);
        }
        return parse(file.toString(), bytes, json);
    }

    /** Parses ledger bytes ({@code name} names the input in errors). */
    static LedgerRead parse(String name, byte[] bytes, ObjectMapper json) {
        List<LedgerEntry> entries = new ArrayList<>();
        List<LedgerRead.TornWrite> torn = new ArrayList<>();
        long pendingBadOffset = -1;
        int pendingBadLine = 0;
        int pendingBadLength = 0;
        String pendingError = null;
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            lineNo++;
            int nl = indexOf(bytes, (byte) '\n', start);
            if (nl < 0) {
                torn.add(new LedgerRead.TornWrite(start, lineNo, bytes.length - start));
                break;
            }
            String text = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                LedgerEntry e = null;
                String error = null;
                try {
                    e = json.readValue(text, LedgerEntry.class);
                } catch (JsonProcessingException ex) {
                    error = ex.getOriginalMessage();
                }
                if (pendingError != null) {
                    if (e != null && LedgerEntry.TORN_WRITE_SEALED.equals(e.type()) && e.sealedOffset() == pendingBadOffset) {
                        torn.add(new LedgerRead.TornWrite(pendingBadOffset, pendingBadLine, pendingBadLength));
                        pendingError = null;
                    } else {
                        throw damaged(name, pendingBadLine, pendingError);
                    }
                }
                if (e == null) {
                    pendingBadOffset = start;
                    pendingBadLine = lineNo;
                    pendingBadLength = nl - start;
                    pendingError = error;
                } else if (!LedgerEntry.TORN_WRITE_SEALED.equals(e.type())) {
                    entries.add(e);
                }
            }
            start = nl + 1;
        }
        if (pendingError != null) {
            throw damaged(name, pendingBadLine, pendingError);
        }
        return new LedgerRead(entries, torn);
    }

    private static InvalidInputException damaged(String name, int line, String error) {
        return new InvalidInputException(name, "approval ledger line " + line + " is not a ledger record (" + firstLine(error) + ")");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private byte[] line(LedgerEntry entry) {
        try {
            byte[] b = json.writeValueAsBytes(entry);
            byte[] out = new byte[b.length + 1];
            System.arraycopy(b, 0, out, 0, b.length);
            out[b.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write ledger record", e);
        }
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static byte lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    /** Offset just after the last newline before {@code end} (0 when there is none). */
    private static long lineStart(FileChannel ch, long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = end;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            buf.clear().limit(n);
            long from = pos - n;
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    break;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    private static int write(FileChannel ch, long at, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long pos = at;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return bytes.length;
    }
}
