package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import uk.npq.funding.service.RateLimiter;
import uk.npq.platform.security.apitoken.RateLimit;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * Lead providers' long-lived API tokens: issued, listed, rotated and revoked by admins; used as the DfE's clients use
 * theirs, with the provider's identity and tenant; revoked at once; rate limited (here 20 per 5 minutes, 1,000 in the
 * suite) with one budget however many replicas count it. Every answer is checked against funding-service's document.
 */
@QuarkusTest
class ApiTokenTest {
    static final Filter CONTRACT = ContractValidator.forService("funding-service").filter();
    static final String INTROSPECT = "/internal/v1/api-tokens/introspect";

    @Inject DataSource dataSource;

    static String leadProvider() {
        String lp = UUID.randomUUID().toString();
        ContractDataTest.put(ContractDataTest.admin(), "lead-providers", "id,name\n" + lp + ",Token Provider " + lp.substring(0, 8) + "\n").statusCode(200);
        return lp;
    }

    static RequestSpecification admin() {
        return given().filter(CONTRACT).header("Authorization", ContractDataTest.admin());
    }

    static RequestSpecification bearer(String token) {
        return given().filter(CONTRACT).header("Authorization", "Bearer " + token);
    }

    static Response issue(String lp) {
        return admin().contentType("application/json")
                .body("{\"data\":{\"type\":\"api-token\",\"attributes\":{\"lead_provider_id\":\"" + lp + "\",\"description\":\"Provider MIS\"}}}")
                .post("/api/v1/api-tokens");
    }

    @Test
    void anIssuedTokenIsShownOnceStoredHashedAndCarriesTheProvidersTenant() {
        String lp = leadProvider();
        Response issued = issue(lp);
        issued.then().statusCode(201).body("data.type", equalTo("api-token")).body("data.attributes.lead_provider_id", equalTo(lp))
                .body("data.attributes.active", equalTo(true)).body("data.attributes.last_used_at", nullValue())
                .body("data.attributes.token", startsWith("npq_"));
        String id = issued.path("data.id"), token = issued.path("data.attributes.token");
        assertThat(token).hasSize(4 + 43);

        // only the SHA-256 is kept; the secret is never shown again
        assertThat(TestDb.string("SELECT encode(token_hash, 'hex') FROM api_token WHERE id = '" + id + "'"))
                .isEqualTo(HexFormat.of().formatHex(sha256(token)));
        assertThat(TestDb.count("SELECT count(*) FROM api_token WHERE description LIKE '%" + token + "%' OR token_hint = '" + token + "'")).isZero();
        admin().get("/api/v1/api-tokens/" + id).then().statusCode(200).body("data.attributes.token", nullValue())
                .body("data.attributes.token_hint", equalTo(token.substring(0, 12)));

        // the provider's identity and tenant: its statements list answers as with its Keycloak client, with the RateLimit fields
        String statement = UUID.randomUUID().toString();
        bearer(token).get("/api/v3/statements").then().statusCode(200)
                .header("RateLimit-Limit", "20").header("RateLimit-Remaining", "19").header("RateLimit-Policy", "20;w=300")
                .header("RateLimit-Reset", notNullValue());
        bearer(token).get("/api/v3/statements/" + statement).then().statusCode(404);
        // it is a lead provider's credential, not an admin's
        bearer(token).get("/api/v1/api-tokens").then().statusCode(403);
        admin().get("/api/v1/api-tokens/" + id).then().statusCode(200).body("data.attributes.last_used_at", notNullValue());
        List<String> listed = admin().queryParam("filter[lead_provider_id]", lp).get("/api/v1/api-tokens").then().statusCode(200)
                .extract().path("data.id");
        assertThat(listed).containsExactly(id);
    }

    @Test
    void aRevokedTokenIsRefusedFromTheNextRequestOn() {
        String lp = leadProvider();
        Response issued = issue(lp);
        String id = issued.path("data.id"), token = issued.path("data.attributes.token");
        bearer(token).get("/api/v3/statements").then().statusCode(200);
        admin().delete("/api/v1/api-tokens/" + id).then().statusCode(200).body("data.attributes.active", equalTo(false))
                .body("data.attributes.revoked_at", notNullValue());
        bearer(token).get("/api/v3/statements").then().statusCode(401).contentType(startsWith("application/problem+json"))
                .body("error", equalTo("HTTP Token: Access denied"));
        // revoking again changes nothing; rotating a revoked token is refused
        admin().delete("/api/v1/api-tokens/" + id).then().statusCode(200).body("data.attributes.active", equalTo(false));
        admin().contentType("application/json").body("{\"data\":{\"type\":\"api-token-rotation\",\"attributes\":{}}}")
                .post("/api/v1/api-tokens/" + id + "/rotate").then().statusCode(422);
    }

