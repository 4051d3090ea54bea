package io.jenkins.plugins.aigovernance.core.audit;

import static io.jenkins.plugins.aigovernance.core.audit.KnownHistory.NOW;
import static io.jenkins.plugins.aigovernance.core.audit.KnownHistory.fingerprint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex.SideFileCheck;
import io.jenkins.plugins.aigovernance.core.audit.AuditIndex.SideFileCheck.Status;
import io.jenkins.plugins.aigovernance.core.classification.ChangeSource;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query side file compared with the log in the verifier's pass ({@link AuditIndex.SideFileCheck}). */
class SideFileCheckTest {

    @TempDir
    Path dir;

    private Path log;
    private Path side;

    @BeforeEach
    void logWithSideFile() {
        log = new KnownHistory().writeTo(dir.resolve("audit.jsonl"));
        try (AuditLog a = AuditLog.open(log)) {
            // a decimal in details: the streaming check leaves the record to the full check, the row is read on its own
            a.append(AuditEvent.builder(AuditEventType.RISK_ASSESSED, NOW).fingerprint(fingerprint("H")).changeSource(ChangeSource.AI_AGENT)
                    .tier(RiskTier.HIGH).touches(List.of("", "iam")).details(JsonNodeFactory.instance.objectNode().put("score", 1.5)).build());
        }
        side = AuditIndex.sideFile(log);
        AuditIndex.open(log); // writes the side file
        assertThat(side).exists();
    }

    private SideFileCheck.Result check() {
        SideFileCheck check = SideFileCheck.of(log);
        AuditVerification v = new AuditVerifier().verify(log, null, null, check);
        assertThat(v.verified()).as(String.valueOf(v.problem())).isTrue();
        return check.result();
    }

    @Test
    void aSideFileBuiltFromTheLogMatchesAlsoAfterAppends() {
        int rows = AuditIndex.build(log).size();
        assertThat(check()).extracting(SideFileCheck.Result::status, SideFileCheck.Result::rows).containsExactly(Status.MATCHES, (long) rows);
        try (AuditLog a = AuditLog.open(log)) {
            a.append(AuditEvent.builder(AuditEventType.OVERRIDE, NOW).fingerprint(fingerprint("C")).actor("root").build());
        }
        // the side file covers what was there when it was saved; queries read the rest from the log
        assertThat(check()).extracting(SideFileCheck.Result::status, SideFileCheck.Result::rows).containsExactly(Status.MATCHES, (long) rows);
    }

