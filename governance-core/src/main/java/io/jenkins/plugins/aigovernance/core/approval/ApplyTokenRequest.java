package io.jenkins.plugins.aigovernance.core.approval;

import io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What an apply token is minted for: which build, for which audience, for how long.
 *
 * @param issuer      the token's {@code iss}: the URL the issuer's {@code .well-known/openid-configuration} is
 *                    under; checked by {@link ApplyTokenIssuer#checkIssuer(String)} (https, or http to the
 *                    loopback address for tests)
 * @param subject     the token's {@code sub}: the one build it is for, in the shape {@link #subject(String, int)}
 *                    makes ({@code team/deploy#42}); at most {@value #MAX_SUBJECT_BYTES} bytes of UTF-8, no
 *                    control characters
 * @param audience    the token's {@code aud}: who may accept it (e.g. {@code sts.amazonaws.com})
 * @param ttl         how long the token is valid, at most {@link ApplyTokenIssuer#MAX_TTL}
 * @param blastRadius the change's blast radius (0–100), carried as the {@code blast_radius} claim
 * @param environment the environment the apply is for, as the apply names it ({@code withAiCredentials}'
 *                    {@code environment}), or {@code null} when it names none. The approval must be for it
 *                    ({@link io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy#approvalCovers}); the token
 *                    carries the approved environment's canonical name as its {@code environment} claim. Not blank, and
 *                    not made of invisible characters only (omit it for none)
 */
public record ApplyTokenRequest(String issuer, String subject, String audience, Duration ttl, int blastRadius, String environment) {

    /**
     * The longest {@code sub}, in bytes of UTF-8: Google Cloud workload identity federation maps
     * {@code google.subject} from at most 127 bytes (AWS and Azure accept more), so a subject within
     * it is accepted by every common cloud.
     */
    public static final int MAX_SUBJECT_BYTES = 127;

    public ApplyTokenRequest {
        requireText(issuer, "issuer");
        ApplyTokenIssuer.IssuerCheck check = ApplyTokenIssuer.checkIssuer(issuer);
        if (!check.usable()) {
            throw new IllegalArgumentException("issuer " + issuer + ": " + check.problem());
        }
        requireText(subject, "subject");
        if (subject.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SUBJECT_BYTES) {
            throw new IllegalArgumentException("subject is longer than " + MAX_SUBJECT_BYTES + " bytes of UTF-8 (use ApplyTokenRequest.subject)");
        }
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("subject must not contain control characters");
        }
        requireText(audience, "audience");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(ApplyTokenIssuer.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + ApplyTokenIssuer.MAX_TTL + ", not " + ttl);
        }
        if (blastRadius < 0 || blastRadius > 100) {
            throw new IllegalArgumentException("blastRadius must be 0-100, not " + blastRadius);
        }
        if (environment != null && (environment.isBlank() || EnvironmentPolicy.canonicalName(environment).isEmpty())) {
            throw new IllegalArgumentException("environment must name an environment (omit it for none)");
        }
    }

    /** A request for an apply that names no environment: only an approval that named none covers it. */
    public ApplyTokenRequest(String issuer, String subject, String audience, Duration ttl, int blastRadius) {
        this(issuer, subject, audience, ttl, blastRadius, null);
    }

    /**
     * The {@code sub} of a build's token: {@code <job full name>#<build number>}
     * ({@code payments/deploy#42}). When that is longer than {@value #MAX_SUBJECT_BYTES} bytes of
     * UTF-8, the job name is cut (at a character boundary) and marked with {@code ~} and the first 16
     * hex digits of the SHA-256 of the full job name: {@code <prefix>~<16 hex>#<number>}, still unique
     * per job, still starting with the job's leading folders (for {@code StringLike "payments/*"}
     * trust conditions), and stable across builds. Control characters in the job name become
     * {@code _}.
     *
     * @throws IllegalArgumentException when the job name is blank or the number negative
     */
    public static String subject(String jobFullName, int buildNumber) {
        requireText(jobFullName, "job name");
        if (buildNumber < 0) {
            throw new IllegalArgumentException("build number must not be negative, not " + buildNumber);
        }
        StringBuilder clean = new StringBuilder();
        jobFullName.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '_' : c));
        String job = clean.toString();
        String suffix = "#" + buildNumber;
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        if ((job + suffix).getBytes(utf8).length <= MAX_SUBJECT_BYTES) {
            return job + suffix;
        }
        String mark;
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(jobFullName.getBytes(utf8));
            mark = "~" + java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int budget = MAX_SUBJECT_BYTES - mark.length() - suffix.getBytes(utf8).length;
        StringBuilder prefix = new StringBuilder();
        int used = 0;
        for (int i = 0; i < job.length(); ) {
            int cp = job.codePointAt(i);
            int bytes = new String(Character.toChars(cp)).getBytes(utf8).length;
            if (used + bytes > budget) {
                break;
            }
            prefix.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        return prefix + mark + suffix;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