    @Test
    void rotationGivesANewSecretAndStopsTheOldAtOnceOrAfterItsGrace() {
        String lp = leadProvider();
        Response first = issue(lp);
        String firstId = first.path("data.id"), firstToken = first.path("data.attributes.token");

        Response second = admin().contentType("application/json")
                .body("{\"data\":{\"type\":\"api-token-rotation\",\"attributes\":{\"old_token_valid_for_minutes\":10}}}")
                .post("/api/v1/api-tokens/" + firstId + "/rotate");
        second.then().statusCode(201).body("data.attributes.lead_provider_id", equalTo(lp)).body("data.attributes.token", startsWith("npq_"));
        String secondId = second.path("data.id"), secondToken = second.path("data.attributes.token");
        assertThat(secondToken).isNotEqualTo(firstToken);
        // both work during the grace period; the old one names its successor
        bearer(firstToken).get("/api/v3/statements").then().statusCode(200);
        bearer(secondToken).get("/api/v3/statements").then().statusCode(200);
        admin().get("/api/v1/api-tokens/" + firstId).then().statusCode(200).body("data.attributes.replaced_by", equalTo(secondId))
                .body("data.attributes.active", equalTo(true)).body("data.attributes.revoked_at", notNullValue());

        // rotated without grace: the old stops at once
        String thirdToken = admin().contentType("application/json").post("/api/v1/api-tokens/" + secondId + "/rotate").then().statusCode(201)
                .extract().path("data.attributes.token");
        bearer(secondToken).get("/api/v3/statements").then().statusCode(401);
        bearer(thirdToken).get("/api/v3/statements").then().statusCode(200);

        admin().contentType("application/json")
                .body("{\"data\":{\"type\":\"api-token-rotation\",\"attributes\":{\"old_token_valid_for_minutes\":1441}}}")
                .post("/api/v1/api-tokens/" + firstId + "/rotate").then().statusCode(422);
    }

    @Test
    void overTheLimitIs429WithRetryAfterAndOtherTokensAreNotTouched() {
        String lp = leadProvider();
        String token = issue(lp).path("data.attributes.token");
        String other = issue(lp).path("data.attributes.token");
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            remaining.add(bearer(token).get("/api/v3/statements").then().statusCode(200).extract().header("RateLimit-Remaining"));
        }
        assertThat(remaining).first().isEqualTo("19");
        assertThat(remaining).last().isEqualTo("0");
        Response refused = bearer(token).get("/api/v3/statements");
        refused.then().statusCode(429).contentType(startsWith("application/problem+json")).body("status", equalTo(429))
                .header("RateLimit-Remaining", "0").header("RateLimit-Limit", "20");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 300);
        bearer(other).get("/api/v3/statements").then().statusCode(200).header("RateLimit-Remaining", "19");
    }

    @Test
    void replicasShareOneBudgetThroughTheDatabase() {
        UUID token = UUID.randomUUID();
        ProxyManager<String> one = RateLimiter.buckets(dataSource), two = RateLimiter.buckets(dataSource);
        int allowed = 0;
        for (int i = 0; i < 15; i++) {
            for (ProxyManager<String> replica : List.of(one, two)) {
                RateLimit r = RateLimiter.consume(replica, token, 20, Duration.ofMinutes(5));
                if (!r.exceeded()) allowed++;
            }
        }
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void introspectionAnswersOnlyServicesHoldingTheKey() {
        String lp = leadProvider();
        String token = issue(lp).path("data.attributes.token");
        given().filter(CONTRACT).contentType("application/x-www-form-urlencoded").formParam("token", token).post(INTROSPECT)
                .then().statusCode(401);
        given().filter(CONTRACT).header("X-NPQ-Introspection-Key", "guess").contentType("application/x-www-form-urlencoded")
                .formParam("token", token).post(INTROSPECT).then().statusCode(401);
        given().filter(CONTRACT).header("X-NPQ-Introspection-Key", "local-only-introspection-key").contentType("application/x-www-form-urlencoded")
                .formParam("token", token).post(INTROSPECT).then().statusCode(200)
                .body("active", equalTo(true)).body("lead_provider_id", equalTo(lp)).body("rate_limit.limit", equalTo(20));
        given().filter(CONTRACT).header("X-NPQ-Introspection-Key", "local-only-introspection-key").contentType("application/x-www-form-urlencoded")
                .formParam("token", "npq_unknown").post(INTROSPECT).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void onlyAdminsManageTokensAndBadRequestsChangeNothing() {
        String lp = leadProvider();
        long before = TestDb.count("SELECT count(*) FROM api_token");
        String body = "{\"data\":{\"type\":\"api-token\",\"attributes\":{\"lead_provider_id\":\"" + lp + "\",\"description\":\"x\"}}}";
        given().filter(CONTRACT).contentType("application/json").body(body).post("/api/v1/api-tokens").then().statusCode(401);
        given().filter(CONTRACT).header("Authorization", "Bearer " + TestTokens.leadProvider(lp)).contentType("application/json").body(body)
                .post("/api/v1/api-tokens").then().statusCode(403);
        given().filter(CONTRACT).header("Authorization", ContractDataTest.finance()).get("/api/v1/api-tokens").then().statusCode(403);
        admin().contentType("application/json")
                .body("{\"data\":{\"type\":\"api-token\",\"attributes\":{\"lead_provider_id\":\"" + UUID.randomUUID() + "\",\"description\":\"x\"}}}")
                .post("/api/v1/api-tokens").then().statusCode(422).body("errors[0].title", equalTo("lead_provider_id"));
        admin().contentType("application/json")
                .body("{\"data\":{\"type\":\"api-token\",\"attributes\":{\"lead_provider_id\":\"" + lp + "\",\"description\":\"  \"}}}")
                .post("/api/v1/api-tokens").then().statusCode(422).body("errors[0].title", equalTo("description"));
        admin().get("/api/v1/api-tokens?filter[lead_provider_id]=nope").then().statusCode(400);
        admin().get("/api/v1/api-tokens/" + UUID.randomUUID()).then().statusCode(404);
        admin().delete("/api/v1/api-tokens/" + UUID.randomUUID()).then().statusCode(404);
        assertThat(TestDb.count("SELECT count(*) FROM api_token")).isEqualTo(before);
        // a made-up token and a JWT-looking one are 401, never 500
        bearer("npq_" + "A".repeat(43)).get("/api/v3/statements").then().statusCode(401);
        bearer("npq_").get("/api/v3/statements").then().statusCode(401);
    }

    static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
