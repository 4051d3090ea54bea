package io.jenkins.plugins.aigovernance.core.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Low-level reading of the log file: where complete lines end, and lines one by one. */
final class LogFile {

    private LogFile() {
    }

    /** Position just after the last newline at or before {@code size} (0 when there is none). */
    static long completeEnd(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            readFully(ch, buf, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /** The bytes of the line ending just before {@code end} (which follows a newline), without the newline. */
    static byte[] lastLine(FileChannel ch, long end) throws IOException {
        long lineEnd = end - 1;
        long start = completeEnd(ch, lineEnd);
        ByteBuffer buf = ByteBuffer.allocate((int) (lineEnd - start));
        readFully(ch, buf, start);
        return buf.array();
    }

    /** The line starting at {@code offset}, without its newline. */
    static byte[] lineAt(FileChannel ch, long offset) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long pos = offset;
        while (true) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                return out.toByteArray();
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    out.write(buf.array(), 0, i);
                    return out.toByteArray();
                }
            }
            out.write(buf.array(), 0, n);
            pos += n;
        }
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
        buf.flip();
    }

    static FileChannel openRead(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.READ);
    }

    /** Reads lines (without newline) from a stream that holds complete lines only. */
    static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        private byte[] line = new byte[1024];

        Lines(InputStream in) {
            this.in = in;
        }

        /** Next line, or {@code null} at the end; the array is reused, its length is in {@link #length}. */
        int length = -1;

        byte[] next() throws IOException {
            int len = 0;
            while (true) {
                if (pos == lim) {
                    lim = in.read(buf);
                    pos = 0;
                    if (lim <= 0) {
                        lim = 0;
                        length = len;
                        return len == 0 ? null : line;
                    }
                }
                int nl = pos;
                while (nl < lim && buf[nl] != '\n') {
                    nl++;
                }
                int n = nl - pos; // copied a run at a time, not a byte at a time
                if (len + n > line.length) {
                    line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, len + n));
                }
                System.arraycopy(buf, pos, line, len, n);
                len += n;
                if (nl < lim) {
                    pos = nl + 1;
                    length = len;
                    return line;
                }
                pos = lim;
            }
        }
    }
}
