package io.jenkins.plugins.aigovernance.core.provenance;

import java.text.Normalizer;

/**
 * Unicode NFKC ({@link Normalizer.Form#NFKC}, UAX #15) of commit texts. An ASCII text is its own NFKC form (no ASCII
 * character has a compatibility decomposition or composes with another), so it is returned as it is, without loading the
 * JDK's normaliser and its data (docs/performance.md, start-up); {@code NfkcTest} compares both for ASCII and other texts.
 */
final class Nfkc {

    private Nfkc() {
    }

    /** The NFKC form of {@code text} (not {@code null}). */
    static String of(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return Normalizer.normalize(text, Normalizer.Form.NFKC);
            }
        }
        return text;
    }
}
