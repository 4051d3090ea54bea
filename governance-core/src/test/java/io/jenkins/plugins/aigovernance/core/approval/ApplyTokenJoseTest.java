package io.jenkins.plugins.aigovernance.core.approval;

import static io.jenkins.plugins.aigovernance.core.approval.Fixtures.FP1;
import static io.jenkins.plugins.aigovernance.core.classification.RiskTier.HIGH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.aigovernance.core.document.JsonDocuments;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apply tokens verified by an independent implementation: the npm {@code jose} package under Node,
 * which reads the discovery document and the JWKS from a loopback HTTP server (as a cloud's OIDC
 * federation does) and verifies signature, issuer and audience. One case per key form the signing
 * key accepts, including a JWK exported by WebCrypto ({@code "key_ops":["sign"]}, {@code "ext":true}).
 * Skipped, with a message, when node or npm is not installed or jose cannot be installed.
 * jose is installed (once) into {@code target/node-jose}, outside the sources.
 */
class ApplyTokenJoseTest {

    private static final String JOSE = "jose@5.10.0";
    private static final ObjectMapper JSON = JsonDocuments.newMapper();
    private static final Path NODE_DIR = Path.of("target", "node-jose").toAbsolutePath();
    private static final AtomicReference<ApplyTokenIssuer> SERVED = new AtomicReference<>();
    private static HttpServer server;
    private static String issuerUrl;

