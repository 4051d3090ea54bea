package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.classification.RiskTier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An open question to people: does this change, at this tier, get the sign-off it needs before
 * {@code expiresAt}? Pending until evaluated as approved, denied or expired.
 *
 * @param id          stable id derived from fingerprint, tier, opening time and (when one is named) environment ({@code apr-…})
 * @param fingerprint the change
 * @param tier        the tier when opened
 * @param requirement what it needs
 * @param openedAt    when it opened; the timeout runs from here
 * @param expiresAt   {@code openedAt + timeout}
 */
public record ApprovalRequest(
        String id,
        ChangeFingerprint fingerprint,
        RiskTier tier,
        ApprovalRequirement requirement,
        Instant openedAt,
        Instant expiresAt) {

    /** Opens a request for a requirement at {@code openedAt}. */
    public static ApprovalRequest open(ApprovalRequirement requirement, Instant openedAt) {
        String key = requirement.fingerprint().value() + "\0" + requirement.tier() + "\0" + openedAt
                + (requirement.environment() == null ? "" : "\0" + requirement.environment());
        String id = "apr-" + sha256(key).substring(0, 16);
        return new ApprovalRequest(id, requirement.fingerprint(), requirement.tier(), requirement, openedAt,
                openedAt.plus(requirement.timeout()));
    }

    /**
     * The environment the request asks approval for (its requirement's), or {@code null} when none is named: only
     * approvals given for it count ({@link ApprovalEvaluator}).
     */
    public String environment() {
        return requirement.environment();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
