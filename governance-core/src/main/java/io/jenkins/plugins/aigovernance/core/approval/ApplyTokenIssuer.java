package io.jenkins.plugins.aigovernance.core.approval;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jenkins.plugins.aigovernance.core.change.ChangeFingerprint;
import io.jenkins.plugins.aigovernance.core.document.GovernanceException;
import io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints the short-lived OIDC token for the apply side of a deployment: a JWT that a cloud role can
 * trust to mean "an approved change is being applied by this build". Front ends mint through the engine's
 * {@code GovernanceEngine.applyToken}, which runs the apply check ({@code ApplyCheck}: approved, same change, not
 * stale, same environment) first; {@link #issue} checks again that the approval is satisfied, names the change that
 * is there now <em>and</em> covers the request's environment, and otherwise throws {@link ApplyTokenRefusedException}.
 *
 * <p>Claims: {@code iss}, {@code sub} (the build), {@code aud}, {@code iat}, {@code exp}
 * ({@code iat + ttl}), {@code jti} (random), and {@code tier}, {@code approvers} (who filled the
 * approval's slots), {@code fingerprint}, {@code blast_radius}, {@code break_glass}, and {@code environment} (the
 * canonical name of the environment the approval was for, {@link EnvironmentPolicy#canonicalName}; absent when the
 * approval and the apply named none). The header names
 * the key ({@code kid}) and {@code typ: JWT}. Relying parties find the public key through
 * {@link #openIdConfiguration(String)} and {@link ApplyTokenSigningKey#publicJwks()}.
 */
public final class ApplyTokenIssuer {

    /** The longest a token may live. */
    public static final Duration MAX_TTL = Duration.ofHours(12);

    /** The path of the JWKS below the issuer URL. */
    public static final String JWKS_PATH = "/jwks";

    /** Claims a token carries, as the discovery document lists them. */
    public static final List<String> CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "jti", "tier", "approvers", "fingerprint",
            "blast_radius", "break_glass", "environment");

    private final ApplyTokenSigningKey key;
    private final Clock clock;

    public ApplyTokenIssuer(ApplyTokenSigningKey key, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The {@code environment} claim for an approval's environment: its canonical name ({@link EnvironmentPolicy#canonicalName})
     * when the approval spelled it plainly ({@link EnvironmentPolicy#plainSpelling}: {@code Prod} claims {@code prod}),
     * else the approval's own spelling, trimmed: another spelling of one name may have met another bar (an approval for
     * {@code ｐｅｒｆ} under {@code nonProduction: [ｐｅｒｆ]} was judged non-production, {@code perf} is production), so
     * a trust condition that compares the plain name does not accept it. {@code null} when it names none.
     */
    static String claimedEnvironment(String approved) {
        String canonical = EnvironmentPolicy.canonicalName(approved);
        if (canonical == null) {
            return null;
        }
        return EnvironmentPolicy.plainSpelling(approved) ? canonical : approved.trim();
    }

    /**
     * Mints a token.
     *
     * @param request  for whom, for what audience, how long, for which environment
     * @param approval the approval engine's evaluation the build holds
     * @param current  the fingerprint of the change that is there now (read again where it will be applied)
     * @throws ApplyTokenRefusedException when the approval is not satisfied, names another change, or does not cover the
     *                                    request's environment ({@link EnvironmentPolicy#approvalCovers})
     */
    public ApplyToken issue(ApplyTokenRequest request, ApprovalEvaluation approval, ChangeFingerprint current) {
        Objects.requireNonNull(request, "request");
        if (approval == null || !approval.satisfied() || approval.status() != ApprovalStatus.APPROVED) {
            throw new ApplyTokenRefusedException("no apply token: the change is not approved"
                    + (approval == null ? "" : " (approval " + approval.status().json() + ")"));
        }
        if (current == null || !approval.fingerprint().equals(current)) {
            throw new ApplyTokenRefusedException("no apply token: the approval is for change " + approval.fingerprint().shortForm()
                    + ", but the change now is " + (current == null ? "unknown" : current.shortForm()));
        }
        if (!EnvironmentPolicy.approvalCovers(approval.environment(), request.environment())) {
            String approved = Approval.describe(approval.environment());
            throw new ApplyTokenRefusedException("no apply token: the approval is for environment " + approved
                    + ", but the token is asked for " + Approval.describe(request.environment()));
        }
        Instant now = clock.instant();
        Instant staleAt = approval.staleAt();
        if (staleAt != null && now.isAfter(staleAt)) {
            throw new ApplyTokenRefusedException("no apply token: the approval of " + approval.grantedAt() + " went stale at " + staleAt);
        }
        String environment = claimedEnvironment(approval.environment());
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(request.ttl()).truncatedTo(ChronoUnit.SECONDS);
        String jwtId = UUID.randomUUID().toString();
        List<String> approvers = approval.filled().stream().map(FilledSlot::approverId).distinct().toList();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(request.issuer())
                .subject(request.subject())
                .audience(request.audience())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(jwtId)
                .claim("tier", approval.tier().name())
                .claim("approvers", approvers)
                .claim("fingerprint", approval.fingerprint().value())
                .claim("blast_radius", request.blastRadius())
                .claim("break_glass", approval.breakGlass());
        if (environment != null) {
            builder.claim("environment", environment);
        }
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(key.jwsAlgorithm()).keyID(key.keyId()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new GovernanceException("cannot sign the apply token: " + e.getMessage(), e);
        }
        return new ApplyToken(jwt.serialize(), key.keyId(), key.algorithm(), jwtId, request.issuer(), request.subject(),
                request.audience(), issuedAt, expiresAt, approval.tier().name(), approvers, approval.fingerprint().value(),
                request.blastRadius(), approval.breakGlass(), environment);
    }

    /** The signing key (its public half is what relying parties trust). */
    public ApplyTokenSigningKey key() {
        return key;
    }

    /**
     * Whether an issuer URL is one relying parties accept.
     *
     * @param usable  tokens may be minted and discovery served for it
     * @param problem why it is refused, or the warning for a usable one ({@code null}: none)
     */
    public record IssuerCheck(boolean usable, String problem) {
    }

    /**
     * Checks an issuer URL as OpenID Connect Discovery 1.0 §3 and the clouds' federation require:
     * {@code https} with a host and no query or fragment. An {@code http} URL to the loopback address
     * (127.0.0.1, ::1, localhost) is usable with a warning (no cloud accepts it; for local tests);
     * any other {@code http}, a missing host or a query/fragment is refused.
     */
    public static IssuerCheck checkIssuer(String issuer) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(issuer == null ? "" : issuer.strip());
        } catch (java.net.URISyntaxException e) {
            return new IssuerCheck(false, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        if (host.isEmpty()) {
            return new IssuerCheck(false, "the issuer URL has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return new IssuerCheck(false, "the issuer URL must not have a query or fragment (OpenID Connect Discovery 1.0)");
        }
        if (scheme.equals("https")) {
            return new IssuerCheck(true, null);
        }
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (scheme.equals("http") && loopback) {
            return new IssuerCheck(true, "the issuer is http: no cloud accepts it (only for local tests); set an https Jenkins URL");
        }
        return new IssuerCheck(false, "the issuer must be https (clouds refuse other issuers); set an https Jenkins URL");
    }

    /**
     * The OpenID Provider metadata served at {@code <issuer>/.well-known/openid-configuration}: enough
     * for a cloud's OIDC federation to find {@code jwks_uri} and the signing algorithm.
     *
     * @throws IllegalArgumentException when {@link #checkIssuer} refuses the issuer
     */
    public Map<String, Object> openIdConfiguration(String issuer) {
        IssuerCheck check = checkIssuer(issuer);
        if (!check.usable()) {
            throw new IllegalArgumentException("issuer " + issuer + ": " + check.problem());
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", base);
        doc.put("jwks_uri", base + JWKS_PATH);
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of(key.algorithm()));
        doc.put("claims_supported", CLAIMS);
        return doc;
    }
}
