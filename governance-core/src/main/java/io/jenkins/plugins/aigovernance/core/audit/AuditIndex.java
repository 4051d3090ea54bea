package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A compact in-memory index of a log for queries: one row per event with its time, type, tier and
 * source as numbers and its strings (fingerprint, commit, agent, actor, outcome, repository, build,
 * touches) as ids into dictionaries, plus the byte offset of its record. Built by streaming the log
 * once with Jackson's parser (skipping hashes, signatures and {@code details}); {@link #refresh()}
 * reads only what was appended since. Queries scan the columns and read whole records only for the
 * results. Safe for concurrent use.
 *
 * <p>The index reads what the file holds; whether the records are genuine is {@link AuditVerifier}'s job.
 */
public final class AuditIndex {

    private static final AuditEventType[] TYPES = AuditEventType.values();
    private static final RiskTier[] TIERS = RiskTier.values();
    private static final ChangeSource[] SOURCES = ChangeSource.values();
    private static final int NONE = -1;

    private final Path log;
    private final JsonFactory factory = new JsonFactory();
    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private final Map<String, AuditEventType> typeNames = new HashMap<>();
    private final Map<String, ChangeSource> sourceNames = new HashMap<>();
    private final Map<String, RiskTier> tierNames = new HashMap<>();

    private final Dictionary fingerprints = new Dictionary();
    private final Dictionary commits = new Dictionary();
    private final Dictionary agents = new Dictionary();
    private final Dictionary actors = new Dictionary();
    private final Dictionary outcomes = new Dictionary();
    private final Dictionary repositories = new Dictionary();
    private final Dictionary builds = new Dictionary();
    private final Dictionary touchSets = new Dictionary(); // "iam\u0000network"

    private int size;
    private long[] offset = new long[1024];
    private long[] time = new long[1024];
    private byte[] type = new byte[1024];
    private byte[] tier = new byte[1024];
    private byte[] source = new byte[1024];
    private int[] fingerprint = new int[1024];
    private int[] commit = new int[1024];
    private int[] agent = new int[1024];
    private int[] actor = new int[1024];
    private int[] outcome = new int[1024];
    private int[] repository = new int[1024];
    private int[] build = new int[1024];
    private int[] touches = new int[1024];
    private long indexedEnd;
    private long lineCount;
    private TornTail tornTail;

    private AuditIndex(Path log) {
        this.log = log;
        for (AuditEventType t : TYPES) {
            typeNames.put(t.json(), t);
        }
        for (ChangeSource s : SOURCES) {
            sourceNames.put(s.json(), s);
        }
        for (RiskTier t : TIERS) {
            tierNames.put(t.name(), t);
        }
    }

    /** Indexes a log. */
    public static AuditIndex build(Path log) {
        AuditIndex index = new AuditIndex(log);
        index.refresh();
        return index;
    }

    /**
     * The index of a log, kept in the side file {@code <log>.idx}: loaded when it still matches the log
     * (the record it ends with is still there with the same hash), brought up to date with what was
     * appended since, and saved back when that added events. A side file that does not match is
     * ignored and rebuilt. The side file is a cache: deleting it only costs one full scan.
     */
    public static AuditIndex open(Path log) {
        Path side = sideFile(log);
        AuditIndex index = null;
        if (Files.isRegularFile(side)) {
            try {
                index = load(log, side);
            } catch (IOException | RuntimeException e) {
                index = null; // stale or damaged cache: rebuild
            }
        }
        if (index == null) {
            index = new AuditIndex(log);
        }
        if (index.refresh() > 0) {
            try {
                index.save(side);
            } catch (IOException e) {
                // the index still answers; only the cache could not be written
            }
        }
        return index;
    }

    /**
     * The comparison of the side file {@code <log>.idx} with the log, made in the verifier's one pass over the log
     * ({@link AuditVerifier#verify(Path, java.security.PublicKey, AuditVerifier.Anchor, SideFileCheck)}): the side file has
     * no integrity of its own (any writer of the directory can rewrite it) and {@link #open} trusts one that loads, so a
     * verified log whose side file answers otherwise (a change shown as human, a touched kind dropped) means the cache was
     * tampered with. {@link #of} loads the side file as {@code open} would; the verifier then hands it each verified
     * record's offset, end and indexed members ({@link EventRow}, taken from the parse the verification already makes),
     * and each of the side file's rows is compared with them in place (offset, time, type, tier, source and every
     * dictionary value, by the dictionary's string, without allocating), the message made only for the first
     * difference. Also checked: the side file ends where its last row's record ends (so it covers a prefix of the log:
     * what was appended since is read from the log by {@code open}), it holds no more rows than the log has records,
     * its fingerprint dictionary holds no value twice (a change split over two ids would group as two changes), and no
     * row stands for a record the index cannot be built from (no known type or time, an object where text belongs).
     * The rules of the index ({@link EventRow}) are those of {@link AuditIndex#refresh}'s scan. One per verification;
     * not thread-safe.
     */
    public static final class SideFileCheck {

