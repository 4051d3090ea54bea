package io.jenkins.plugins.aigovernance.core.approval;

import java.time.Duration;
import java.util.Objects;

/**
 * What an apply token is minted for: which build, for which audience, for how long.
 *
 * @param issuer      the token's {@code iss}: the URL the issuer's {@code .well-known/openid-configuration} is under
 * @param subject     the token's {@code sub}: the one build it is for (e.g. {@code team/deploy#42})
 * @param audience    the token's {@code aud}: who may accept it (e.g. {@code sts.amazonaws.com})
 * @param ttl         how long the token is valid, at most {@link ApplyTokenIssuer#MAX_TTL}
 * @param blastRadius the change's blast radius (0–100), carried as the {@code blast_radius} claim
 */
public record ApplyTokenRequest(String issuer, String subject, String audience, Duration ttl, int blastRadius) {

    public ApplyTokenRequest {
        requireText(issuer, "issuer");
        requireText(subject, "subject");
        requireText(audience, "audience");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(ApplyTokenIssuer.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + ApplyTokenIssuer.MAX_TTL + ", not " + ttl);
        }
        if (blastRadius < 0 || blastRadius > 100) {
            throw new IllegalArgumentException("blastRadius must be 0-100, not " + blastRadius);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
