package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.BindingError;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
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
 * and writes a {@code torn-write-sealed} record naming its offset and length; readers skip such a line
 * (and an incomplete final line) and report it. A seal covers only a real torn write right before it
 * (see {@link #parse}); any other unreadable line is an error: a damaged ledger never reads as a
 * shorter one.
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
                byte[] seal = line(LedgerEntry.sealed(tornAt, end - tornAt, clock.instant()));
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

    /**
     * Parses ledger bytes ({@code name} names the input in errors). The rules (docs/approvals.md):
     * <ul>
     * <li>a last line without its newline that reads as a whole record is that record (a crash between the record and its
     *     newline, or a newline removed); any other last line without a newline is the unsealed tail: skipped and reported,
     *     and while it is there no approval counts ({@link LedgerEvaluation#of});</li>
     * <li>a {@code torn-write-sealed} record covers exactly the line right before it, and only when that
     *     line is a real torn write: its offset (and length, when the seal gives it) match, and its bytes
     *     are the unfinished start of one record — JSON cut off inside its top-level object, with no
     *     record nested in it. Anything else (a line with a syntax error, trailing data, a complete
     *     document, a record hidden inside an open array) is damage;</li>
     * <li>a seal after a line that is a complete record (a crash after the record, before its newline)
     *     covers nothing: the record counts;</li>
     * <li>a seal anywhere else, and any other unreadable line, make the ledger unreadable.</li>
     * </ul>
     */
    static LedgerRead parse(String name, byte[] bytes, ObjectMapper json) {
        List<LedgerEntry> entries = new ArrayList<>();
        List<LedgerRead.TornWrite> skipped = new ArrayList<>();
        Bad pending = null;
        long previousRecordOffset = -1;
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            lineNo++;
            int nl = indexOf(bytes, (byte) '\n', start);
            if (nl < 0 && !completeRecord(bytes, start, json)) {
                if (pending != null) {
                    throw damaged(name, pending.line, pending.error);
                }
                skipped.add(new LedgerRead.TornWrite(start, lineNo, bytes.length - start, LedgerRead.Skip.UNSEALED_TAIL));
                break;
            }
            if (nl < 0) {
                nl = bytes.length; // a whole record whose newline is missing: read as every other line is
            }
            String text = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                if (pending != null) {
                    throw damaged(name, pending.line, pending.error + "; a torn-write-sealed record must follow it directly");
                }
                skipped.add(new LedgerRead.TornWrite(start, lineNo, nl - start, LedgerRead.Skip.BLANK));
                previousRecordOffset = -1;
                start = nl + 1;
                continue;
            }
            LedgerEntry e = null;
            String error = null;
            try {
                e = json.readValue(text, LedgerEntry.class);
            } catch (JsonProcessingException ex) {
                BindingError b = BindingError.of(ex);
                error = (b.field().isEmpty() ? "" : b.field() + ": ") + b.message();
            }
            boolean seal = e != null && LedgerEntry.TORN_WRITE_SEALED.equals(e.type());
            if (pending != null) {
                if (!seal || e.sealedOffset() != pending.offset || (e.sealedLength() != null && e.sealedLength() != pending.length)) {
                    throw damaged(name, pending.line, pending.error);
                }
                if (!pending.tornPrefix) {
                    throw new InvalidInputException(name, "approval ledger line " + lineNo + " seals line " + pending.line
                            + ", which is not an incomplete write (" + firstLine(pending.error) + "): a seal covers only a torn tail");
                }
                skipped.add(new LedgerRead.TornWrite(pending.offset, pending.line, pending.length, LedgerRead.Skip.SEALED));
                pending = null;
                previousRecordOffset = -1;
            } else if (seal) {
                if (e.sealedOffset() != previousRecordOffset) {
                    throw new InvalidInputException(name, "approval ledger line " + lineNo + " is a torn-write-sealed record for offset "
                            + e.sealedOffset() + ", but the line before it is no incomplete write: a seal covers only a torn tail");
                }
                // the line before was written whole but left without its newline by a crash: it counts
                previousRecordOffset = -1;
            } else if (e == null) {
                pending = new Bad(start, lineNo, nl - start, error, tornPrefix(bytes, start, nl - start));
            } else {
                entries.add(e);
                previousRecordOffset = start;
            }
            start = nl + 1;
        }
        if (pending != null) {
            throw damaged(name, pending.line, pending.error);
        }
        return new LedgerRead(entries, skipped);
    }

    /** Whether the bytes from {@code start} to the end read as one ledger record (a last line missing only its newline). */
    private static boolean completeRecord(byte[] bytes, int start, ObjectMapper json) {
        try {
            json.readValue(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8), LedgerEntry.class);
            return true;
        } catch (JsonProcessingException notARecord) {
            return false;
        }
    }

    /** An unreadable line waiting for the seal that must follow it. */
    private record Bad(long offset, int line, int length, String error, boolean tornPrefix) {
    }

    /** Field names of a ledger record itself: inside a real torn write they appear only at the top level. */
    private static final java.util.Set<String> RECORD_FIELDS = java.util.Set.of("type", "requestId", "recordedAt", "sealedOffset");

    /**
     * Whether these bytes are the unfinished start of one record, as a crash mid-append leaves it:
     * JSON that ends inside its top-level object, with no syntax error on the way and no record's own
     * fields below the top level (a complete record tucked into an open array or object would be).
     */
    private static boolean tornPrefix(byte[] bytes, int offset, int length) {
        try (com.fasterxml.jackson.core.JsonParser p = TORN_SCAN.createParser(bytes, offset, length)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            int depth = 1;
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (depth >= 2 && RECORD_FIELDS.contains(p.currentName())) {
                            return false; // a record's own field below the top level: a record hidden inside
                        }
                    }
                    default -> {
                    }
                }
                if (depth == 0) {
                    return false; // the document ended: not cut off
                }
            }
            return false;
        } catch (com.fasterxml.jackson.core.io.JsonEOFException eof) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    private static final com.fasterxml.jackson.core.JsonFactory TORN_SCAN =
            JsonDocuments.strictFactory(com.fasterxml.jackson.core.StreamReadConstraints.defaults());

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
