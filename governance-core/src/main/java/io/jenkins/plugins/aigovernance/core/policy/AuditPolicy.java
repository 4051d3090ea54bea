package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;

/**
 * The {@code audit:} section of the policy.
 *
 * @param log        where the audit log lives (a path; relative paths are resolved by the front end,
 *                   the Jenkins plugin against JENKINS_HOME); absent: the front end's default
 * @param signingKey path to an Ed25519 private key (PKCS#8 PEM) that signs every record; absent: unsigned
 * @param publicKey  path to the matching public key (X.509 PEM) that {@code verify} checks signatures with
 * @param gitNotes   whether the summary of a deployed change is written as a git note on its commit (default true)
 * @param notesRef   the notes ref (default {@code refs/notes/ai-governance})
 */
public record AuditPolicy(String log, String signingKey, String publicKey, Boolean gitNotes, String notesRef) {

    /** The default notes ref. */
    public static final String DEFAULT_NOTES_REF = "refs/notes/ai-governance";

    public AuditPolicy {
        gitNotes = gitNotes == null ? Boolean.TRUE : gitNotes;
        notesRef = notesRef == null ? DEFAULT_NOTES_REF : notesRef;
    }

    /** No settings: defaults everywhere. */
    public AuditPolicy() {
        this(null, null, null, null, null);
    }

    void validate(PolicyValidation v, String at) {
        if (log != null && log.isBlank()) {
            v.error(at + "/log", "log must be a path");
        }
        for (String[] key : new String[][] {{"signingKey", signingKey}, {"publicKey", publicKey}}) {
            if (key[1] != null && key[1].contains("-----BEGIN")) {
                v.error(at + "/" + key[0], key[0] + " must be the path of a PEM file, not the key itself (keep keys out of the policy)");
            } else if (key[1] != null && key[1].isBlank()) {
                v.error(at + "/" + key[0], key[0] + " must be a path");
            }
        }
        if (!notesRef.startsWith("refs/notes/") || !org.eclipse.jgit.lib.Repository.isValidRefName(notesRef)) {
            v.error(at + "/notesRef", "notesRef must be a valid ref under refs/notes/, not '" + notesRef + "'");
        }
    }
}