        /** What the comparison found. */
        public enum Status {
            /** No side file: queries build one from the log. */
            ABSENT,
            /**
             * A side file {@link AuditIndex#open} does not load (damaged, another format, or stale: the record it ends with is not in
             * the log with that hash), so queries ignore it and rebuild it from the log; it cannot make them answer
             * otherwise than the log. {@link Result#detail} says why.
             */
            NOT_USED,
            /** Every row of the side file answers as the log does. */
            MATCHES,
            /** The side file answers otherwise than the log; {@link Result#detail} names the first difference. */
            MISMATCH,
            /** The log did not verify, so the side file was not judged. */
            NOT_CHECKED
        }

        /**
         * @param status what was found
         * @param file   the side file
         * @param rows   rows the side file holds (0 when absent or not used)
         * @param detail the first difference (MISMATCH, e.g. {@code "row 3 (byte 812): source human, the log says
         *               ai-agent"}), why it is not used (NOT_USED), else null
         */
        public record Result(Status status, Path file, long rows, String detail) {
        }

        private final Path file;
        private final AuditIndex cached;
        private final String notUsed;
        private final EventRow row = new EventRow();
        private long next;
        private String mismatch;
        private boolean finished;

        private SideFileCheck(Path file, AuditIndex cached, String notUsed) {
            this.file = file;
            this.cached = cached;
            this.notUsed = notUsed;
        }

        /** Loads the side file of {@code log} as {@link AuditIndex#open} would (without bringing it up to date or saving it). */
        public static SideFileCheck of(Path log) {
            Path side = sideFile(log);
            if (!Files.isRegularFile(side)) {
                return new SideFileCheck(side, null, null);
            }
            try {
                AuditIndex cached = load(log, side);
                SideFileCheck check = new SideFileCheck(side, cached, null);
                check.mismatch = cached.duplicateValue();
                return check;
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                return new SideFileCheck(side, null, why.length() > 200 ? why.substring(0, 200) + "…" : why);
            }
        }

        /** The verifier's scratch row for the next record. */
        EventRow row() {
            return row;
        }

        /** Record {@code next + 1} of the log verified: it starts at {@code start}, its line ends before {@code end}. */
        void verified(long start, long end) {
            long i = next++;
            if (cached == null || mismatch != null || i >= cached.size) {
                return;
            }
            mismatch = cached.differs((int) i, start, row);
            if (mismatch == null && i == cached.size - 1 && end != cached.indexedEnd) {
                mismatch = "it ends at byte " + cached.indexedEnd + ", its last row's record (row " + cached.size + ") at byte " + end;
            }
        }

        /** The log verified: every record was handed to {@link #verified}. */
        void finish() {
            finished = true;
            if (cached != null && mismatch == null) {
                if (next < cached.size) {
                    mismatch = "it holds " + cached.size + " events, the log " + next;
                } else if (cached.size == 0 && cached.indexedEnd != 0) {
                    mismatch = "it holds no events but ends at byte " + cached.indexedEnd;
                }
            }
        }

        /** What was found; {@link Status#NOT_CHECKED} unless the verification this check was given to passed. */
        public Result result() {
            if (cached == null) {
                return new Result(notUsed == null ? Status.ABSENT : Status.NOT_USED, file, 0, notUsed);
            }
            if (!finished) {
                return new Result(Status.NOT_CHECKED, file, cached.size, null);
            }
            return new Result(mismatch == null ? Status.MATCHES : Status.MISMATCH, file, cached.size, mismatch);
        }

        /**
         * Moves a side file that does not answer as the log does to {@code <log>.idx.mismatch} (replacing an older one),
         * kept for inspection beside the log as a torn tail is ({@code <log>.torn}); the next query rebuilds the side file.
         *
         * @return where it now is
         * @throws IOException when it cannot be moved
         */
        public Path setAside() throws IOException {
            Path kept = file.resolveSibling(file.getFileName() + ".mismatch");
            Files.move(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return kept;
        }
    }

    /**
     * A fingerprint held twice, as a mismatch message, or null. Only the fingerprint dictionary matters: queries group
     * and follow changes by fingerprint id (two ids for one fingerprint would show one change as two, its approvals apart
     * from its AI source), while every other dictionary is matched by value, where a repeated value answers the same.
     */
    private String duplicateValue() {
        int dup = fingerprints.firstDuplicate();
        return dup < 0 ? null : "its fingerprint dictionary holds " + fingerprints.value(dup) + " twice";
    }

