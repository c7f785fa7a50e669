package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.TestTokens;

/**
 * Tenant scope with the platform's cache of verified tokens (a token is verified once, then answered from the cache until
 * its exp): each provider's token, asked twice, still sees its own application and participant and gets 404 on the other's;
 * an expired token is refused.
 */
@QuarkusTest
class CachedTokenScopeTest {
    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    @Test
    void aCachedTokenKeepsItsTenantAndAnotherTenantsResourceIs404() {
        UUID[] pa = ParticipantTest.accepted("npq-headship", "2026b", true);
        String a = TestTokens.leadProvider(LP_A), b = TestTokens.leadProvider(LP_B);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(a).get("/api/v3/npq-applications/" + pa[1]).then().statusCode(200)
                    .body("data.id", equalTo(pa[1].toString()));
            given().auth().oauth2(a).get("/api/v3/participants/npq/" + pa[0]).then().statusCode(200)
                    .body("data.id", equalTo(pa[0].toString()));
            given().auth().oauth2(b).get("/api/v3/npq-applications/" + pa[1]).then().statusCode(404);
            given().auth().oauth2(b).get("/api/v3/participants/npq/" + pa[0]).then().statusCode(404);
        }
        String expired = TestTokens.token("lp-" + LP_A, List.of("lead-provider"), Map.of("lead_provider_id", LP_A),
                Instant.now().minusSeconds(5));
        given().auth().oauth2(expired).get("/api/v3/npq-applications/" + pa[1]).then().statusCode(401);
    }
}
