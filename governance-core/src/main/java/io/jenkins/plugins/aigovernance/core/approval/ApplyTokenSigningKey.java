package io.jenkins.plugins.aigovernance.core.approval;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.jenkins.plugins.aigovernance.core.document.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The key apply tokens are signed with: an EC P-256 key (ES256) or an RSA key of at least 2048 bits
 * (RS256), read from a JWK (JSON, with its private part) or from PEM.
 *
 * <p>PEM: an unencrypted PKCS#8 {@code PRIVATE KEY} block; for EC also the matching {@code PUBLIC KEY}
 * (or {@code CERTIFICATE}) block, since the JDK cannot derive an EC public key from the private one
 * ({@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem &&
 * openssl pkey -in key.pem -pubout >> key.pem}). The public key must belong to the private key: a
 * probe signature is verified when the key is read. The key id is the key's own {@code kid}, else its
 * RFC 7638 thumbprint. A JWK's {@code use} must be {@code sig} and its {@code key_ops}, when given,
 * must include {@code sign} (a WebCrypto {@code exportKey("jwk")} of a signing key has
 * {@code "key_ops":["sign"]}); neither is published ({@link #publicJwks()}).
 */
public final class ApplyTokenSigningKey {

    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;

    private final JWK jwk;
    private final JWSAlgorithm algorithm;

    private ApplyTokenSigningKey(JWK jwk, JWSAlgorithm algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
    }

    /**
     * Reads a signing key.
     *
     * @param source   names the key in error messages (e.g. the credential id)
     * @param material a JWK (or a JWK set holding one key) or PEM text
     * @throws InvalidInputException naming {@code source} when the key cannot be used
     */
    public static ApplyTokenSigningKey parse(String source, String material) {
        if (material == null || material.isBlank()) {
            throw new InvalidInputException(source, "the signing key is empty");
        }
        String text = material.strip();
        JWK jwk = text.startsWith("{") ? withKeyId(source, fromJson(source, text)) : fromPem(source, text);
        ApplyTokenSigningKey key = new ApplyTokenSigningKey(jwk, algorithmOf(source, jwk));
        key.probe(source);
        return key;
    }

    private static JWK fromJson(String source, String text) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            if (json.containsKey("keys")) {
                List<JWK> keys = JWKSet.parse(json).getKeys();
                if (keys.size() != 1) {
                    throw new InvalidInputException(source, "a JWK set must hold exactly one signing key, not " + keys.size());
                }
                return keys.get(0);
            }
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new InvalidInputException(source, "not a valid JWK: " + e.getMessage(), e);
        }
    }

    /** A JWK without a {@code kid} gets its thumbprint. */
    private static JWK withKeyId(String source, JWK jwk) {
        if (jwk.getKeyID() != null) {
            return jwk;
        }
        try {
            if (jwk instanceof ECKey ec) {
                return new ECKey.Builder(ec).keyIDFromThumbprint().build();
            }
            if (jwk instanceof RSAKey rsa) {
                return new RSAKey.Builder(rsa).keyIDFromThumbprint().build();
            }
            return jwk;
        } catch (JOSEException e) {
            throw new InvalidInputException(source, "cannot compute the key's thumbprint: " + e.getMessage(), e);
        }
    }

    private static JWK fromPem(String source, String text) {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        for (PemBlock block : PemBlock.all(source, text)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    if (privateKey != null) {
                        throw new InvalidInputException(source, "the PEM holds more than one private key");
                    }
                    privateKey = privateKey(source, block.der());
                }
                case "PUBLIC KEY" -> publicKey = publicKey(source, block.der());
                case "CERTIFICATE" -> {
                    if (publicKey == null) {
                        publicKey = certificateKey(source, block.der());
                    }
                }
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new InvalidInputException(source, "the private key is encrypted; store it unencrypted in the secret"
                            + " (the credential store encrypts it): openssl pkcs8 -topk8 -nocrypt");
                case "EC PRIVATE KEY", "RSA PRIVATE KEY" ->
                    throw new InvalidInputException(source, "a " + block.label() + " block is not PKCS#8; convert it with"
                            + " openssl pkcs8 -topk8 -nocrypt -in key.pem");
                default -> throw new InvalidInputException(source, "unexpected PEM block " + block.label());
            }
        }
        if (privateKey == null) {
            throw new InvalidInputException(source, "no PRIVATE KEY block (PKCS#8) in the PEM");
        }
        try {
            if (privateKey instanceof RSAPrivateKey rsa) {
                if (publicKey == null && rsa instanceof RSAPrivateCrtKey crt) {
                    publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
                }
                if (!(publicKey instanceof RSAPublicKey rsaPublic)) {
                    throw new InvalidInputException(source, "the RSA private key needs its RSA PUBLIC KEY block");
                }
                return new RSAKey.Builder(rsaPublic).privateKey(rsa).keyIDFromThumbprint().build();
            }
            ECPrivateKey ec = (ECPrivateKey) privateKey;
            if (!(publicKey instanceof ECPublicKey ecPublic)) {
                throw new InvalidInputException(source, "an EC private key needs its PUBLIC KEY block in the same PEM"
                        + " (openssl pkey -in key.pem -pubout >> key.pem)");
            }
            Curve curve = Curve.forECParameterSpec(ecPublic.getParams());
            if (curve == null) {
                throw new InvalidInputException(source, "unsupported EC curve; use P-256");
            }
            return new ECKey.Builder(curve, ecPublic).privateKey(ec).keyIDFromThumbprint().build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new InvalidInputException(source, "cannot use the key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String source, byte[] der) {
        for (String type : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new InvalidInputException(source, "the PRIVATE KEY block is neither an EC nor an RSA PKCS#8 key");
    }

    private static PublicKey publicKey(String source, byte[] der) {
        for (String type : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new InvalidInputException(source, "the PUBLIC KEY block is neither an EC nor an RSA key");
    }

    private static PublicKey certificateKey(String source, byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException(source, "the CERTIFICATE block cannot be read: " + e.getMessage(), e);
        }
    }

    private static JWSAlgorithm algorithmOf(String source, JWK jwk) {
        if (!jwk.isPrivate()) {
            throw new InvalidInputException(source, "the key has no private part: it cannot sign");
        }
        JWSAlgorithm algorithm;
        if (jwk instanceof ECKey ec) {
            if (!Curve.P_256.equals(ec.getCurve())) {
                throw new InvalidInputException(source, "EC keys must be on P-256 (ES256), not " + ec.getCurve());
            }
            algorithm = JWSAlgorithm.ES256;
        } else if (jwk instanceof RSAKey rsa) {
            if (rsa.size() < MIN_RSA_BITS) {
                throw new InvalidInputException(source, "RSA keys need at least " + MIN_RSA_BITS + " bits, not " + rsa.size());
            }
            algorithm = JWSAlgorithm.RS256;
        } else {
            throw new InvalidInputException(source, "unsupported key type " + jwk.getKeyType() + "; use EC P-256 or RSA");
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new InvalidInputException(source, "the key is for use '" + jwk.getKeyUse().identifier() + "', not 'sig': it cannot sign tokens");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(com.nimbusds.jose.jwk.KeyOperation.SIGN)) {
            throw new InvalidInputException(source, "the key's key_ops " + jwk.getKeyOperations() + " do not include 'sign'");
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(algorithm.getName())) {
            throw new InvalidInputException(source, "the key is for " + jwk.getAlgorithm() + "; only " + algorithm + " is used for it");
        }
        return algorithm;
    }

    /** Signs and verifies a probe, so a public key that does not belong to the private key is refused now. */
    private void probe(String source) {
        try {
            JWSObject probe = new JWSObject(new JWSHeader(algorithm), new Payload("probe"));
            probe.sign(signer());
            JWSVerifier verifier = jwk instanceof ECKey ec ? new ECDSAVerifier(ec.toPublicJWK()) : new RSASSAVerifier(((RSAKey) jwk).toPublicJWK());
            if (!probe.verify(verifier)) {
                throw new InvalidInputException(source, "the public key does not belong to the private key");
            }
        } catch (JOSEException e) {
            throw new InvalidInputException(source, "cannot sign with the key: " + e.getMessage(), e);
        }
    }

    JWSSigner signer() throws JOSEException {
        return jwk instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) jwk);
    }

    /** {@code ES256} or {@code RS256}. */
    public String algorithm() {
        return algorithm.getName();
    }

    JWSAlgorithm jwsAlgorithm() {
        return algorithm;
    }

    /** The key id ({@code kid}) tokens name. */
    public String keyId() {
        return jwk.getKeyID();
    }

    /**
     * The public JWK set ({@code {"keys":[…]}}) relying parties verify tokens with. Each key carries
     * only what verifiers need (RFC 7517/7518): {@code kty}, {@code crv}/{@code x}/{@code y} (EC) or
     * {@code n}/{@code e} (RSA), {@code kid}, {@code alg}, {@code use: "sig"}. Nothing else of the
     * configured key is published: no private parts, no {@code key_ops} (a WebCrypto export says
     * {@code ["sign"]}, and verifiers such as jose and jwks-rsa then find no key to verify with;
     * RFC 7517 §4.3 also advises against {@code use} and {@code key_ops} together), no {@code ext},
     * {@code x5c} or other members.
     */
    public Map<String, Object> publicJwks() {
        JWK published;
        if (jwk instanceof ECKey ec) {
            published = new ECKey.Builder(ec.getCurve(), ec.getX(), ec.getY()).keyID(keyId()).algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE).build();
        } else {
            RSAKey rsa = (RSAKey) jwk;
            published = new RSAKey.Builder(rsa.getModulus(), rsa.getPublicExponent()).keyID(keyId()).algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE).build();
        }
        return new JWKSet(published).toJSONObject(true);
    }

    /** Only the key id and algorithm: the key material is never printed. */
    @Override
    public String toString() {
        return "ApplyTokenSigningKey[" + algorithm + ", kid=" + keyId() + "]";
    }

    /** One {@code -----BEGIN X-----} … {@code -----END X-----} block. */
    private record PemBlock(String label, byte[] der) {

        static List<PemBlock> all(String source, String text) {
            List<PemBlock> blocks = new ArrayList<>();
            String label = null;
            StringBuilder body = null;
            for (String raw : text.lines().toList()) {
                String line = raw.strip();
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    if (label != null) {
                        throw new InvalidInputException(source, "PEM block " + label + " has no END line");
                    }
                    label = line.substring("-----BEGIN ".length(), line.length() - 5);
                    body = new StringBuilder();
                } else if (line.startsWith("-----END ") && line.endsWith("-----")) {
                    String end = line.substring("-----END ".length(), line.length() - 5);
                    if (label == null || !label.equals(end)) {
                        throw new InvalidInputException(source, "PEM END " + end + " does not close a BEGIN " + end);
                    }
                    try {
                        blocks.add(new PemBlock(label, Base64.getMimeDecoder().decode(body.toString())));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException(source, "PEM block " + label + " is not Base64", e);
                    }
                    label = null;
                } else if (label != null) {
                    body.append(line);
                } else if (!line.isEmpty()) {
                    throw new InvalidInputException(source, "not PEM or JWK: text outside a -----BEGIN … -----END block");
                }
            }
            if (label != null) {
                throw new InvalidInputException(source, "PEM block " + label + " has no END line");
            }
            if (blocks.isEmpty()) {
                throw new InvalidInputException(source, "not PEM or JWK");
            }
            return blocks;
        }
    }
}