    /** How row {@code i} differs from the record at {@code start} whose indexed members are {@code r}; null when it does not. */
    private String differs(int i, long start, EventRow r) {
        String where = "row " + (i + 1) + " (byte " + start + "): ";
        if (offset[i] != start) {
            return where + "offset " + offset[i] + ", the log says " + start;
        }
        if (r.irregular != null) {
            return where + "the log's record has a " + r.irregular + " the index cannot hold (not a string), yet the side file holds a row for it";
        }
        long t = r.time == null ? Long.MIN_VALUE : epochMillis(r.time);
        AuditEventType et = r.type == null ? null : typeNames.get(r.type);
        if (t == Long.MIN_VALUE || et == null) {
            return where + "the log's record has no event time or type the index can hold, yet the side file holds a row for it";
        }
        if (time[i] != t) {
            return where + "time " + time[i] + ", the log says " + t + " (" + r.time + ")";
        }
        if (type[i] != (byte) et.ordinal()) {
            return where + "type " + name(TYPES, type[i]) + ", the log says " + et.json();
        }
        RiskTier rt = r.tier == null ? null : tierNames.get(r.tier);
        if (tier[i] != (byte) (rt == null ? NONE : rt.ordinal())) {
            return where + "tier " + name(TIERS, tier[i]) + ", the log says " + (rt == null ? "none" : rt.name());
        }
        ChangeSource cs = r.changeSource == null ? null : sourceNames.get(r.changeSource);
        if (source[i] != (byte) (cs == null ? NONE : cs.ordinal())) {
            return where + "source " + name(SOURCES, source[i]) + ", the log says " + (cs == null ? "none" : cs.json());
        }
        String d = differs(where, "fingerprint", fingerprints, fingerprint[i], r.fingerprint);
        d = d != null ? d : differs(where, "commit", commits, commit[i], r.commit);
        d = d != null ? d : differs(where, "agent", agents, agent[i], r.agent);
        d = d != null ? d : differs(where, "actor", actors, actor[i], r.actor);
        d = d != null ? d : differs(where, "outcome", outcomes, outcome[i], r.outcome);
        d = d != null ? d : differs(where, "repository", repositories, repository[i], r.repository);
        d = d != null ? d : differs(where, "build", builds, build[i], r.build);
        if (d == null && !touchSets.holds(touches[i], r)) {
            StringBuilder said = new StringBuilder(r.hasTouches ? "" : "none");
            for (int k = 0; k < r.touchCount; k++) {
                said.append(k == 0 ? "" : ",").append(r.touches[k]);
            }
            d = where + "touches " + touchSets.valueOrNone(touches[i]).replace((char) 0, ',') + ", the log says " + said;
        }
        return d;
    }

    private static String differs(String where, String field, Dictionary dict, int id, String logValue) {
        boolean same = logValue == null ? id == NONE : id >= 0 && id < dict.size() && dict.value(id).equals(logValue);
        return same ? null : where + field + " " + dict.valueOrNone(id) + ", the log says " + (logValue == null ? "none" : logValue);
    }

    /** The ordinal's value as the log spells it ({@code ai-agent}, {@code risk-assessed}, {@code HIGH}), none or #n. */
    private static String name(Enum<?>[] values, byte ordinal) {
        return ordinal < 0 || ordinal >= values.length ? (ordinal == NONE ? "none" : "#" + ordinal) : spelled(values[ordinal]);
    }

    private static String spelled(Enum<?> value) {
        return value instanceof ChangeSource cs ? cs.json() : value instanceof AuditEventType t ? t.json() : value.name();
    }

    /** Where {@link #open} keeps the index of {@code log}. */
    public static Path sideFile(Path log) {
        return log.resolveSibling(log.getFileName() + ".idx");
    }

    private static final long MAGIC = 0x4149474f56494458L; // "AIGOVIDX"
    private static final int FORMAT = 1;

