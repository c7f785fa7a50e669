package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.npq.platform.security.jwtcache.VerifiedTokens;
import uk.npq.platform.testing.TestTokens;

/** Verified Keycloak-style JWTs answered from the platform's cache: same identity and roles, and nothing else gets in. */
@QuarkusTest
@QuarkusTestResource(value = IntrospectionStandIn.class, restrictToAnnotatedClass = false)
class TokenCacheTest {
    static final String A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0a01";

    @Inject VerifiedTokens tokens;

    @Test
    void aCachedTokenGivesTheSameIdentityAndRoles() {
        String jwt = TestTokens.token("lp-a-" + System.nanoTime(), List.of("lead-provider"), Map.of("lead_provider_id", A));
        long hits = tokens.hits();
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200)
                .body("lead_provider_id", equalTo(A));
        assertThat(tokens.hits()).isEqualTo(hits); // verified by OIDC, then cached
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200)
                .body("lead_provider_id", equalTo(A)).body("school_urn", equalTo(""));
        assertThat(tokens.hits()).isEqualTo(hits + 1); // answered from the cache, with the same tenant

        // roles come from the cache too: a school's token is still refused the lead providers' endpoint
        String school = TestTokens.token("school-" + System.nanoTime(), List.of("school"), Map.of("school_urn", "100001"));
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + school).get("/test/notes/whoami").then().statusCode(403)
                    .contentType(startsWith("application/problem+json"));
        }
        assertThat(tokens.hits()).isEqualTo(hits + 2);
    }

    @Test
    void aTamperedTokenIs401EvenWhenTheOriginalIsCached() {
        String jwt = TestTokens.token("lp-a-" + System.nanoTime(), List.of("lead-provider"), Map.of("lead_provider_id", A));
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200);
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200);

        // another tenant written into the payload, the original signature kept
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains(A);
        String otherTenant = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace(A, "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0a02").getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + otherTenant + "." + parts[2];
        // the signature changed by one character
        char last = parts[2].charAt(0);
        String badSignature = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        for (String bad : List.of(tampered, badSignature, jwt + "x")) {
            for (int i = 0; i < 2; i++) {
                given().header("Authorization", "Bearer " + bad).get("/test/notes/whoami").then().statusCode(401)
                        .contentType(startsWith("application/problem+json"));
            }
            assertThat(tokens.get(bad)).isNull();
        }
    }

    @Test
    void anExpiredTokenIs401EvenThoughItWasCached() {
        Instant exp = Instant.now().plusSeconds(3);
        String jwt = TestTokens.token("lp-a-" + System.nanoTime(), List.of("lead-provider"), Map.of("lead_provider_id", A), exp);
        long hits = tokens.hits();
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200);
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200);
        assertThat(tokens.hits()).isEqualTo(hits + 1);
        // once its exp has passed the same token is refused, by the cache and by OIDC after it
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(401));
        assertThat(tokens.get(jwt)).isNull();
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }
}
