package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The streaming form of {@link AuditVerifier}'s record check, for the common case of a good record: one pass of Jackson's
 * parser over the line, re-writing the event with the generator {@link CanonicalJson} uses, then one SHA-256 over
 * the canonical hash input; no tree, no mapper. It answers only "this record verifies" ({@code true}) or "not shown
 * here" ({@code false}): a record it does not accept is checked again by the full check, which says what is wrong, so
 * this check can only be stricter. It accepts a line only when
 * <ul>
 *   <li>the line is byte for byte {@code {"seq":N,"prevHash":"P","event":E,"hash":"H"[,"sig":"S"]}} (the writer's layout,
 *       {@link RecordHasher#line}), with {@code P} and {@code H} hex (as checked below) and {@code S} of letters, digits and
 *       {@code + / =} only (nothing to escape);</li>
 *   <li>{@code E} is the canonical form of the event as {@link CanonicalJson} writes it: members in strictly increasing
 *       {@link String#compareTo} order at every level (so no duplicates), strings, integers that fit a long, booleans and
 *       null (a decimal number is left to the full check), re-written with the same generator and compared byte for byte;</li>
 *   <li>{@code N} is the expected seq, {@code P} the previous record's hash, {@code H} the SHA-256 of
 *       {@code {"event":E,"prevHash":"P","seq":N}}, and with a key {@code S} a valid Ed25519 signature of {@code H}.</li>
 * </ul>
 * One instance per verification (it reuses its buffers and digest); not thread-safe.
 */
final class CanonicalRecordCheck {

    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] PREV = ascii(",\"prevHash\":\"");
    private static final byte[] EVENT = ascii("\",\"event\":");
    private static final byte[] HASH = ascii(",\"hash\":\"");
    private static final byte[] SIG = ascii("\",\"sig\":\"");
    private static final byte[] END = ascii("\"}");
    private static final byte[] HASH_EVENT = ascii("{\"event\":");
    private static final byte[] HASH_SEQ = ascii("\",\"seq\":");

    private final JsonFactory factory;
    private final MessageDigest sha256;
    private final Buffer event = new Buffer();

    CanonicalRecordCheck(JsonFactory factory) {
        this.factory = factory;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the record in {@code line[0, len)} verifies as record {@code expected} after {@code prevHash}; on {@code true}
     * its hash is put in {@code hashOut[0]}. With a {@code row}, the members the query index keeps are taken from the
     * same parse ({@link EventRow}); it is meaningful only when this returns {@code true}.
     */
    boolean verified(byte[] line, int len, long expected, String prevHash, PublicKey key, String[] hashOut) {
        return verified(line, len, expected, prevHash, key, hashOut, null);
    }

    boolean verified(byte[] line, int len, long expected, String prevHash, PublicKey key, String[] hashOut, EventRow row) {
        try (JsonParser p = factory.createParser(line, 0, len)) {
            // duplicates cannot pass: the record's members are checked in a fixed order and the event's strictly increasing
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT || !"seq".equals(p.nextFieldName()) || p.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return false;
            }
            long seq = p.getLongValue();
            if (seq != expected || !"prevHash".equals(p.nextFieldName()) || p.nextToken() != JsonToken.VALUE_STRING) {
                return false;
            }
            String prev = p.getText();
            if (!prev.equals(prevHash) || !"event".equals(p.nextFieldName()) || p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            event.reset();
            try (JsonGenerator g = factory.createGenerator(event)) {
                if (!(row == null ? copyCanonical(p, g) : copyEvent(p, g, row))) {
                    return false;
                }
            }
            if (!"hash".equals(p.nextFieldName()) || p.nextToken() != JsonToken.VALUE_STRING) {
                return false;
            }
            String hash = p.getText();
            String sig = null;
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME) {
                if (!"sig".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_STRING) {
                    return false;
                }
                sig = p.getText();
                t = p.nextToken();
            }
            // prev equals the previous record's hex hash (or the genesis zeros) and hash must equal the hex digest below: both plain
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || sig != null && !plain(sig)) {
                return false;
            }
            if (!laidOut(line, len, seq, prev, hash, sig)) {
                return false;
            }
            sha256.reset();
            sha256.update(HASH_EVENT);
            sha256.update(event.array(), 0, event.size());
            sha256.update(PREV);
            sha256.update(ascii(prev));
            sha256.update(HASH_SEQ);
            sha256.update(ascii(Long.toString(seq)));
            sha256.update((byte) '}');
            if (!HexFormat.of().formatHex(sha256.digest()).equals(hash)) {
                return false;
            }
            if (key != null && (sig == null || !RecordHasher.signatureValid(key, hash, sig))) {
                return false;
            }
            hashOut[0] = hash;
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // the full check reads it again and names the problem
        }
    }

    /** {@link #copyCanonical} of the event object, taking the members the query index keeps into {@code row} on the way. */
    private static boolean copyEvent(JsonParser p, JsonGenerator g, EventRow row) throws IOException {
        row.reset();
        g.writeStartObject();
        String last = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (last != null && last.compareTo(name) >= 0) {
                return false;
            }
            last = name;
            g.writeFieldName(name);
            t = p.nextToken();
            if (t == JsonToken.START_ARRAY && "touches".equals(name)) {
                row.startTouches();
                g.writeStartArray();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        return false;
                    }
                    row.touch(p);
                    if (!copyCanonical(p, g)) {
                        return false;
                    }
                }
                g.writeEndArray();
                continue;
            }
            if (EventRow.textMember(name)) {
                row.text(name, p);
            }
            if (!copyCanonical(p, g)) {
                return false;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return false;
        }
        g.writeEndObject();
        return true;
    }

    /** Re-writes the current value canonically; {@code false} when it is not canonical or not a kind this check handles. */
    private static boolean copyCanonical(JsonParser p, JsonGenerator g) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                g.writeStartObject();
                String last = null;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (last != null && last.compareTo(name) >= 0) {
                        return false;
                    }
                    last = name;
                    g.writeFieldName(name);
                    p.nextToken();
                    if (!copyCanonical(p, g)) {
                        return false;
                    }
                }
                if (t != JsonToken.END_OBJECT) {
                    return false;
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null || !copyCanonical(p, g)) {
                        return false;
                    }
                }
                g.writeEndArray();
            }
            case VALUE_STRING -> g.writeString(p.getText());
            case VALUE_NUMBER_INT -> {
                switch (p.getNumberType()) {
                    case INT -> g.writeNumber(p.getIntValue());
                    case LONG -> g.writeNumber(p.getLongValue());
                    default -> {
                        return false;
                    }
                }
            }
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> {
                return false; // decimals and anything else: the full check decides
            }
        }
        return true;
    }

    /** Whether the line is exactly the writer's layout around the values read and the re-written event. */
    private boolean laidOut(byte[] line, int len, long seq, String prev, String hash, String sig) {
        int[] at = {0};
        return part(line, len, at, SEQ) && part(line, len, at, ascii(Long.toString(seq))) && part(line, len, at, PREV)
                && part(line, len, at, ascii(prev)) && part(line, len, at, EVENT)
                && part(line, len, at, event.array(), event.size()) && part(line, len, at, HASH) && part(line, len, at, ascii(hash))
                && (sig == null || part(line, len, at, SIG) && part(line, len, at, ascii(sig))) && part(line, len, at, END)
                && at[0] == len;
    }

    private static boolean part(byte[] line, int len, int[] at, byte[] expected) {
        return part(line, len, at, expected, expected.length);
    }

    private static boolean part(byte[] line, int len, int[] at, byte[] expected, int n) {
        int from = at[0];
        if (from + n > len || !Arrays.equals(line, from, from + n, expected, 0, n)) {
            return false;
        }
        at[0] = from + n;
        return true;
    }

    /** Letters, digits and {@code + / =} (hex and base64): JSON writes them as they are. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A reusable output buffer whose bytes can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
