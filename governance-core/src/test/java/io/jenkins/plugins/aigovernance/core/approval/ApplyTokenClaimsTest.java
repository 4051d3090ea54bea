package io.jenkins.plugins.aigovernance.core.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** What relying parties see: issuer URLs they accept, subjects within the clouds' limits, keys they can use. */
class ApplyTokenClaimsTest {

    @Test
    void issuersMustBeHttps() {
        assertThat(ApplyTokenIssuer.checkIssuer("https://jenkins.example.com/ai-governance-oidc")).isEqualTo(
                new ApplyTokenIssuer.IssuerCheck(true, null));
        ApplyTokenIssuer.IssuerCheck local = ApplyTokenIssuer.checkIssuer("http://127.0.0.1:8080/ai-governance-oidc");
        assertThat(local.usable()).isTrue();
        assertThat(local.problem()).contains("no cloud accepts it");
        for (String refused : new String[] {"http://jenkins.example.com/ai-governance-oidc", "http://127.0.0.1.evil.example/x",
            "ftp://jenkins.example.com/x", "https://jenkins.example.com/x?a=b", "https://jenkins.example.com/x#f", "https:///x", "not a url"}) {
            assertThat(ApplyTokenIssuer.checkIssuer(refused).usable()).as(refused).isFalse();
            assertThatThrownBy(() -> new ApplyTokenRequest(refused, "job#1", "aud", Duration.ofMinutes(5), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        }
        ApplyTokenIssuer issuer = new ApplyTokenIssuer(signingKey(), java.time.Clock.systemUTC());
        assertThatThrownBy(() -> issuer.openIdConfiguration("http://jenkins.example.com/oidc")).hasMessageContaining("https");
    }

    @Property(tries = 300)
    void subjectsStayWithin127BytesAndNameTheirJob(@ForAll("jobs") String job, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int n) {
        String sub = ApplyTokenRequest.subject(job, n);
        assertThat(sub.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ApplyTokenRequest.MAX_SUBJECT_BYTES);
        assertThat(sub).endsWith("#" + n).doesNotContainPattern("\\p{Cntrl}");
        String job0 = job.replaceAll("\\p{Cntrl}", "_");
        if ((job0 + "#" + n).getBytes(StandardCharsets.UTF_8).length <= ApplyTokenRequest.MAX_SUBJECT_BYTES) {
            assertThat(sub).isEqualTo(job0 + "#" + n);
        } else {
            assertThat(sub).matches("(?s).*~[0-9a-f]{16}#" + n);
            assertThat(job0).startsWith(sub.substring(0, sub.lastIndexOf('~')));
            assertThat(ApplyTokenRequest.subject(job + "x", n)).isNotEqualTo(sub); // two long jobs never share a subject
        }
        new ApplyTokenRequest("https://j.example/oidc", sub, "aud", Duration.ofMinutes(5), 1); // accepted as is
    }

    @Provide
    Arbitrary<String> jobs() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('/', '-', ' ', 'é', '漢', '\n', '😀').ofMinLength(1).ofMaxLength(200)
                .filter(s -> !s.isBlank());
    }

    @Test
    void tooLongOrControlSubjectsAreRefused() {
        assertThatThrownBy(() -> new ApplyTokenRequest("https://j.example/oidc", "a".repeat(128), "aud", Duration.ofMinutes(5), 1))
                .hasMessageContaining("127");
        assertThatThrownBy(() -> new ApplyTokenRequest("https://j.example/oidc", "job\n#1", "aud", Duration.ofMinutes(5), 1))
                .hasMessageContaining("control");
    }

    @Test
    void jwksOfAKeyForOtherUsesAreRefused() throws Exception {
        KeyPair p = ApplyTokenKeys.ec("secp256r1");
        ECKey.Builder base = new ECKey.Builder(Curve.P_256, (ECPublicKey) p.getPublic()).privateKey(p.getPrivate());
        assertThatThrownBy(() -> ApplyTokenSigningKey.parse("enc-key", base.keyUse(KeyUse.ENCRYPTION).build().toJSONString()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("enc-key").hasMessageContaining("'sig'");
        ECKey.Builder ops = new ECKey.Builder(Curve.P_256, (ECPublicKey) p.getPublic()).privateKey(p.getPrivate());
        assertThatThrownBy(() -> ApplyTokenSigningKey.parse("verify-only", ops.keyOperations(Set.of(KeyOperation.VERIFY)).build().toJSONString()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key_ops");
    }

    private static ApplyTokenSigningKey signingKey() {
        try {
            return ApplyTokenSigningKey.parse("k", ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
