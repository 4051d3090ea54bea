package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.jenkins.plugins.aigovernance.core.identity.Identity;
import io.jenkins.plugins.aigovernance.core.policy.Glob;
import java.util.Locale;

/**
 * An identity that can never approve this change.
 *
 * @param identity an id, an email, or (when {@code pattern}) a name glob over ids and emails ({@code claude\[bot\]}
 *                 for the literal name {@code claude[bot]}, see {@link Glob})
 * @param pattern  whether {@code identity} is a glob
 * @param kind     why it is excluded
 * @param reason   human-readable detail ("author of 3f2a1c0d9e8b")
 */
public record ExcludedIdentity(String identity, boolean pattern, ExclusionKind kind, String reason) {

    public ExcludedIdentity {
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("excluded identity is required");
        }
        identity = pattern ? identity.trim() : identity.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether this exclusion names the person with this id and email, by the one identity model
     * ({@link Identity}): NFKC, case folding, format characters and separators removed, look-alike
     * letters folded, plus-address tags and GitHub noreply prefixes dropped, and an id matching the
     * local part of an email in both directions ({@code alice}, {@code Alice+ops@corp.example} and
     * {@code alice@corp.example} are one person). A glob is matched against the id and email as
     * written, their clean forms (NFKC, case folded, format characters removed) and, for globs
     * without character classes or escapes, the folded forms of both sides.
     */
    @JsonIgnore
    public boolean covers(String id, String email) {
        if (pattern) {
            return globCovers(id) || globCovers(email);
        }
        return Identity.of(identity).sameAs(Identity.of(id, email));
    }

    private boolean globCovers(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        Glob g = Glob.name(identity);
        String v = value.trim();
        if (g.matches(v) || g.matches(Identity.clean(v))) {
            return true;
        }
        for (String key : Identity.of(v).keys()) {
            if (g.matches(key)) {
                return true;
            }
        }
        if (identity.indexOf('[') < 0 && identity.indexOf('\\') < 0) {
            Glob folded = Glob.name(Identity.fold(identity));
            for (String key : Identity.of(v).keys()) {
                if (folded.matches(key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
