package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.TestTokens;

/** Lead providers' API tokens beside Keycloak JWTs, through the platform's mechanism and the owner's answer. */
@QuarkusTest
@QuarkusTestResource(value = IntrospectionStandIn.class, restrictToAnnotatedClass = false)
class ApiTokenTest {

    @Test
    void anActiveTokenCarriesTheProvidersIdentityAndTenantAndItsRateLimit() {
        IntrospectionStandIn.CALLS.clear();
        given().header("Authorization", "Bearer npq_active").get("/test/notes/whoami").then().statusCode(200)
                .body("lead_provider_id", equalTo(IntrospectionStandIn.LEAD_PROVIDER))
                .header("RateLimit-Limit", "1000").header("RateLimit-Remaining", "7").header("RateLimit-Reset", "42")
                .header("RateLimit-Policy", "1000;w=300").header("Retry-After", nullValue());
        // asked with the shared key, and asked again on the next request (no cache: revocation is at once)
        given().header("Authorization", "Bearer npq_active").get("/test/notes/whoami").then().statusCode(200);
        assertThat(IntrospectionStandIn.CALLS).containsExactly(IntrospectionStandIn.KEY + "|npq_active", IntrospectionStandIn.KEY + "|npq_active");
    }

    @Test
    void aTokenHoldsOnlyTheLeadProviderRole() {
        given().header("Authorization", "Bearer npq_active").get("/test/notes/csv").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void anInactiveOrUnknownTokenIs401WithTheDfeError() {
        given().header("Authorization", "Bearer npq_revoked").get("/test/notes/whoami").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("HTTP Token: Access denied"));
    }

    @Test
    void overItsLimitIs429WithRetryAfterAndTheRateLimitFields() {
        given().header("Authorization", "Bearer npq_limited").get("/test/notes/whoami").then().statusCode(429)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(429))
                .header("Retry-After", "42").header("RateLimit-Remaining", "0").header("RateLimit-Limit", "1000")
                .body("errors[0].title", equalTo("Too Many Requests"));
    }

    @Test
    void anOwnerThatCannotAnswerIs503NotABlamedToken() {
        given().header("Authorization", "Bearer npq_broken").get("/test/notes/whoami").then().statusCode(503)
                .contentType(startsWith("application/problem+json")).header("Retry-After", "5");
    }

    @Test
    void keycloakJwtsAreUntouchedAndNeverIntrospected() {
        IntrospectionStandIn.CALLS.clear();
        String jwt = TestTokens.token("lp-client", List.of("lead-provider"), Map.of("lead_provider_id", IntrospectionStandIn.LEAD_PROVIDER));
        given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200)
                .body("lead_provider_id", equalTo(IntrospectionStandIn.LEAD_PROVIDER)).header("RateLimit-Limit", nullValue());
        given().header("Authorization", "Bearer not-ours-and-not-a-jwt").get("/test/notes/whoami").then().statusCode(401);
        assertThat(IntrospectionStandIn.CALLS).isEmpty();
    }
}
