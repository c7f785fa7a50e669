package uk.npq.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lead provider's long-lived API token, as the DfE's clients hold one, across the running suite through the edge: an
 * admin issues it; it reads each service's v3 API with the provider's tenant and one rate-limit budget counted once for
 * all of them (1,000 requests per 5 minutes, the DfE's); over the budget it is 429 with Retry-After; revoked, it is
 * refused by every service from the next request on.
 */
class ApiTokenJourneyIT {
    static final List<String> V3 = List.of("/api/v3/npq-applications", "/api/v3/participant-declarations", "/api/v3/statements",
            "/api/v3/participants/npq/outcomes");

    static String issue(String description) {
        return Suite.as("npq-admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"api-token\",\"attributes\":{\"lead_provider_id\":\"" + Suite.LP_A + "\",\"description\":\""
                        + description + "\"}}}")
                .post("/api/v1/api-tokens").then().statusCode(201).body("data.attributes.token", startsWith("npq_"))
                .extract().path("data.attributes.token");
    }

    static RequestSpecification bearer(String token) {
        return Suite.anonymous().header("Authorization", "Bearer " + token);
    }

    @Test
    void aTokenReadsEveryServiceAsItsProviderWithOneBudgetAndIsRefusedEverywhereOnceRevoked() {
        String token = issue("journey MIS");
        long previous = Long.MAX_VALUE;
        for (String path : V3) {
            Response r = bearer(token).get(path + "?page[per_page]=5");
            r.then().statusCode(200).header("RateLimit-Limit", "1000").header("RateLimit-Policy", "1000;w=300");
            long remaining = Long.parseLong(r.header("RateLimit-Remaining"));
            assertThat(remaining).as(path + " counts against the same budget").isLessThan(previous);
            previous = remaining;
        }
        // the provider's tenant: the same applications as its Keycloak client sees
        List<String> withToken = bearer(token).get("/api/v3/npq-applications?page[per_page]=50").then().statusCode(200).extract().path("data.id");
        List<String> withClient = Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications?page[per_page]=50").then().statusCode(200)
                .extract().path("data.id");
        assertThat(withToken).isEqualTo(withClient);
        // a lead provider's credential, not an admin's
        bearer(token).get("/api/v1/api-tokens").then().statusCode(403);

        List<String> ids = Suite.as("npq-admin").get("/api/v1/api-tokens?filter[lead_provider_id]=" + Suite.LP_A).then().statusCode(200)
                .extract().path("data.id");
        String id = Suite.as("npq-admin").get("/api/v1/api-tokens?filter[lead_provider_id]=" + Suite.LP_A).then()
                .extract().path("data.find { it.attributes.description == 'journey MIS' && it.attributes.active }.id");
        assertThat(ids).contains(id);
        Suite.as("npq-admin").delete("/api/v1/api-tokens/" + id).then().statusCode(200).body("data.attributes.active", equalTo(false));
        for (String path : V3) {
            bearer(token).get(path).then().statusCode(401).body("error", equalTo("HTTP Token: Access denied"));
        }
    }

    @Test
    void overTheDfesBudgetIs429WithRetryAfterInEveryService() {
        String token = issue("busy MIS");
        Response first = bearer(token).get("/api/v3/statements");
        first.then().statusCode(200);
        long reset = Long.parseLong(first.header("RateLimit-Reset"));
        if (reset < 45) { // the fixed window is about to turn: start in the next one, so the count is not cut in two
            java.time.Instant turn = java.time.Instant.now().plusSeconds(reset + 1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(reset + 10))
                    .until(() -> java.time.Instant.now().isAfter(turn));
            bearer(token).get("/api/v3/statements").then().statusCode(200).header("RateLimit-Remaining", "999");
        }
        for (int i = 1; i < 1000; i++) {
            bearer(token).get(V3.get(i % V3.size()) + "?page[per_page]=1").then().statusCode(200);
        }
        for (String path : V3) {
            Response refused = bearer(token).get(path);
            refused.then().statusCode(429).contentType(startsWith("application/problem+json")).header("RateLimit-Remaining", "0");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 300);
        }
        // another token of the same provider has its own budget
        bearer(issue("other MIS")).get("/api/v3/statements").then().statusCode(200).header("RateLimit-Remaining", "999");
    }
}
