package io.jenkins.plugins.aigovernance.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Hashes, signs and lays out records; shared by every writer and verifier (the file log, the PostgreSQL
 * store) so all agree byte for byte. Not thread-safe: one instance per thread.
 */
public final class RecordHasher {

    private final CanonicalJson canonical = new CanonicalJson();

    /** hex sha256 over canonical {@code {"event":..,"prevHash":..,"seq":..}}. */
    public String hash(long seq, String prevHash, JsonNode event) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", seq);
        n.put("prevHash", prevHash);
        n.set("event", event);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.bytes(n)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One log line (with its newline): seq, prevHash, canonical event, hash, sig. */
    public byte[] line(long seq, String prevHash, JsonNode event, String hash, String sig) {
        StringBuilder sb = new StringBuilder(640);
        sb.append("{\"seq\":").append(seq).append(",\"prevHash\":\"").append(prevHash).append("\",\"event\":")
                .append(new String(canonical.bytes(event), StandardCharsets.UTF_8)).append(",\"hash\":\"").append(hash).append('"');
        if (sig != null) {
            sb.append(",\"sig\":\"").append(sig).append('"');
        }
        return sb.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String sign(PrivateKey key, String hash) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new AuditLogException("cannot sign audit record: " + e.getMessage(), e);
        }
    }

    public static boolean signatureValid(PublicKey key, String hash, String sig) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(hash.getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getDecoder().decode(sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
