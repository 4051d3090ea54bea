package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * Checks a log from its first record: sequence numbers count up by one, each {@code prevHash}
 * names the record before, each hash matches its record, and (with a public key) each signature
 * verifies, and each line is byte for byte the canonical form of its content (as the writer lays it out:
 * {@code seq, prevHash, event, hash[, sig]} with the event in {@link CanonicalJson}), so no reader can
 * see a field, a spelling or a duplicate the hash does not cover. Stops at the first record that
 * fails and says which and why.
 */
public final class AuditVerifier {

    private final ObjectMapper mapper = JsonDocuments.newMapper();
    private final RecordHasher hasher = new RecordHasher();

    /** Verifies without signatures. */
    public AuditVerification verify(Path log) {
        return verify(log, null);
    }

    /** Verifies; with a public key every record must carry a valid signature. */
    public AuditVerification verify(Path log, PublicKey publicKey) {
        return verify(log, publicKey, null);
    }

    /**
     * Verifies, and also checks the log against an anchor taken earlier (a seq and its hash, e.g. from
     * a previous verification or a git note): a log cut short before the anchor, or rewritten up to it,
     * fails. Without an anchor, removing records from the end cannot be told from a shorter log.
     */
    public AuditVerification verify(Path log, PublicKey publicKey, Anchor anchor) {
        return verify(log, publicKey, anchor, null);
    }

    /**
     * Verifies, and in the same pass compares the query side file with the log: every verified record's indexed members
     * come from the parse that verifies it and go to {@code sideFile} (see {@link AuditIndex.SideFileCheck}), so the log
     * is read and parsed once. {@code sideFile.result()} says what it found, once this returned a verified log.
     *
     * @param sideFile from {@link AuditIndex.SideFileCheck#of} of the same log, or null for none
     */
    public AuditVerification verify(Path log, PublicKey publicKey, Anchor anchor, AuditIndex.SideFileCheck sideFile) {
        if (!Files.isRegularFile(log)) {
            throw new InvalidInputException(log.toString(), "no such audit log");
        }
        try (FileChannel ch = LogFile.openRead(log)) {
            long size = ch.size();
            long end = LogFile.completeEnd(ch, size);
            ch.position(0);
            LogFile.Lines lines = new LogFile.Lines(new BoundedInput(Channels.newInputStream(ch), end)); // Lines buffers
            CanonicalRecordCheck fast = new CanonicalRecordCheck(mapper.getFactory());
            long lineNo = 0;
            long offset = 0;
            long expected = 1;
            String prevHash = AuditRecord.GENESIS;
            String[] hashOut = new String[1];
            EventRow row = sideFile == null ? null : sideFile.row();
            byte[] l;
            while ((l = lines.next()) != null) {
                lineNo++;
                int len = lines.length;
                // the streaming check accepts only a record that is right in every respect; anything else (a bad record, or one it
                // does not handle) is read again the full way, which names the problem
                AuditVerification.Problem p;
                if (fast.verified(l, len, expected, prevHash, publicKey, hashOut, row)) {
                    p = null;
                } else {
                    p = check(l, len, lineNo, offset, expected, prevHash, publicKey, hashOut);
                    if (p == null && row != null) {
                        row.read(mapper.getFactory(), l, len);
                    }
                }
                if (p == null && anchor != null && anchor.seq() == expected && !anchor.hash().equals(hashOut[0])) {
                    p = new AuditVerification.Problem(lineNo, offset, expected, expected, AuditVerification.Kind.ALTERED,
                            "record " + expected + " hashes to " + abbreviate(hashOut[0]) + " but the anchor says " + abbreviate(anchor.hash())
                                    + ": the log was rewritten up to here");
                }
                if (p != null) {
                    return new AuditVerification(log.toString(), false, expected - 1, prevHash, publicKey != null, p, tornTail(end, size, lineNo));
                }
                prevHash = hashOut[0];
                expected++;
                if (sideFile != null) {
                    sideFile.verified(offset, offset + len + 1);
                }
                offset += len + 1;
            }
            TornTail torn = tornTail(end, size, lineNo + 1);
            if (anchor != null && anchor.seq() >= expected) {
                AuditVerification.Problem p = new AuditVerification.Problem(lineNo + 1, offset, expected, null, AuditVerification.Kind.MISSING,
                        "the log ends after seq " + (expected - 1) + " but the anchor names seq " + anchor.seq() + ": records "
                                + expected + ".." + anchor.seq() + " removed");
                return new AuditVerification(log.toString(), false, expected - 1, prevHash, publicKey != null, p, torn);
            }
            if (sideFile != null) {
                sideFile.finish();
            }
            return new AuditVerification(log.toString(), true, expected - 1, prevHash, publicKey != null, null, torn);
        } catch (IOException e) {
            throw new InvalidInputException(log.toString(), "cannot read audit log: " + e.getMessage(), e);
        }
    }

