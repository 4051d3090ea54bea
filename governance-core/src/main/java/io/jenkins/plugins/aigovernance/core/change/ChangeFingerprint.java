package io.jenkins.plugins.aigovernance.core.change;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Identifies exactly one change: sha256 over the base and head commits, every changed path with its
 * blob ids and modes, and the digests of non-git inputs (plan, manifests). Approvals and audit
 * events name it; when the change moves, the fingerprint moves and they no longer apply.
 *
 * @param value {@code sha256:} followed by 64 hex digits
 */
public record ChangeFingerprint(String value) {

    private static final String PREFIX = "sha256:";

    @JsonCreator
    public ChangeFingerprint {
        Objects.requireNonNull(value, "value");
        if (!value.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a change fingerprint: " + value);
        }
    }

    /** Computes the fingerprint of a change. Order of files and inputs does not matter. */
    public static ChangeFingerprint of(ChangeSet change) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        field(md, "base", change.base());
        field(md, "head", change.head());
        List<FileChange> files = new ArrayList<>(change.files());
        files.sort(Comparator.comparing(FileChange::path).thenComparing(f -> String.valueOf(f.oldPath())));
        for (FileChange f : files) {
            field(md, "file", f.path() + '\0' + f.oldPath() + '\0' + f.kind().json() + '\0' + f.oldBlob() + '\0' + f.newBlob()
                    + '\0' + f.oldMode() + '\0' + f.newMode());
        }
        List<InputDigest> inputs = new ArrayList<>(change.inputs());
        inputs.sort(Comparator.comparing(InputDigest::kind).thenComparing(InputDigest::sha256));
        for (InputDigest i : inputs) {
            field(md, "input", i.kind() + '\0' + i.sha256());
        }
        return new ChangeFingerprint(PREFIX + HexFormat.of().formatHex(md.digest()));
    }

    private static void field(MessageDigest md, String name, String value) {
        byte[] v = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Integer.toString(v.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(v);
    }

    /** The first 12 hex digits, for display. */
    public String shortForm() {
        return value.substring(PREFIX.length(), PREFIX.length() + 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
