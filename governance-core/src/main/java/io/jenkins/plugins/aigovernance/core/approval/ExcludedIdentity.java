package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
     * Whether this exclusion names the person with this id and email. Ids and emails compare ignoring
     * case; an id also matches an excluded email's local part ({@code alice} and {@code alice@corp.example}).
     */
    @JsonIgnore
    public boolean covers(String id, String email) {
        if (pattern) {
            Glob g = Glob.name(identity);
            return id != null && g.matches(id.trim()) || email != null && g.matches(email.trim());
        }
        String i = id == null ? null : id.trim().toLowerCase(Locale.ROOT);
        String e = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
        if (identity.equals(i) || identity.equals(e)) {
            return true;
        }
        int at = identity.indexOf('@');
        return at > 0 && i != null && i.indexOf('@') < 0 && identity.substring(0, at).equals(i);
    }
}