    private static TornTail tornTail(long end, long size, long line) {
        return end < size ? new TornTail(end, size - end, line) : null;
    }

    /** A record known to be in the log: its seq and hash. */
    public record Anchor(long seq, String hash) {
    }

    private AuditVerification.Problem check(byte[] bytes, int len, long line, long offset, long expected, String prevHash, PublicKey key,
            String[] hashOut) {
        JsonNode rec;
        String unreadable = null;
        try {
            rec = mapper.readTree(bytes, 0, len);
        } catch (IOException e) {
            rec = null;
            unreadable = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        }
        if (unreadable != null) {
            return new AuditVerification.Problem(line, offset, expected, null, AuditVerification.Kind.MALFORMED,
                    "line " + line + " is not an audit record: " + unreadable.lines().findFirst().orElse("unreadable"));
        }
        if (rec == null || !rec.isObject() || !rec.path("seq").isIntegralNumber() || !rec.path("prevHash").isTextual()
                || !rec.path("hash").isTextual() || !rec.path("event").isObject()) {
            return new AuditVerification.Problem(line, offset, expected, null, AuditVerification.Kind.MALFORMED,
                    "line " + line + " is not an audit record (needs seq, prevHash, event, hash)");
        }
        long seq = rec.get("seq").asLong();
        String hash = rec.get("hash").asText();
        if (seq > expected) {
            return new AuditVerification.Problem(line, offset, expected, seq, AuditVerification.Kind.MISSING,
                    "expected seq " + expected + " but found " + seq + ": record(s) " + expected + (seq - 1 > expected ? ".." + (seq - 1) : "")
                            + " missing (removed, or moved later)");
        }
        if (seq < expected) {
            return new AuditVerification.Problem(line, offset, expected, seq, AuditVerification.Kind.OUT_OF_ORDER,
                    "expected seq " + expected + " but found " + seq + ": a record was inserted, duplicated or moved here");
        }
        String computed = hasher.hash(seq, rec.get("prevHash").asText(), rec.get("event"));
        if (!computed.equals(hash)) {
            return new AuditVerification.Problem(line, offset, expected, seq, AuditVerification.Kind.ALTERED,
                    "record " + seq + " was altered: its content hashes to " + computed.substring(0, 12) + "…, the record says "
                            + abbreviate(hash));
        }
        if (!rec.get("prevHash").asText().equals(prevHash)) {
            return new AuditVerification.Problem(line, offset, expected, seq, AuditVerification.Kind.CHAIN_BROKEN,
                    "record " + seq + " does not follow the record before it (prevHash " + abbreviate(rec.get("prevHash").asText())
                            + ", previous hash " + abbreviate(prevHash) + "): records before it were replaced");
        }
        if (key != null) {
            JsonNode sig = rec.get("sig");
            if (sig == null || !sig.isTextual() || !RecordHasher.signatureValid(key, hash, sig.asText())) {
                return new AuditVerification.Problem(line, offset, expected, seq, AuditVerification.Kind.BAD_SIGNATURE,
                        "record " + seq + (sig == null ? " is not signed" : " has a signature that does not verify with the public key"));
            }
        }
        JsonNode sigNode = rec.get("sig");
        byte[] canonicalLine = hasher.line(seq, rec.get("prevHash").asText(), rec.get("event"), hash,
                sigNode == null || !sigNode.isTextual() ? null : sigNode.asText());
        if (!java.util.Arrays.equals(bytes, 0, len, canonicalLine, 0, canonicalLine.length - 1)) {
            return new AuditVerification.Problem(line, offset, expected, seq, AuditVerification.Kind.NOT_CANONICAL,
                    "record " + seq + " is not stored in its canonical form (extra fields, other key order, spacing or escapes):"
                            + " other tools could read it differently than its hash covers");
        }
        hashOut[0] = hash;
        return null;
    }

    private static String abbreviate(String h) {
        return h.length() > 12 ? h.substring(0, 12) + "…" : h;
    }

    /** A stream that ends after {@code limit} bytes. */
    static final class BoundedInput extends java.io.FilterInputStream {
        private long left;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
