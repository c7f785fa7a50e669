package uk.npq.platform.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Real signed bearer tokens for {@code @QuarkusTest}s that need several callers at once (e.g. two lead
 * providers racing), where {@code @TestSecurity} can hold only one identity. The signing key is a test-only
 * key whose public half is the {@code %test} OIDC public key in the platform configuration; it signs
 * nothing outside tests. Claims are shaped as Keycloak's: realm_access.roles and the tenant claims.
 */
public final class TestTokens {
    private static final PrivateKey KEY = load();

    private TestTokens() {}

    public static String leadProvider(String leadProviderId) {
        return token("lp-" + leadProviderId, List.of("lead-provider"), Map.of("lead_provider_id", leadProviderId));
    }

    public static String token(String subject, List<String> roles, Map<String, String> claims) {
        return token(subject, roles, claims, Instant.now().plus(Duration.ofMinutes(30)));
    }

    /** A token whose {@code exp} is the given instant (to the second, as JWTs carry it). */
    public static String token(String subject, List<String> roles, Map<String, String> claims, Instant expiresAt) {
        try {
            JwtClaims c = new JwtClaims();
            c.setSubject(subject);
            c.setIssuedAtToNow();
            c.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
            c.setClaim("realm_access", Map.of("roles", roles));
            claims.forEach(c::setClaim);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(c.toJson());
            jws.setKey(KEY);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    private static PrivateKey load() {
        try (InputStream in = TestTokens.class.getResourceAsStream("test-token-key.pk8.b64")) {
            byte[] der = Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
