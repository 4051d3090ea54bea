package io.jenkins.plugins.aigovernance.core.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * A signed, short-lived token that says "this build may apply this approved change". Its JSON form
 * (for the audit trail) carries every claim but never the token itself.
 *
 * @param token       the compact JWS ({@code header.claims.signature}); a secret, never serialized or printed
 * @param keyId       {@code kid} of the signing key (its JWK thumbprint unless the key named one)
 * @param algorithm   {@code ES256} or {@code RS256}
 * @param jwtId       {@code jti}: unique per token
 * @param issuer      {@code iss}
 * @param subject     {@code sub}
 * @param audience    {@code aud}
 * @param issuedAt    {@code iat}
 * @param expiresAt   {@code exp}
 * @param tier        {@code tier} claim: the approved tier
 * @param approvers   {@code approvers} claim: who filled the approval's slots
 * @param fingerprint {@code fingerprint} claim: the approved change
 * @param blastRadius {@code blast_radius} claim
 * @param breakGlass  {@code break_glass} claim: whether the approval came from the break-glass override
 * @param environment {@code environment} claim: the canonical name of the environment the approval was for
 *                    ({@link io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy#canonicalName}), or
 *                    {@code null} (no claim) when the approval and the apply named none
 */
public record ApplyToken(
        @JsonIgnore String token,
        String keyId,
        String algorithm,
        String jwtId,
        String issuer,
        String subject,
        String audience,
        Instant issuedAt,
        Instant expiresAt,
        String tier,
        List<String> approvers,
        String fingerprint,
        int blastRadius,
        boolean breakGlass,
        String environment) {

    public ApplyToken {
        approvers = List.copyOf(approvers);
    }

    /** Everything but the token. */
    @Override
    public String toString() {
        return "ApplyToken[jti=" + jwtId + ", sub=" + subject + ", aud=" + audience + ", exp=" + expiresAt + ", fingerprint=" + fingerprint
                + (environment == null ? "" : ", environment=" + environment) + "]";
    }
}
