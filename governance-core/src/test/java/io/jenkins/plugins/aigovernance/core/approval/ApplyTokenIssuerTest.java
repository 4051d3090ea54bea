package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP2;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.T0;
import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.approve;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import io.jenkins.plugins.aigovernance.core.policy.GovernancePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplyTokenIssuerTest {

    private static final GovernancePolicy DEFAULTS = Fixtures.LOADER.defaults();
    /** Evaluated an hour after the request opened; the token is minted later still (ms are dropped). */
    private static final Instant MINTED = Instant.parse("2026-03-02T09:45:30.750Z"); // within the hour after the approvals (not stale)
    private static final ApplyTokenRequest REQUEST = new ApplyTokenRequest(
            "https://jenkins.example.com/ai-governance-oidc", "payments/deploy#42", "sts.amazonaws.com", Duration.ofMinutes(30), 73);

    /** A HIGH change approved, through the real evaluator, by a senior engineer and a team lead. */
    private static ApprovalEvaluation approved() {
        ApprovalRequest request = ApprovalRequest.open(Fixtures.requirement(DEFAULTS, HIGH, FP1), T0);
        return new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).evaluate(request, List.of(
                approve("sam", FP1, HIGH, 1, "senior-engineers"),
                approve("tom", FP1, HIGH, 2, "team-leads")));
    }

    /** The same HIGH change approved for an environment (the request's and every decision's). */
    private static ApprovalEvaluation approvedFor(String environment) {
        ApprovalRequest request = ApprovalRequest.open(Fixtures.requirement(DEFAULTS, HIGH, FP1).forEnvironment(environment), T0);
        return new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).evaluate(request, List.of(
                approve("sam", FP1, HIGH, 1, "senior-engineers").forEnvironment(environment),
                approve("tom", FP1, HIGH, 2, "team-leads").forEnvironment(environment)));
    }

    private static ApplyTokenRequest requestFor(String environment) {
        return new ApplyTokenRequest(REQUEST.issuer(), REQUEST.subject(), REQUEST.audience(), REQUEST.ttl(), REQUEST.blastRadius(), environment);
    }

    private static ApprovalEvaluation pending() {
        ApprovalRequest request = ApprovalRequest.open(Fixtures.requirement(DEFAULTS, HIGH, FP1), T0);
        return new ApprovalEvaluator(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC)).evaluate(request, List.of(
                approve("sam", FP1, HIGH, 1, "senior-engineers")));
    }

    private static ApplyTokenIssuer issuer(ApplyTokenSigningKey key) {
        return new ApplyTokenIssuer(key, Clock.fixed(MINTED, ZoneOffset.UTC));
    }

    @Test
    void ecTokenCarriesTheApprovalAndVerifiesWithThePublishedKey() throws Exception {
        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse("oidc-key", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1")));
        ApplyToken token = issuer(key).issue(REQUEST, approved(), FP1);

        SignedJWT jwt = SignedJWT.parse(token.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.keyId()).isNotBlank();
        JWKSet published = JWKSet.parse(key.publicJwks());
        ECKey publicKey = (ECKey) published.getKeyByKeyId(key.keyId());
        assertThat(jwt.verify(new ECDSAVerifier(publicKey))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://jenkins.example.com/ai-governance-oidc");
        assertThat(claims.getSubject()).isEqualTo("payments/deploy#42");
        assertThat(claims.getAudience()).containsExactly("sts.amazonaws.com");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-03-02T09:45:30Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-03-02T10:15:30Z"));
        assertThat(claims.getJWTID()).isEqualTo(token.jwtId()).isNotBlank();
        assertThat(claims.getStringClaim("tier")).isEqualTo("HIGH");
        assertThat(claims.getStringListClaim("approvers")).containsExactlyInAnyOrder("sam", "tom");
        assertThat(claims.getStringClaim("fingerprint")).isEqualTo(FP1.value());
        assertThat(claims.getIntegerClaim("blast_radius")).isEqualTo(73);
        assertThat(claims.getBooleanClaim("break_glass")).isFalse();
        assertThat(token.approvers()).containsExactlyInAnyOrder("sam", "tom");
        assertThat(token.expiresAt()).isEqualTo(claims.getExpirationTime().toInstant());
    }

    @Test
    void rsaKeyFromAPrivateKeyAloneSignsRs256() throws Exception {
        java.security.KeyPair pair = ApplyTokenKeys.rsa(2048);
        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse("rsa", ApplyTokenKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        ApplyToken token = issuer(key).issue(REQUEST, approved(), FP1);

        SignedJWT jwt = SignedJWT.parse(token.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        RSAKey publicKey = (RSAKey) JWKSet.parse(key.publicJwks()).getKeys().get(0);
        assertThat(publicKey.toRSAPublicKey()).isEqualTo(pair.getPublic());
        assertThat(jwt.verify(new RSASSAVerifier(publicKey))).isTrue();
    }

    @Test
    void noTokenWithoutASatisfiedApproval() throws Exception {
        ApplyTokenIssuer issuer = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))));

        assertThatThrownBy(() -> issuer.issue(REQUEST, pending(), FP1))
                .isInstanceOf(ApplyTokenRefusedException.class)
                .hasMessageContaining("not approved (approval pending)");
        assertThatThrownBy(() -> issuer.issue(REQUEST, null, FP1)).isInstanceOf(ApplyTokenRefusedException.class);
    }

    @Test
    void noTokenWhenTheChangeMovedSinceTheApproval() throws Exception {
        ApplyTokenIssuer issuer = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))));

        assertThatThrownBy(() -> issuer.issue(REQUEST, approved(), FP2))
                .isInstanceOf(ApplyTokenRefusedException.class)
                .hasMessageContaining("the approval is for change " + FP1.shortForm())
                .hasMessageContaining("the change now is " + FP2.shortForm());
        assertThatThrownBy(() -> issuer.issue(REQUEST, approved(), null)).isInstanceOf(ApplyTokenRefusedException.class);
    }

    @Test
    void theApprovedEnvironmentIsAClaimInItsCanonicalForm() throws Exception {
        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse("oidc-key", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1")));
        ApprovalEvaluation approval = approvedFor("Production");
        assertThat(approval.status()).isEqualTo(ApprovalStatus.APPROVED);

        ApplyToken token = issuer(key).issue(requestFor("production"), approval, FP1);

        SignedJWT jwt = SignedJWT.parse(token.token());
        assertThat(jwt.verify(new ECDSAVerifier((ECKey) JWKSet.parse(key.publicJwks()).getKeyByKeyId(key.keyId())))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("environment")).isEqualTo("production");
        assertThat(token.environment()).isEqualTo("production");
        assertThat(JsonDocuments.newMapper().writeValueAsString(token)).contains("\"environment\":\"production\"");
        assertThat(token.toString()).contains("environment=production");
        // none named on either side: no claim at all
        ApplyToken unnamed = issuer(key).issue(REQUEST, approved(), FP1);
        assertThat(SignedJWT.parse(unnamed.token()).getJWTClaimsSet().getClaims()).doesNotContainKey("environment");
        assertThat(JsonDocuments.newMapper().writeValueAsString(unnamed)).doesNotContain("environment");
    }

    @Test
    void noTokenForAnotherEnvironmentThanTheApprovalWasFor() throws Exception {
        ApplyTokenIssuer issuer = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))));

        assertThatThrownBy(() -> issuer.issue(requestFor("production"), approvedFor("staging"), FP1))
                .isInstanceOf(ApplyTokenRefusedException.class)
                .hasMessageContaining("the approval is for environment staging, but the token is asked for production");
        assertThatThrownBy(() -> issuer.issue(REQUEST, approvedFor("staging"), FP1))
                .isInstanceOf(ApplyTokenRefusedException.class).hasMessageContaining("asked for (none named)");
        assertThatThrownBy(() -> issuer.issue(requestFor("production"), approved(), FP1))
                .isInstanceOf(ApplyTokenRefusedException.class).hasMessageContaining("the approval is for environment (none named)");
        assertThat(issuer.issue(requestFor("staging"), approvedFor("staging"), FP1).environment()).isEqualTo("staging");
    }

    @Test
    void anApprovalStoredAsJsonAndReadBackStillMintsAToken() throws Exception {
        ObjectMapper mapper = JsonDocuments.newMapper();
        ApprovalEvaluation stored = mapper.readValue(mapper.writeValueAsString(approved()), ApprovalEvaluation.class);
        ApplyTokenIssuer issuer = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))));

        ApplyToken token = issuer.issue(REQUEST, stored, FP1);

        assertThat(stored).isEqualTo(approved());
        assertThat(token.approvers()).containsExactlyInAnyOrder("sam", "tom");
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        ApplyTokenIssuer issuer = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(issuer.issue(REQUEST, approved(), FP1).jwtId());
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    void jsonFormAndToStringNeverCarryTheToken() throws Exception {
        ApplyToken token = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))))
                .issue(REQUEST, approved(), FP1);
        ObjectMapper mapper = JsonDocuments.newMapper();

        String json = mapper.writeValueAsString(token);

        assertThat(json).doesNotContain(token.token()).doesNotContain("\"token\"").contains("\"fingerprint\":\"" + FP1.value() + "\"");
        assertThat(token.toString()).doesNotContain(token.token()).contains(token.jwtId());
    }

    @Test
    void discoveryDocumentPointsAtTheJwks() throws Exception {
        ApplyTokenIssuer issuer = issuer(ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"))));

        Map<String, Object> doc = issuer.openIdConfiguration("https://jenkins.example.com/ai-governance-oidc/");

        assertThat(doc).containsEntry("issuer", "https://jenkins.example.com/ai-governance-oidc")
                .containsEntry("jwks_uri", "https://jenkins.example.com/ai-governance-oidc/jwks")
                .containsEntry("id_token_signing_alg_values_supported", List.of("ES256"));
        assertThat(doc.get("claims_supported")).isEqualTo(ApplyTokenIssuer.CLAIMS);
        assertThat(ApplyTokenIssuer.CLAIMS).contains("tier", "approvers", "fingerprint", "blast_radius", "break_glass", "environment");
    }

    @Test
    void requestsAreChecked() {
        assertThatThrownBy(() -> new ApplyTokenRequest("https://j/x", "job#1", "aud", Duration.ofHours(13), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new ApplyTokenRequest("https://j/x", "job#1", "aud", Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApplyTokenRequest("https://j/x", "job#1", " ", Duration.ofMinutes(5), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audience");
        assertThatThrownBy(() -> new ApplyTokenRequest("https://j/x", "job#1", "aud", Duration.ofMinutes(5), 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blastRadius");
        for (String nothing : List.of("", " ", "\u200b\u00ad")) {
            assertThatThrownBy(() -> new ApplyTokenRequest("https://j/x", "job#1", "aud", Duration.ofMinutes(5), 1, nothing))
                    .as("environment '%s'", nothing).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("environment must name an environment");
        }
    }
}