    /** Writes the index to {@code file} (atomically replaced). */
    public synchronized void save(Path file) throws IOException {
        String lastHash = lastIndexedHash();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(indexedEnd);
            out.writeLong(lineCount);
            out.writeUTF(lastHash);
            out.writeInt(size);
            ByteBuffer buf = ByteBuffer.allocate(size * 8);
            for (long[] col : new long[][] {offset, time}) {
                buf.clear();
                buf.asLongBuffer().put(col, 0, size);
                out.write(buf.array(), 0, size * 8);
            }
            for (byte[] col : new byte[][] {type, tier, source}) {
                out.write(col, 0, size);
            }
            for (int[] col : new int[][] {fingerprint, commit, agent, actor, outcome, repository, build, touches}) {
                buf.clear();
                buf.asIntBuffer().put(col, 0, size);
                out.write(buf.array(), 0, size * 4);
            }
            for (Dictionary d : dictionaries()) {
                d.write(out);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Dictionary[] dictionaries() {
        return new Dictionary[] {fingerprints, commits, agents, actors, outcomes, repositories, builds, touchSets};
    }

    private String lastIndexedHash() throws IOException {
        if (indexedEnd == 0) {
            return "";
        }
        try (FileChannel ch = LogFile.openRead(log)) {
            return mapper.readTree(LogFile.lastLine(ch, indexedEnd)).path("hash").asText();
        }
    }

    private static AuditIndex load(Path log, Path file) throws IOException {
        AuditIndex index = new AuditIndex(log);
        ByteBuffer in;
        try (FileChannel ch = FileChannel.open(file)) {
            in = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        if (in.getLong() != MAGIC || in.getInt() != FORMAT) {
            throw new IOException("not an index file");
        }
        index.indexedEnd = in.getLong();
        index.lineCount = in.getLong();
        int hashLen = in.getShort() & 0xffff;
        byte[] hash = new byte[hashLen];
        in.get(hash);
        try (FileChannel ch = LogFile.openRead(log)) {
            if (ch.size() < index.indexedEnd) {
                throw new IOException("log is shorter than its index");
            }
            String actual = index.indexedEnd == 0 ? "" : index.mapper.readTree(LogFile.lastLine(ch, index.indexedEnd)).path("hash").asText();
            if (!actual.equals(new String(hash, StandardCharsets.UTF_8))) {
                throw new IOException("index does not match the log");
            }
        }
        int n = in.getInt();
        index.size = n;
        int cap = Math.max(1024, n);
        index.offset = new long[cap];
        index.time = new long[cap];
        in.asLongBuffer().get(index.offset, 0, n);
        in.position(in.position() + n * 8);
        in.asLongBuffer().get(index.time, 0, n);
        in.position(in.position() + n * 8);
        index.type = new byte[cap];
        index.tier = new byte[cap];
        index.source = new byte[cap];
        for (byte[] col : new byte[][] {index.type, index.tier, index.source}) {
            in.get(col, 0, n);
        }
        index.fingerprint = new int[cap];
        index.commit = new int[cap];
        index.agent = new int[cap];
        index.actor = new int[cap];
        index.outcome = new int[cap];
        index.repository = new int[cap];
        index.build = new int[cap];
        index.touches = new int[cap];
        for (int[] col : new int[][] {index.fingerprint, index.commit, index.agent, index.actor, index.outcome, index.repository, index.build,
            index.touches}) {
            in.asIntBuffer().get(col, 0, n);
            in.position(in.position() + n * 4);
        }
        for (Dictionary d : index.dictionaries()) {
            d.read(in);
        }
        if (in.hasRemaining()) {
            // a side file is exactly what save wrote: bytes after its end are damage, and queries rebuild it from the log
            throw new IOException(in.remaining() + " bytes after the end of the index (trailing data)");
        }
        return index;
    }

    /** Indexes what was appended since the last build or refresh; returns the number of new events. */
    public synchronized int refresh() {
        if (!Files.isRegularFile(log)) {
            throw new InvalidInputException(log.toString(), "no such audit log");
        }
        int before = size;
        try (FileChannel ch = LogFile.openRead(log)) {
            long fileSize = ch.size();
            if (fileSize < indexedEnd) {
                throw new InvalidInputException(log.toString(), "the log shrank from " + indexedEnd + " to " + fileSize + " bytes since it was indexed");
            }
            long end = LogFile.completeEnd(ch, fileSize);
            if (end > indexedEnd) {
                ch.position(indexedEnd);
                InputStream in = new BufferedInputStream(new AuditVerifier.BoundedInput(Channels.newInputStream(ch), end - indexedEnd), 1 << 17);
                scan(in, indexedEnd);
                indexedEnd = end;
            }
            tornTail = end < fileSize ? new TornTail(end, fileSize - end, lineCount + 1) : null;
        } catch (IOException e) {
            throw new InvalidInputException(log.toString(), "cannot read audit log: " + e.getMessage(), e);
        }
        return size - before;
    }

    /** Number of indexed events. */
    public synchronized int size() {
        return size;
    }

    /** The torn last line seen by the last refresh, if any (it is not indexed). */
    public synchronized Optional<TornTail> tornTail() {
        return Optional.ofNullable(tornTail);
    }

    // ---------------------------------------------------------------- scanning

    private void scan(InputStream in, long base) throws IOException {
        try (JsonParser p = factory.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                lineCount++;
                if (t != JsonToken.START_OBJECT) {
                    throw malformed(p, "a record must be a JSON object");
                }
                long start = base + p.currentTokenLocation().getByteOffset();
                grow();
                int row = size;
                clearRow(row);
                offset[row] = start;
                boolean hasEvent = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("event".equals(name) && v == JsonToken.START_OBJECT) {
                        readEvent(p, row);
                        hasEvent = true;
                    } else if (v.isStructStart()) {
                        p.skipChildren();
                    }
                }
                if (!hasEvent || time[row] == Long.MIN_VALUE || type[row] < 0) {
                    throw malformed(p, "record without event, event time or event type");
                }
                size++;
            }
        }
    }

    private void readEvent(JsonParser p, int row) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "type" -> {
                    AuditEventType et = typeNames.get(p.getText());
                    type[row] = (byte) (et == null ? NONE : et.ordinal());
                }
                case "time" -> time[row] = epochMillis(p.getText());
                case "fingerprint" -> fingerprint[row] = fingerprints.id(p.getText());
                case "commit" -> commit[row] = commits.id(p.getText());
                case "agent" -> agent[row] = agents.id(p.getText());
                case "actor" -> actor[row] = actors.id(p.getText());
                case "outcome" -> outcome[row] = outcomes.id(p.getText());
                case "repository" -> repository[row] = repositories.id(p.getText());
                case "build" -> build[row] = builds.id(p.getText());
                case "tier" -> {
                    RiskTier rt = tierNames.get(p.getText());
                    tier[row] = (byte) (rt == null ? NONE : rt.ordinal());
                }
                case "changeSource" -> {
                    ChangeSource cs = sourceNames.get(p.getText());
                    source[row] = (byte) (cs == null ? NONE : cs.ordinal());
                }
                case "touches" -> {
                    if (v == JsonToken.START_ARRAY) {
                        StringBuilder sb = new StringBuilder();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            sb.append(sb.length() == 0 ? "" : "\u0000").append(p.getText());
                        }
                        touches[row] = touchSets.id(sb.toString());
                    }
                }
                default -> {
                    if (v.isStructStart()) {
                        p.skipChildren();
                    }
                }
            }
        }
    }

    private IOException malformed(JsonParser p, String why) {
        return new IOException("line " + lineCount + ": " + why + " (at byte " + p.currentTokenLocation().getByteOffset() + ")");
    }

    private void clearRow(int row) {
        time[row] = Long.MIN_VALUE;
        type[row] = NONE;
        tier[row] = NONE;
        source[row] = NONE;
        fingerprint[row] = NONE;
        commit[row] = NONE;
        agent[row] = NONE;
        actor[row] = NONE;
        outcome[row] = NONE;
        repository[row] = NONE;
        build[row] = NONE;
        touches[row] = NONE;
    }

    private void grow() {
        if (size < offset.length) {
            return;
        }
        int n = offset.length * 2;
        offset = Arrays.copyOf(offset, n);
        time = Arrays.copyOf(time, n);
        type = Arrays.copyOf(type, n);
        tier = Arrays.copyOf(tier, n);
        source = Arrays.copyOf(source, n);
        fingerprint = Arrays.copyOf(fingerprint, n);
        commit = Arrays.copyOf(commit, n);
        agent = Arrays.copyOf(agent, n);
        actor = Arrays.copyOf(actor, n);
        outcome = Arrays.copyOf(outcome, n);
        repository = Arrays.copyOf(repository, n);
        build = Arrays.copyOf(build, n);
        touches = Arrays.copyOf(touches, n);
    }

    /** Epoch milliseconds of an ISO-8601 instant as Jackson writes it ({@code 2026-01-02T03:04:05.678Z}), fast path without allocation. */
    static long epochMillis(String s) {
        int n = s.length();
        if (n >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':'
                && s.charAt(n - 1) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int min = digits(s, 14, 16);
            int sec = digits(s, 17, 19);
            int millis = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && min >= 0 && min < 60
                    && sec >= 0 && sec < 60;
            if (n > 20) {
                ok &= s.charAt(19) == '.' && n <= 30;
                for (int i = 20; ok && i < n - 1; i++) {
                    char c = s.charAt(i);
                    ok = c >= '0' && c <= '9';
                    if (ok && i < 23) {
                        millis = millis * 10 + (c - '0');
                    }
                }
                for (int i = Math.min(n - 1, 23); i < 23; i++) {
                    millis *= 10;
                }
            } else {
                ok &= n == 20;
            }
            if (ok) {
                try {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return ((days * 24 + hour) * 60 + min) * 60_000L + sec * 1000L + millis;
                } catch (java.time.DateTimeException e) {
                    // fall through to the full parser, which reports the error
                }
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // ---------------------------------------------------------------- queries

    /** Events whose own fields match the query (approver: {@code approval-given} events by that person), in log order. */
    public synchronized List<AuditEvent> events(AuditQuery q) {
        Filter f = new Filter(q);
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (f.eventMatches(i) && (f.approver == null || (type[i] == AuditEventType.APPROVAL_GIVEN.ordinal() && f.approver[id(actor[i])]))) {
                hits.add(offset[i]);
                if (q.limit() > 0 && hits.size() >= q.limit()) {
                    break;
                }
            }
        }
        return read(hits);
    }

    /**
     * Changes (events grouped by fingerprint) that had at least one event in the time range and whose
     * events inside the range match the other filters: any of them with that commit, agent, actor,
     * outcome, type or touched category, an approval by the approver; over all their events: highest
     * tier, most-AI source (none recorded: unknown, see {@link RecordedSource}). Newest first
     * (by last event). "All AI changes that touched IAM in the last 30 days with their approvers":
     * {@code changes(AuditQuery.aiChanges().touching("iam").since(now.minus(30, DAYS)))}.
     */
    public synchronized List<AuditChange> changes(AuditQuery q) {
        Filter f = new Filter(q);
        int n = fingerprints.size();
        byte[] maxTier = new byte[n];
        byte[] maxSource = new byte[n];
        Arrays.fill(maxTier, (byte) NONE);
        Arrays.fill(maxSource, (byte) NONE);
        BitSet inRange = new BitSet(n);
        BitSet hasCommit = f.commit == null ? null : new BitSet(n);
        BitSet hasAgent = f.agent == null ? null : new BitSet(n);
        BitSet hasActor = f.actor == null ? null : new BitSet(n);
        BitSet hasOutcome = f.outcome == null ? null : new BitSet(n);
        BitSet hasType = f.types == null ? null : new BitSet(n);
        BitSet hasTouch = f.touches == null ? null : new BitSet(n);
        BitSet approvedBy = f.approver == null ? null : new BitSet(n);
        int given = AuditEventType.APPROVAL_GIVEN.ordinal();
        for (int i = 0; i < size; i++) {
            int fp = fingerprint[i];
            if (fp < 0) {
                continue;
            }
            if (tier[i] > maxTier[fp]) {
                maxTier[fp] = tier[i];
            }
            if (source[i] > maxSource[fp]) {
                maxSource[fp] = source[i];
            }
            if (!f.timeMatches(time[i])) {
                continue; // the filters below apply to events inside the time range only
            }
            inRange.set(fp);
            if (hasCommit != null && f.commit[id(commit[i])]) {
                hasCommit.set(fp);
            }
            if (hasAgent != null && f.agent[id(agent[i])]) {
                hasAgent.set(fp);
            }
            if (hasActor != null && f.actor[id(actor[i])]) {
                hasActor.set(fp);
            }
            if (hasOutcome != null && f.outcome[id(outcome[i])]) {
                hasOutcome.set(fp);
            }
            if (hasType != null && f.types[type[i]]) {
                hasType.set(fp);
            }
            if (hasTouch != null && f.touches[id(touches[i])]) {
                hasTouch.set(fp);
            }
            if (approvedBy != null && type[i] == given && f.approver[id(actor[i])]) {
                approvedBy.set(fp);
            }
        }
        BitSet selected = (BitSet) inRange.clone();
        for (BitSet b : new BitSet[] {hasCommit, hasAgent, hasActor, hasOutcome, hasType, hasTouch, approvedBy}) {
            if (b != null) {
                selected.and(b);
            }
        }
        for (int fp = selected.nextSetBit(0); fp >= 0; fp = selected.nextSetBit(fp + 1)) {
            if ((f.fingerprint != null && !f.fingerprint[fp + 1]) || (f.tiers != null && (maxTier[fp] < 0 || !f.tiers[maxTier[fp]]))
                    || (f.sources != null && !f.sources[recordedSource(maxSource[fp])])) {
                selected.clear(fp);
            }
        }
        return summarize(selected, maxTier, maxSource, q.limit());
    }

    private List<AuditChange> summarize(BitSet selected, byte[] maxTier, byte[] maxSource, int limit) {
        Map<Integer, ChangeBuilder> byFp = new HashMap<>();
        int given = AuditEventType.APPROVAL_GIVEN.ordinal();
        for (int i = 0; i < size; i++) {
            int fp = fingerprint[i];
            if (fp < 0 || !selected.get(fp)) {
                continue;
            }
            ChangeBuilder c = byFp.computeIfAbsent(fp, k -> new ChangeBuilder());
            c.events++;
            c.first = Math.min(c.first, time[i]);
            c.last = Math.max(c.last, time[i]);
            c.repository = repository[i] >= 0 ? repository[i] : c.repository;
            c.commit = commit[i] >= 0 ? commit[i] : c.commit;
            c.agent = agent[i] >= 0 ? agent[i] : c.agent;
            if (touches[i] >= 0) {
                String set = touchSets.value(touches[i]);
                if (!set.isEmpty()) {
                    c.touches.addAll(Arrays.asList(set.split("\u0000")));
                }
            }
            if (type[i] == given && actor[i] >= 0) {
                c.approvals.add(new AuditChange.Approval(actors.value(actor[i]), Instant.ofEpochMilli(time[i]),
                        build[i] >= 0 ? builds.value(build[i]) : null));
            }
            c.deployed |= type[i] == AuditEventType.DEPLOYMENT_DONE.ordinal();
            c.rolledBack |= type[i] == AuditEventType.ROLLBACK.ordinal();
        }
        List<AuditChange> out = new ArrayList<>(byFp.size());
        for (Map.Entry<Integer, ChangeBuilder> e : byFp.entrySet()) {
            int fp = e.getKey();
            ChangeBuilder c = e.getValue();
            c.approvals.sort(Comparator.comparing(AuditChange.Approval::time));
            out.add(new AuditChange(fingerprints.value(fp), c.repository >= 0 ? repositories.value(c.repository) : null,
                    c.commit >= 0 ? commits.value(c.commit) : null, c.agent >= 0 ? agents.value(c.agent) : null,
                    SOURCES[recordedSource(maxSource[fp])], maxTier[fp] >= 0 ? TIERS[maxTier[fp]] : null,
                    List.copyOf(c.touches), Instant.ofEpochMilli(c.first), Instant.ofEpochMilli(c.last), c.events, List.copyOf(c.approvals),
                    c.deployed, c.rolledBack));
        }
        out.sort(Comparator.comparing(AuditChange::lastEvent).reversed().thenComparing(AuditChange::fingerprint));
        return limit > 0 && out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static final class ChangeBuilder {
        int events;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int repository = NONE;
        int commit = NONE;
        int agent = NONE;
        final TreeSet<String> touches = new TreeSet<>();
        final List<AuditChange.Approval> approvals = new ArrayList<>();
        boolean deployed;
        boolean rolledBack;
    }

    private List<AuditEvent> read(List<Long> offsets) {
        List<AuditEvent> out = new ArrayList<>(offsets.size());
        try (FileChannel ch = LogFile.openRead(log)) {
            for (long off : offsets) {
                out.add(mapper.readValue(LogFile.lineAt(ch, off), AuditRecord.class).event());
            }
        } catch (IOException e) {
            throw new InvalidInputException(log.toString(), "cannot read audit log: " + e.getMessage(), e);
        }
        return out;
    }

    /** The ordinal of the recorded source, unknown when none was recorded ({@link RecordedSource}). */
    private static int recordedSource(byte ordinal) {
        return ordinal >= 0 ? ordinal : ChangeSource.UNKNOWN.ordinal();
    }

    /**
     * Every event of the given changes, whole and in time order (log order for equal times), in one
     * pass over the index plus one read per event found.
     */
    public synchronized Map<String, List<AuditEvent>> history(java.util.Collection<String> changeFingerprints) {
        Set<String> wanted = Set.copyOf(changeFingerprints);
        boolean[] match = fingerprints.matching(wanted::contains);
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (match[id(fingerprint[i])]) {
                hits.add(offset[i]);
            }
        }
        Map<String, List<AuditEvent>> out = new java.util.LinkedHashMap<>();
        for (AuditEvent e : read(hits)) {
            out.computeIfAbsent(e.fingerprint(), k -> new ArrayList<>()).add(e);
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(AuditEvent::time)));
        return out;
    }

    /**
     * Every event of the changes that recorded {@code repository} on at least one event (their other
     * events too: a rollback appended without a repository still belongs to the change), and the
     * repository's events without a fingerprint, in time order. Two passes over the index.
     *
     * @param since only changes with an event of the repository at or after this time (null: all)
     */
    public synchronized List<AuditEvent> repositoryHistory(String repository, Instant since) {
        boolean[] repo = repositories.matching(repository::equals);
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        BitSet changesOfRepo = new BitSet(fingerprints.size());
        for (int i = 0; i < size; i++) {
            if (repo[id(this.repository[i])] && fingerprint[i] >= 0 && time[i] >= from) {
                changesOfRepo.set(fingerprint[i]);
            }
        }
        List<Long> hits = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (fingerprint[i] >= 0 ? changesOfRepo.get(fingerprint[i]) : repo[id(this.repository[i])] && time[i] >= from) {
                hits.add(offset[i]);
            }
        }
        List<AuditEvent> out = new ArrayList<>(read(hits));
        out.sort(Comparator.comparing(AuditEvent::time));
        return out;
    }

    /** Dictionary id shifted by one so that "absent" (-1) maps to slot 0. */
    private static int id(int dictId) {
        return dictId + 1;
    }

    /** The query compiled to lookup tables over dictionary ids (slot 0 = absent). */
    private final class Filter {
        final long since;
        final long until;
        final boolean[] fingerprint;
        final boolean[] commit;
        final boolean[] agent;
        final boolean[] actor;
        final boolean[] approver;
        final boolean[] outcome;
        final boolean[] touches;
        final boolean[] types;
        final boolean[] tiers;
        final boolean[] sources;

        Filter(AuditQuery q) {
            since = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
            until = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli();
            fingerprint = q.fingerprint() == null ? null : fingerprints.matching(v -> v.startsWith(q.fingerprint()));
            commit = q.commit() == null ? null : commits.matching(v -> v.equals(q.commit()) || (q.commit().length() >= 4 && v.startsWith(q.commit())));
            agent = q.agent() == null ? null : agents.matching(q.agent()::equals);
            actor = q.actor() == null ? null : actors.matching(q.actor()::equals);
            approver = q.approver() == null ? null : actors.matching(q.approver()::equals);
            outcome = q.outcome() == null ? null : outcomes.matching(q.outcome()::equals);
            touches = q.touches().isEmpty() ? null : touchSets.matching(v -> {
                for (String t : v.split("\u0000")) {
                    if (q.touches().contains(t)) {
                        return true;
                    }
                }
                return false;
            });
            types = q.types().isEmpty() ? null : ordinals(TYPES.length, q.types().stream().map(Enum::ordinal).toList());
            tiers = q.tiers().isEmpty() ? null : ordinals(TIERS.length, q.tiers().stream().map(Enum::ordinal).toList());
            sources = q.sources().isEmpty() ? null : ordinals(SOURCES.length, q.sources().stream().map(Enum::ordinal).toList());
        }

        boolean timeMatches(long t) {
            return t >= since && t < until;
        }

        boolean eventMatches(int i) {
            return timeMatches(time[i]) && (fingerprint == null || fingerprint[id(AuditIndex.this.fingerprint[i])])
                    && (commit == null || commit[id(AuditIndex.this.commit[i])]) && (agent == null || agent[id(AuditIndex.this.agent[i])])
                    && (actor == null || actor[id(AuditIndex.this.actor[i])]) && (outcome == null || outcome[id(AuditIndex.this.outcome[i])])
                    && (touches == null || touches[id(AuditIndex.this.touches[i])])
                    && (types == null || types[type[i]])
                    && (tiers == null || (tier[i] >= 0 && tiers[tier[i]]))
                    && (sources == null || sources[recordedSource(source[i])]);
        }

        private boolean[] ordinals(int n, List<Integer> set) {
            boolean[] b = new boolean[n];
            for (int o : set) {
                b[o] = true;
            }
            return b;
        }
    }

    /** Strings to dense ids; the reverse map is built on first use (a loaded index may never need it). */
    private static final class Dictionary {
        private Map<String, Integer> ids;
        private final List<String> values = new ArrayList<>();

        int id(String v) {
            if (ids == null) {
                ids = new HashMap<>(Math.max(16, values.size() * 2));
                for (int i = 0; i < values.size(); i++) {
                    ids.put(values.get(i), i);
                }
            }
            Integer id = ids.get(v);
            if (id == null) {
                id = values.size();
                ids.put(v, id);
                values.add(v);
            }
            return id;
        }

        String value(int id) {
            return values.get(id);
        }

        /** The id of the first value that an earlier id holds too, or -1; an open-addressing table, no entry objects. */
        int firstDuplicate() {
            int n = values.size();
            int cap = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
            int[] slots = new int[cap]; // id + 1, 0 = free
            for (int id = 0; id < n; id++) {
                String v = values.get(id);
                int h = v.hashCode();
                int at = (h ^ (h >>> 16)) & (cap - 1);
                while (slots[at] != 0) {
                    if (values.get(slots[at] - 1).equals(v)) {
                        return id;
                    }
                    at = (at + 1) & (cap - 1);
                }
                slots[at] = id + 1;
            }
            return -1;
        }

        /** Whether id {@code id} of this touch-set dictionary is the row's touches as the index joins them ({@code a\u0000b}). */
        boolean holds(int id, EventRow r) {
            if (!r.hasTouches) {
                return id == NONE;
            }
            if (id < 0 || id >= values.size()) {
                return false;
            }
            String v = values.get(id);
            int at = 0;
            for (int k = 0; k < r.touchCount; k++) {
                if (at > 0) { // as scan joins them: no separator while what was joined is still empty
                    if (at >= v.length() || v.charAt(at) != 0) {
                        return false;
                    }
                    at++;
                }
                String t = r.touches[k];
                if (!v.startsWith(t, at)) {
                    return false;
                }
                at += t.length();
            }
            return at == v.length();
        }

        /** The value, {@code none} for an absent one, {@code #id} for an id the dictionary does not hold. */
        String valueOrNone(int id) {
            return id == NONE ? "none" : id >= 0 && id < values.size() ? values.get(id) : "#" + id;
        }

        int size() {
            return values.size();
        }

        /** Lookup table over shifted ids: slot 0 (absent) never matches. */
        boolean[] matching(Predicate<String> p) {
            boolean[] b = new boolean[values.size() + 1];
            for (int i = 0; i < values.size(); i++) {
                b[i + 1] = p.test(values.get(i));
            }
            return b;
        }

        void write(DataOutputStream out) throws IOException {
            out.writeInt(values.size());
            for (String v : values) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }

        void read(ByteBuffer in) {
            int n = in.getInt();
            byte[] buf = new byte[256];
            for (int i = 0; i < n; i++) {
                int len = in.getInt();
                if (len > buf.length) {
                    buf = new byte[len];
                }
                in.get(buf, 0, len);
                values.add(new String(buf, 0, len, StandardCharsets.UTF_8));
            }
        }
    }
}