    @Test
    void withoutASideFileThereIsNothingToCompare() throws Exception {
        Files.delete(side);
        assertThat(check().status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void aSideFileQueriesDoNotLoadIsNotUsedAndSaysWhy() throws Exception {
        Files.write(side, "not an index".getBytes(StandardCharsets.UTF_8));
        SideFileCheck.Result r = check();
        assertThat(r.status()).isEqualTo(Status.NOT_USED);
        assertThat(r.detail()).isNotBlank();
        // and queries indeed do not use it: they rebuild it from the log
        assertThat(AuditIndex.open(log).size()).isEqualTo(AuditIndex.build(log).size());
        assertThat(check().status()).isEqualTo(Status.MATCHES);
    }

    @Test
    void aLogThatDoesNotVerifyLeavesTheSideFileUnjudged() throws Exception {
        String text = Files.readString(log);
        Files.writeString(log, text.replaceFirst("\"actor\":\"alice\"", "\"actor\":\"alicf\""));
        SideFileCheck check = SideFileCheck.of(log);
        assertThat(new AuditVerifier().verify(log, null, null, check).verified()).isFalse();
        assertThat(check.result().status()).isEqualTo(Status.NOT_CHECKED);
    }

    @Test
    void eachRewrittenColumnIsFoundAndNamed() throws Exception {
        byte[] good = Files.readAllBytes(side);
        Layout l = new Layout(good);
        int last = l.rows - 1; // the decimal record: its row comes from the full check's path
        record Edit(String field, java.util.function.Consumer<ByteBuffer> edit) {
        }
        List<Edit> edits = List.of(
                new Edit("source", b -> b.put(l.source + last, (byte) ChangeSource.HUMAN.ordinal())),
                new Edit("source", b -> b.put(l.source, (byte) ChangeSource.HUMAN.ordinal())),
                new Edit("tier", b -> b.put(l.tier + last, (byte) RiskTier.LOW.ordinal())),
                new Edit("type", b -> b.put(l.type, (byte) AuditEventType.ROLLBACK.ordinal())),
                new Edit("time", b -> b.putLong(l.time + 8 * 2, b.getLong(l.time + 8 * 2) + 1)),
                new Edit("offset", b -> b.putLong(l.offset + 8 * 3, b.getLong(l.offset + 8 * 3) + 1)),
                new Edit("fingerprint", b -> b.putInt(l.ints, b.getInt(l.ints) + 1)),
                new Edit("touches", b -> b.putInt(l.ints + 7 * 4 * l.rows + 4 * last, -1)),
                new Edit("touches", b -> b.putInt(l.ints + 7 * 4 * l.rows, -1)),
                new Edit("#", b -> b.putInt(l.ints + 4 * l.rows * 3, 999_999))); // an actor id the dictionary does not hold
        for (Edit e : edits) {
            ByteBuffer b = ByteBuffer.wrap(good.clone());
            e.edit().accept(b);
            Files.write(side, b.array());
            SideFileCheck.Result r = check();
            assertThat(r.status()).as(e.field()).isEqualTo(Status.MISMATCH);
            assertThat(r.detail()).as(e.field()).contains(e.field());
        }
        Files.write(side, good);
        assertThat(check().status()).isEqualTo(Status.MATCHES);
    }

    @Test
    void aDictionaryValueHeldTwiceIsAMismatch() throws Exception {
        byte[] idx = Files.readAllBytes(side);
        String a = fingerprint("A");
        String b = fingerprint("B");
        int at = indexOf(idx, b.getBytes(StandardCharsets.UTF_8));
        System.arraycopy(a.getBytes(StandardCharsets.UTF_8), 0, idx, at, a.length()); // two ids for one change: it would group as two
        Files.write(side, idx);
        SideFileCheck.Result r = check();
        assertThat(r.status()).isEqualTo(Status.MISMATCH);
        assertThat(r.detail()).contains("fingerprint dictionary").contains("twice");
    }

    @Test
    void aSideFileWithoutItsLastRowsButStillEndingAtTheLogsEndIsAMismatch() throws Exception {
        // the attack: the newest rows dropped, the header still names the log's last record, so a query neither rebuilds
        // nor reads them again from the log (it reads only what follows the end the side file names)
        byte[] idx = Files.readAllBytes(side);
        Layout l = new Layout(idx);
        int keep = l.rows - 1;
        ByteBuffer out = ByteBuffer.allocate(idx.length);
        out.put(idx, 0, l.offset - 4).putInt(keep);
        int[][] columns = {{l.offset, 8}, {l.time, 8}, {l.type, 1}, {l.tier, 1}, {l.source, 1}};
        for (int[] c : columns) {
            out.put(idx, c[0], keep * c[1]);
        }
        for (int k = 0; k < 8; k++) {
            out.put(idx, l.ints + k * 4 * l.rows, keep * 4);
        }
        int dictionaries = l.ints + 8 * 4 * l.rows;
        out.put(idx, dictionaries, idx.length - dictionaries);
        Files.write(side, java.util.Arrays.copyOf(out.array(), out.position()));
        assertThat(AuditIndex.open(log).size()).as("the query index misses the last event").isEqualTo(keep);
        SideFileCheck.Result r = check();
        assertThat(r.status()).isEqualTo(Status.MISMATCH);
        assertThat(r.detail()).contains("ends at byte " + Files.size(log)).contains("row " + keep);
    }

    @Test
    void aRowForARecordTheIndexCannotBeBuiltFromIsAMismatch() throws Exception {
        // the log rewritten with a recomputed chain (no key, no anchor: it verifies) so that a record holds what the index
        // cannot take, the side file's header patched to name the new last hash; same lengths, so every offset stays
        byte[] good = Files.readAllBytes(side);
        for (String[] edit : new String[][] {{"\"type\":\"risk-assessed\"", "\"type\":\"zzzzzz-zzzzzz\"", "no event time or type"},
            {"\"agent\":\"claude\"", "\"agent\":{\"a\":11}", "agent the index cannot hold"}}) {
            List<String> lines = Files.readAllLines(log);
            int at = 0;
            while (!lines.get(at).contains(edit[0])) {
                at++;
            }
            lines.set(at, lines.get(at).replace(edit[0], edit[1]));
            String last = rechain(lines);
            byte[] idx = good.clone();
            int hashAt = 8 + 4 + 8 + 8 + 2;
            System.arraycopy(last.getBytes(StandardCharsets.US_ASCII), 0, idx, hashAt, 64);
            Files.write(side, idx);
            SideFileCheck.Result r = check();
            assertThat(r.status()).as(edit[2]).isEqualTo(Status.MISMATCH);
            assertThat(r.detail()).contains("row " + (at + 1) + " ").contains(edit[2]);
        }
    }

    /** Writes the lines back with every hash recomputed (what anyone who can write the log, without the key, can do). */
    private String rechain(List<String> lines) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = io.jenkins.plugins.aigovernance.core.document.JsonDocuments.newMapper();
        RecordHasher hasher = new RecordHasher();
        String prev = AuditRecord.GENESIS;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode rec = m.readTree(lines.get(i));
            String hash = hasher.hash(i + 1, prev, rec.get("event"));
            out.write(hasher.line(i + 1, prev, rec.get("event"), hash, null));
            prev = hash;
        }
        Files.write(log, out.toByteArray());
        return prev;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Where the columns of a side file start (AuditIndex.save: header, offsets, times, types, tiers, sources, 8 int columns). */
    private static final class Layout {
        final int rows;
        final int offset;
        final int time;
        final int type;
        final int tier;
        final int source;
        final int ints;

        Layout(byte[] idx) {
            int at = 8 + 4 + 8 + 8;
            at += 2 + (((idx[at] & 0xff) << 8) | (idx[at + 1] & 0xff));
            rows = ByteBuffer.wrap(idx, at, 4).getInt();
            offset = at + 4;
            time = offset + rows * 8;
            type = time + rows * 8;
            tier = type + rows;
            source = tier + rows;
            ints = source + rows;
        }
    }
}
