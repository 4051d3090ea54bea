package io.jenkins.plugins.aigovernance.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyTokenSigningKeyTest {

    @Test
    void ecPemPairIsReadWithAThumbprintKeyId() throws Exception {
        KeyPair pair = ApplyTokenKeys.ec("secp256r1");

        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(pair));

        ECKey expected = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build();
        assertThat(key.algorithm()).isEqualTo("ES256");
        assertThat(key.keyId()).isEqualTo(expected.computeThumbprint().toString());
    }

    @Test
    void jwkKeepsItsKeyIdAndTheJwksHasNoPrivatePart() throws Exception {
        KeyPair pair = ApplyTokenKeys.ec("secp256r1");
        String jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
                .privateKey((ECPrivateKey) pair.getPrivate())
                .keyID("apply-2026")
                .build()
                .toJSONString();

        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse("k", jwk);

        assertThat(key.keyId()).isEqualTo("apply-2026");
        Map<String, Object> jwks = key.publicJwks();
        @SuppressWarnings("unchecked")
        Map<String, Object> published = ((List<Map<String, Object>>) jwks.get("keys")).get(0);
        assertThat(published).containsEntry("kid", "apply-2026").containsEntry("use", "sig").containsEntry("alg", "ES256")
                .containsKeys("x", "y").doesNotContainKey("d");
        assertThat(JWKSet.parse(jwks).getKeys().get(0).isPrivate()).isFalse();
        assertThat(key.toString()).doesNotContain(jwk);
    }

    @Test
    void jwkSetWithOneKeyIsAccepted() throws Exception {
        KeyPair pair = ApplyTokenKeys.ec("secp256r1");
        ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).privateKey((ECPrivateKey) pair.getPrivate()).build();

        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse("k", new JWKSet(jwk).toString(false));

        assertThat(key.keyId()).isEqualTo(jwk.computeThumbprint().toString());
    }

    @Test
    void unusableKeysAreRefusedNamingTheSource() throws Exception {
        KeyPair ec = ApplyTokenKeys.ec("secp256r1");
        KeyPair other = ApplyTokenKeys.ec("secp256r1");
        String ecPrivateOnly = ApplyTokenKeys.pem("PRIVATE KEY", ec.getPrivate().getEncoded());
        String mismatched = ApplyTokenKeys.pem("PRIVATE KEY", ec.getPrivate().getEncoded())
                + ApplyTokenKeys.pem("PUBLIC KEY", other.getPublic().getEncoded());
        String p384 = ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp384r1"));
        String rsa1024 = ApplyTokenKeys.pem("PRIVATE KEY", ApplyTokenKeys.rsa(1024).getPrivate().getEncoded());
        String publicJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).build().toJSONString();

        assertRefused(ecPrivateOnly, "needs its PUBLIC KEY block");
        assertRefused(mismatched, "does not belong to the private key");
        assertRefused(p384, "P-256");
        assertRefused(rsa1024, "at least 2048 bits");
        assertRefused(publicJwk, "no private part");
        assertRefused("", "empty");
        assertRefused("hello", "not PEM or JWK");
        assertRefused("{not json", "not a valid JWK");
        assertRefused("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", "not PKCS#8");
        assertRefused("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted");
        assertRefused("-----BEGIN PRIVATE KEY-----\nAAAA\n", "no END line");
        assertRefused(ApplyTokenKeys.pem("PUBLIC KEY", ec.getPublic().getEncoded()), "no PRIVATE KEY block");
    }

    private static void assertRefused(String material, String message) {
        assertThatThrownBy(() -> ApplyTokenSigningKey.parse("oidc-signing-key", material))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("oidc-signing-key: ")
                .hasMessageContaining(message);
    }
}