    @BeforeAll
    static void joseAndAnIssuer() throws Exception {
        Assumptions.assumeTrue(runs("node", "--version"), "node is not installed: skipping the jose interoperability test");
        Assumptions.assumeTrue(runs("npm", "--version"), "npm is not installed: skipping the jose interoperability test");
        if (!Files.exists(NODE_DIR.resolve("node_modules/jose/package.json"))) {
            Files.createDirectories(NODE_DIR);
            Assumptions.assumeTrue(runs("npm", "install", "--prefix", NODE_DIR.toString(), "--no-audit", "--no-fund", "--no-save", JOSE),
                    "cannot npm install " + JOSE + " (offline?): skipping the jose interoperability test");
        }
        Files.writeString(NODE_DIR.resolve("verify.mjs"), """
                import * as jose from 'jose';
                const [issuer, audience, token] = process.argv.slice(2);
                const doc = await (await fetch(issuer + '/.well-known/openid-configuration')).json();
                if (doc.issuer !== issuer) throw new Error('issuer mismatch: ' + doc.issuer);
                const jwks = jose.createRemoteJWKSet(new URL(doc.jwks_uri));
                const { payload, protectedHeader } = await jose.jwtVerify(token, jwks,
                    { issuer, audience, algorithms: doc.id_token_signing_alg_values_supported });
                console.log(JSON.stringify({ payload, protectedHeader }));
                """);
        Files.writeString(NODE_DIR.resolve("webcrypto.mjs"), """
                const alg = process.argv[2] === 'RSA'
                    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
                    : { name: 'ECDSA', namedCurve: 'P-256' };
                const pair = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
                console.log(JSON.stringify(await crypto.subtle.exportKey('jwk', pair.privateKey)));
                """);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuerUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/oidc";
        server.createContext("/oidc/", exchange -> {
            ApplyTokenIssuer issuer = SERVED.get();
            String path = exchange.getRequestURI().getPath();
            Object doc = path.equals("/oidc/jwks") ? issuer.key().publicJwks()
                    : path.equals("/oidc/.well-known/openid-configuration") ? issuer.openIdConfiguration(issuerUrl) : null;
            byte[] body = doc == null ? new byte[0] : JSON.writeValueAsBytes(doc);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(doc == null ? 404 : 200, doc == null ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private record Output(int code, String out) {
    }

    private static Output node(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Output(-1, out);
        }
        return new Output(p.exitValue(), out);
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The signing key in each form the issuer accepts. */
    private static String material(String form) throws Exception {
        return switch (form) {
            case "ec-pem" -> ApplyTokenKeys.pemPair(ApplyTokenKeys.ec("secp256r1"));
            case "rsa-pem" -> ApplyTokenKeys.pem("PRIVATE KEY", ApplyTokenKeys.rsa(2048).getPrivate().getEncoded());
            case "ec-jwk" -> {
                KeyPair p = ApplyTokenKeys.ec("secp256r1");
                yield new ECKey.Builder(Curve.P_256, (ECPublicKey) p.getPublic()).privateKey(p.getPrivate()).build().toJSONString();
            }
            case "rsa-jwk-set" -> {
                KeyPair p = ApplyTokenKeys.rsa(3072);
                yield "{\"keys\":[" + new RSAKey.Builder((RSAPublicKey) p.getPublic()).privateKey(p.getPrivate()).keyID("rsa-1").build()
                        .toJSONString() + "]}";
            }
            case "ec-webcrypto-jwk", "rsa-webcrypto-jwk" -> {
                Output o = node("node", "webcrypto.mjs", form.startsWith("rsa") ? "RSA" : "EC");
                assertThat(o.code()).as(o.out()).isZero();
                assertThat(o.out()).contains("\"key_ops\":[\"sign\"]").contains("\"ext\":true");
                yield o.out().strip();
            }
            default -> throw new IllegalArgumentException(form);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec-pem", "rsa-pem", "ec-jwk", "rsa-jwk-set", "ec-webcrypto-jwk", "rsa-webcrypto-jwk"})
    void joseVerifiesTheTokenWithTheDiscoveredJwks(String form) throws Exception {
        ApplyTokenSigningKey key = ApplyTokenSigningKey.parse(form, material(form));
        ApplyTokenIssuer issuer = new ApplyTokenIssuer(key, Clock.systemUTC());
        SERVED.set(issuer);
        String subject = ApplyTokenRequest.subject("payments/" + "deploy-".repeat(30) + "prod", 42);
        ApplyToken token = issuer.issue(new ApplyTokenRequest(issuerUrl, subject, "sts.amazonaws.com", Duration.ofMinutes(10), 73, "production"),
                approved(), FP1);

        // what is published: only the members verifiers need
        @SuppressWarnings("unchecked")
        Map<String, Object> published = ((List<Map<String, Object>>) key.publicJwks().get("keys")).get(0);
        Set<String> allowed = form.startsWith("ec") ? Set.of("kty", "crv", "x", "y", "kid", "alg", "use") : Set.of("kty", "n", "e", "kid", "alg", "use");
        assertThat(published.keySet()).isEqualTo(allowed);
        assertThat(published).containsEntry("use", "sig").containsEntry("alg", key.algorithm()).containsEntry("kid", key.keyId());

        Output verified = node("node", "verify.mjs", issuerUrl, "sts.amazonaws.com", token.token());
        assertThat(verified.code()).as("jose: " + verified.out()).isZero();
        JsonNode result = JSON.readTree(verified.out());
        assertThat(result.at("/protectedHeader/alg").asText()).isEqualTo(key.algorithm());
        assertThat(result.at("/protectedHeader/kid").asText()).isEqualTo(key.keyId());
        assertThat(result.at("/payload/sub").asText()).isEqualTo(subject);
        assertThat(subject.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ApplyTokenRequest.MAX_SUBJECT_BYTES);
        assertThat(result.at("/payload/fingerprint").asText()).isEqualTo(FP1.value());
        assertThat(result.at("/payload/environment").asText()).isEqualTo("production");

        // and jose is really checking: another audience is refused
        Output wrongAudience = node("node", "verify.mjs", issuerUrl, "someone-else", token.token());
        assertThat(wrongAudience.code()).isNotZero();
        assertThat(wrongAudience.out()).contains("aud");
    }

    /**
     * Approved for production ten minutes ago (the issuer mints with the real clock, as jose verifies with it, and
     * refuses an approval gone stale): the token carries it as its {@code environment} claim.
     */
    private static ApprovalEvaluation approved() {
        java.time.Instant opened = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(600);
        ApprovalRequest request = ApprovalRequest.open(
                Fixtures.requirement(Fixtures.LOADER.defaults(), HIGH, FP1).forEnvironment("production"), opened);
        return new ApprovalEvaluator(Clock.fixed(opened.plusSeconds(300), ZoneOffset.UTC)).evaluate(request, List.of(
                Approval.approve("sam", "sam@corp.example", List.of("senior-engineers"), FP1, HIGH, opened.plusSeconds(60))
                        .forEnvironment("production"),
                Approval.approve("tom", "tom@corp.example", List.of("team-leads"), FP1, HIGH, opened.plusSeconds(120))
                        .forEnvironment("production")));
    }

}
