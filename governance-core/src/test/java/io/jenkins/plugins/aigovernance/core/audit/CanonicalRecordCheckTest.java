package io.jenkins.plugins.aigovernance.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming record check accepts the records the writer lays out and nothing else: every other spelling falls back to
 * the full check (and so is reported by it), whatever the change.
 */
class CanonicalRecordCheckTest {

    private static final KeyPair KEYS = Ed25519Keys.generate();
    /** The first line of a signed log (jqwik properties get no {@code @TempDir}). */
    private static final String SIGNED_FIRST = signedFirstLine();

    private static String signedFirstLine() {
        try {
            Path d = Files.createTempDirectory("canonical-check");
            Path log = d.resolve("signed.jsonl");
            try (AuditLog a = AuditLog.open(log, KEYS.getPrivate())) {
                a.append(AuditEvents.risk(1));
            }
            String first = Files.readAllLines(log, StandardCharsets.UTF_8).get(0);
            Files.delete(log);
            Files.delete(d);
            return first;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TempDir
    Path dir;

    private List<String> lines(boolean signed) throws Exception {
        Path log = dir.resolve(signed ? "signed.jsonl" : "log.jsonl");
        if (!Files.exists(log)) {
            try (AuditLog a = AuditLog.open(log, signed ? KEYS.getPrivate() : null)) {
                for (int i = 1; i <= 3; i++) {
                    a.append(AuditEvents.risk(i));
                }
            }
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private static boolean fast(String line, long seq, String prev, boolean signed) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return new CanonicalRecordCheck(JsonDocuments.newMapper().getFactory())
                .verified(b, b.length, seq, prev, signed ? KEYS.getPublic() : null, new String[1]);
    }

    private static String hashOf(String line) {
        return line.substring(line.indexOf("\"hash\":\"") + 8, line.indexOf("\"hash\":\"") + 8 + 64);
    }

    @Test
    void acceptsEveryRecordTheWriterWritesSignedOrNot() throws Exception {
        for (boolean signed : new boolean[] {false, true}) {
            List<String> lines = lines(signed);
            String prev = AuditRecord.GENESIS;
            for (int i = 0; i < lines.size(); i++) {
                assertThat(fast(lines.get(i), i + 1, prev, signed)).as("record %d, signed %s", i + 1, signed).isTrue();
                prev = hashOf(lines.get(i));
            }
        }
    }

    @Test
    void leavesEveryOtherSpellingOfAGoodRecordToTheFullCheck() throws Exception {
        String line = lines(false).get(0);
        String g = AuditRecord.GENESIS;
        List<String> variants = List.of(
                line.replace("{\"seq\":1,", "{\"seq\":1 ,"), // spacing
                line.replace("{\"seq\":1,", "{\"seq\":01,"), // leading zero
                line.replace("\"actor\":\"jenkins\"", "\"actor\":\"jenkin\\u0073\""), // escape the canonical form does not use
                line.replace("\"actor\":\"jenkins\",", "\"actor\":\"jenkins\",\"actor\":\"jenkins\","), // duplicate key
                line.replace("{\"seq\":1,", "{\"seq\":1,\"seq\":1,"), // duplicate top-level key
                line.substring(0, line.length() - 1) + ",\"extra\":1}", // field the hash does not cover
                line + " ", // trailing data
                line.replace("\"hash\":", "\"sig\":\"AAAA\",\"hash\":")); // fields out of order
        for (String v : variants) {
            assertThat(fast(v, 1, g, false)).as(v).isFalse();
        }
        assertThat(fast(line, 2, g, false)).as("wrong seq").isFalse();
        assertThat(fast(line, 1, "f".repeat(64), false)).as("wrong prevHash").isFalse();
        assertThat(fast(line, 1, g, true)).as("unsigned record under a key").isFalse();
    }

    @Property(tries = 300)
    void noChangedByteOfARecordIsAccepted(@ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll @IntRange(min = 1, max = 255) int xor)
    {
        byte[] b = SIGNED_FIRST.getBytes(StandardCharsets.UTF_8);
        b[where % b.length] ^= (byte) xor;
        boolean accepted = new CanonicalRecordCheck(JsonDocuments.newMapper().getFactory())
                .verified(b, b.length, 1, AuditRecord.GENESIS, KEYS.getPublic(), new String[1]);
        assertThat(accepted).isFalse();
    }

    @Test
    void theVerifierStillNamesTheProblemOfARecordTheStreamingCheckRefuses() throws Exception {
        Path log = dir.resolve("spaced.jsonl");
        List<String> lines = lines(false);
        Files.writeString(log, lines.get(0) + "\n" + lines.get(1).replace("{\"seq\":2,", "{\"seq\":2, ") + "\n" + lines.get(2) + "\n");
        AuditVerification v = new AuditVerifier().verify(log);
        assertThat(v.verified()).isFalse();
        assertThat(v.records()).isEqualTo(1);
        assertThat(v.problem().kind()).isEqualTo(AuditVerification.Kind.NOT_CANONICAL);
    }
}
