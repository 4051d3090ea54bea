package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditLogTest {

    private static final int N = 8;

    @TempDir
    Path dir;

    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private final AuditVerifier verifier = new AuditVerifier();

    private Path logWith(int n, KeyPair keys) {
        Path log = dir.resolve("audit.jsonl");
        try (AuditLog a = AuditLog.open(log, keys == null ? null : keys.getPrivate())) {
            for (int i = 1; i <= n; i++) {
                a.append(AuditEvents.risk(i));
            }
        }
        return log;
    }

    private List<String> lines(Path log) throws Exception {
        return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    private void write(Path log, List<String> lines) throws Exception {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void appendsChainedRecordsThatVerifyAndReadBack() throws Exception {
        Path log = logWith(N, null);
        AuditVerification v = verifier.verify(log);
        assertThat(v.verified()).isTrue();
        assertThat(v.records()).isEqualTo(N);
        List<AuditRecord> records = new AuditReader(log).readAll();
        assertThat(records).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(records.get(0).prevHash()).isEqualTo(AuditRecord.GENESIS);
        for (int i = 1; i < N; i++) {
            assertThat(records.get(i).prevHash()).isEqualTo(records.get(i - 1).hash());
        }
        assertThat(records.get(2).event()).isEqualTo(AuditEvents.risk(3).withId(records.get(2).event().id()));
        assertThat(v.lastHash()).isEqualTo(records.get(N - 1).hash());
        // the line is canonical: keys of the event sorted, no whitespace
        String first = lines(log).get(0);
        assertThat(first).startsWith("{\"seq\":1,\"prevHash\":\"" + AuditRecord.GENESIS + "\",\"event\":{\"actor\":\"jenkins\",\"agent\":");
        assertThat(first).doesNotContain(": ").doesNotContain(", ");
    }

    @Test
    void reopeningContinuesTheChain() {
        Path log = logWith(3, null);
        try (AuditLog a = AuditLog.open(log)) {
            assertThat(a.lastSeq()).isEqualTo(3);
            assertThat(a.append(AuditEvents.risk(4)).seq()).isEqualTo(4);
        }
        assertThat(verifier.verify(log).records()).isEqualTo(4);
    }

    @ParameterizedTest(name = "record {0}")
    @ValueSource(ints = {1, 2, 4, 7, 8})
    void anAlteredRecordIsFoundAtThatRecord(int k) throws Exception {
        Path log = logWith(N, null);
        List<String> lines = lines(log);
        lines.set(k - 1, lines.get(k - 1).replace("\"outcome\":\"assessed\"", "\"outcome\":\"approved\""));
        write(log, lines);
        AuditVerification v = verifier.verify(log);
        assertThat(v.verified()).isFalse();
        assertThat(v.problem().line()).isEqualTo(k);
        assertThat(v.problem().seq()).isEqualTo(k);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.ALTERED);
        assertThat(v.records()).isEqualTo(k - 1);
    }

    @ParameterizedTest(name = "record {0}")
    @ValueSource(ints = {1, 3, 5, 7})
    void aRecordRehashedAfterEditingBreaksTheChainAtTheNextRecord(int k) throws Exception {
        Path log = logWith(N, null);
        List<String> lines = lines(log);
        ObjectNode rec = (ObjectNode) mapper.readTree(lines.get(k - 1));
        ((ObjectNode) rec.get("event")).put("actor", "mallory");
        rec.put("hash", new RecordHasher().hash(k, rec.get("prevHash").asText(), rec.get("event")));
        lines.set(k - 1, mapper.writeValueAsString(rec));
        write(log, lines);
        AuditVerification v = verifier.verify(log);
        assertThat(v.problem().line()).isEqualTo(k + 1);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.CHAIN_BROKEN);
    }

    @ParameterizedTest(name = "record {0}")
    @ValueSource(ints = {1, 2, 5, 7})
    void aDeletedRecordIsFoundWhereItWas(int k) throws Exception {
        Path log = logWith(N, null);
        List<String> lines = lines(log);
        lines.remove(k - 1);
        write(log, lines);
        AuditVerification v = verifier.verify(log);
        assertThat(v.verified()).isFalse();
        assertThat(v.problem().line()).isEqualTo(k);
        assertThat(v.problem().seq()).isEqualTo(k);
        assertThat(v.problem().found()).isEqualTo(k + 1);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.MISSING);
    }

    @Test
    void deletingTheLastRecordsIsFoundAgainstAnAnchor() throws Exception {
        Path log = logWith(N, null);
        AuditVerification before = verifier.verify(log);
        List<String> lines = lines(log);
        write(log, lines.subList(0, N - 2));
        assertThat(verifier.verify(log).verified()).isTrue(); // a shorter log is all a bare chain can see
        AuditVerification v = verifier.verify(log, null, new AuditVerifier.Anchor(before.records(), before.lastHash()));
        assertThat(v.verified()).isFalse();
        assertThat(v.problem().line()).isEqualTo(N - 1);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.MISSING);
    }

    @Test
    void aLogRewrittenUpToTheAnchorFailsAtTheAnchor() throws Exception {
        Path log = logWith(N, null);
        AuditVerification before = verifier.verify(log);
        Files.delete(log);
        try (AuditLog a = AuditLog.open(log)) {
            for (int i = 1; i <= N; i++) {
                a.append(AuditEvents.risk(i + 100));
            }
        }
        AuditVerification v = verifier.verify(log, null, new AuditVerifier.Anchor(before.records(), before.lastHash()));
        assertThat(v.problem().line()).isEqualTo(N);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.ALTERED);
    }

    @ParameterizedTest(name = "before record {0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void anInsertedCopyOfAnotherRecordIsFoundWhereItWasInserted(int k) throws Exception {
        Path log = logWith(N, null);
        List<String> lines = lines(log);
        int copied = k == 1 ? 5 : k - 1; // replay a later record at the start, else the one just before
        lines.add(k - 1, lines.get(copied - 1));
        write(log, lines);
        AuditVerification v = verifier.verify(log);
        assertThat(v.problem().line()).isEqualTo(k);
        assertThat(v.problem().kind()).isIn(AuditVerification.Kind.OUT_OF_ORDER, AuditVerification.Kind.MISSING);
        assertThat(v.problem().found()).isEqualTo(copied);
    }

    @ParameterizedTest(name = "records {0} and {0}+1")
    @ValueSource(ints = {1, 3, 7})
    void swappedRecordsAreFoundAtTheFirstOfThem(int k) throws Exception {
        Path log = logWith(N, null);
        List<String> lines = lines(log);
        Collections.swap(lines, k - 1, k);
        write(log, lines);
        AuditVerification v = verifier.verify(log);
        assertThat(v.problem().line()).isEqualTo(k);
        assertThat(v.problem().found()).isEqualTo(k + 1);
    }

    @Test
    void aGarbledLineIsMalformed() throws Exception {
        Path log = logWith(N, null);
        List<String> lines = lines(log);
        lines.set(3, "{\"seq\":4, garbage");
        write(log, lines);
        AuditVerification v = verifier.verify(log);
        assertThat(v.problem().line()).isEqualTo(4);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.MALFORMED);
    }

    @Test
    void signedRecordsVerifyWithThePublicKeyAndAForgedRecordDoesNot() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path log = logWith(N, keys);
        assertThat(verifier.verify(log, keys.getPublic()).verified()).isTrue();
        assertThat(verifier.verify(log, Ed25519Keys.generate().getPublic()).problem().kind())
                .isEqualTo(AuditVerification.Kind.BAD_SIGNATURE);

        // forge record 3 with a consistent chain from there on, but without the private key
        List<String> lines = lines(log);
        RecordHasher hasher = new RecordHasher();
        String prev = mapper.readTree(lines.get(1)).get("hash").asText();
        for (int i = 3; i <= N; i++) {
            ObjectNode rec = (ObjectNode) mapper.readTree(lines.get(i - 1));
            if (i == 3) {
                ((ObjectNode) rec.get("event")).put("actor", "mallory");
            }
            rec.put("prevHash", prev);
            rec.put("hash", hasher.hash(i, prev, rec.get("event")));
            prev = rec.get("hash").asText();
            lines.set(i - 1, mapper.writeValueAsString(rec));
        }
        write(log, lines);
        assertThat(verifier.verify(log).verified()).isTrue(); // the chain alone was rebuilt
        AuditVerification v = verifier.verify(log, keys.getPublic());
        assertThat(v.problem().line()).isEqualTo(3);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.BAD_SIGNATURE);
    }

    @Test
    void keysRoundTripThroughPem() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path priv = dir.resolve("audit.key");
        Path pub = dir.resolve("audit.pub");
        Files.writeString(priv, Ed25519Keys.pem(keys.getPrivate()));
        Files.writeString(pub, Ed25519Keys.pem(keys.getPublic()));
        Path log = dir.resolve("signed.jsonl");
        try (AuditLog a = AuditLog.open(log, Ed25519Keys.readPrivate(priv))) {
            a.append(AuditEvents.risk(1));
        }
        assertThat(verifier.verify(log, Ed25519Keys.readPublic(pub)).verified()).isTrue();
        assertThatThrownBy(() -> Ed25519Keys.readPublic(priv)).hasMessageContaining("BEGIN PUBLIC KEY");
    }

    @Test
    void aTornLastLineIsReportedIgnoredAndCutByTheNextWriter() throws Exception {
        Path log = logWith(3, null);
        String torn = "{\"seq\":4,\"prevHash\":\"abc\",\"ev";
        Files.writeString(log, torn, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        long size = Files.size(log);

        AuditVerification v = verifier.verify(log);
        assertThat(v.verified()).isTrue();
        assertThat(v.records()).isEqualTo(3);
        assertThat(v.tornTail()).isEqualTo(new TornTail(size - torn.length(), torn.length(), 4));
        AuditReader reader = new AuditReader(log);
        assertThat(reader.readAll()).hasSize(3);
        assertThat(reader.tornTail()).contains(v.tornTail());
        assertThat(AuditIndex.build(log).tornTail()).contains(v.tornTail());

        try (AuditLog a = AuditLog.open(log)) {
            assertThat(a.repairs()).containsExactly(v.tornTail());
            assertThat(a.append(AuditEvents.risk(4)).seq()).isEqualTo(4);
        }
        AuditVerification after = verifier.verify(log);
        assertThat(after.verified()).isTrue();
        assertThat(after.records()).isEqualTo(4);
        assertThat(after.tornTail()).isNull();
        assertThat(Files.readString(dir.resolve("audit.jsonl.torn"))).contains(torn).contains("cut " + torn.length() + " bytes at offset");
    }

    @Test
    void aSignedLogWhoseLastSigWasRemovedTakesNoAppend() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path log = logWith(3, keys);
        List<String> lines = lines(log);
        ObjectNode last = (ObjectNode) mapper.readTree(lines.get(2));
        last.remove("sig");
        lines.set(2, mapper.writeValueAsString(last));
        write(log, lines);
        assertThatThrownBy(() -> AuditLog.open(log)).isInstanceOf(AuditLogException.class)
                .hasMessageContaining("a signed log never becomes unsigned").hasMessageContaining("seq 3").hasMessageContaining(log.toString());
        assertThatThrownBy(() -> AuditLog.open(log, keys.getPrivate())).isInstanceOf(AuditLogException.class)
                .hasMessageContaining("never becomes unsigned");
        assertThat(lines(log)).hasSize(3);
        // an unsigned log stays appendable
        Files.delete(log);
        try (AuditLog a = AuditLog.open(logWith(2, null))) {
            assertThat(a.append(AuditEvents.risk(3)).seq()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "{}"})
    void aLastSigThatIsNoSignatureTakesNoAppend(String sig) throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path log = logWith(1, keys);
        String line = lines(log).get(0);
        String edited = line.replaceFirst("\"sig\":\"[^\"]*\"", "\"sig\":" + sig);
        assertThat(edited).isNotEqualTo(line);
        write(log, List.of(edited));
        assertThatThrownBy(() -> AuditLog.open(log)).isInstanceOf(AuditLogException.class)
                .hasMessageContaining("has a sig that is not a signature (" + sig + ")");
        assertThatThrownBy(() -> AuditLog.open(log, keys.getPrivate())).isInstanceOf(AuditLogException.class)
                .hasMessageContaining("not a signature");
    }

    @Test
    void aWholeSignedRecordWithoutItsNewlineIsEndedNotCut() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path log = logWith(1, keys);
        String one = Files.readString(log).strip();
        Files.writeString(log, one);
        // the single signed record is still there: an unsigned append is refused, and nothing went to .torn
        try (AuditLog a = AuditLog.open(log)) {
            assertThat(a.repairs()).isEmpty();
            assertThatThrownBy(() -> a.append(AuditEvents.risk(2))).isInstanceOf(AuditLogException.class)
                    .hasMessageContaining("signed (record 1");
        }
        assertThat(Files.readString(log)).isEqualTo(one + "\n");
        assertThat(dir.resolve("audit.jsonl.torn")).doesNotExist();
        try (AuditLog a = AuditLog.open(log, keys.getPrivate())) {
            assertThat(a.repairs()).isEmpty();
            assertThat(a.append(AuditEvents.risk(2)).seq()).isEqualTo(2);
        }
        // the same for the last of several records
        Files.writeString(log, Files.readString(log).strip());
        try (AuditLog a = AuditLog.open(log, keys.getPrivate())) {
            assertThat(a.append(AuditEvents.risk(3)).seq()).isEqualTo(3);
        }
        AuditVerification v = verifier.verify(log, keys.getPublic());
        assertThat(v.verified()).isTrue();
        assertThat(v.records()).isEqualTo(3);
        assertThat(dir.resolve("audit.jsonl.torn")).doesNotExist();
    }

    @Test
    void aCompleteLineWithoutItsNewlineThatDoesNotFollowItsPredecessorIsTorn() throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Path log = logWith(3, keys);
        List<String> lines = lines(log);
        ObjectNode unsigned = (ObjectNode) mapper.readTree(lines.get(2));
        unsigned.remove("sig");
        // record 2 again (does not chain), and record 3 without its signature (signed log): both are torn, not completed
        for (String tail : List.of(lines.get(1), mapper.writeValueAsString(unsigned))) {
            Files.writeString(log, lines.get(0) + "\n" + lines.get(1) + "\n" + tail);
            try (AuditLog a = AuditLog.open(log, keys.getPrivate())) {
                assertThat(a.repairs()).hasSize(1);
                assertThat(a.append(AuditEvents.risk(3)).seq()).isEqualTo(3);
            }
            assertThat(verifier.verify(log, keys.getPublic()).verified()).isTrue();
            assertThat(Files.readString(dir.resolve("audit.jsonl.torn"))).contains(tail);
        }
    }

    @Test
    void aCorruptCompleteLastRecordStopsAppends() throws Exception {
        Path log = logWith(2, null);
        Files.writeString(log, "not json\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> AuditLog.open(log)).isInstanceOf(AuditLogException.class).hasMessageContaining("refusing to append");
    }

    @Test
    void concurrentAppendersGetDistinctConsecutiveSeqsAndEveryRecordIsThere() throws Exception {
        Path log = dir.resolve("concurrent.jsonl");
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (AuditLog a = AuditLog.open(log)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        acked.add(a.append(AuditEvents.risk(thread * 1000 + i)).seq());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(acked).hasSize(400);
        assertThat(acked).allMatch(s -> s >= 1 && s <= 400);
        AuditVerification v = verifier.verify(log);
        assertThat(v.verified()).isTrue();
        assertThat(v.records()).isEqualTo(400);
    }
}
