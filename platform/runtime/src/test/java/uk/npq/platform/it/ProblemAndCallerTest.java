package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.Management;

@QuarkusTest
class ProblemAndCallerTest {

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void aDeadlockPostgresqlBreaksIs503WithRetryAfterNotA500() throws Exception {
        java.util.UUID a = java.util.UUID.randomUUID(), b = java.util.UUID.randomUUID();
        TestDb.execute("INSERT INTO note (id, title, pages, written_on) VALUES ('" + a + "', 'a', 1, '2026-01-01'), ('" + b
                + "', 'b', 1, '2026-01-01')");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var one = pool.submit(() -> given().post("/test/locks?first=" + a + "&second=" + b));
            var two = pool.submit(() -> given().post("/test/locks?first=" + b + "&second=" + a));
            var answers = java.util.List.of(one.get(), two.get());
            assertThat(answers).extracting(r -> r.statusCode()).containsExactlyInAnyOrder(204, 503);
            var busy = answers.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
            assertThat(busy.contentType()).startsWith("application/problem+json");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(busy.<String>path("errors[0].title")).isEqualTo("Busy");
        } finally {
            pool.shutdown();
        }
        // the aborted one changed nothing: exactly one update went through
        assertThat(TestDb.count("SELECT sum(pages) FROM note WHERE id IN ('" + a + "', '" + b + "')")).isEqualTo(3);
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON     | {\"data\":{\"type\":\"note\",                                                              | 400 | Bad request",
        "not the envelope   | {\"title\":\"x\"}                                                                          | 400 | Bad request",
        "wrong type: pages  | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"pages\":\"many\",\"written_on\":\"2026-01-05\"}}} | 422 | pages",
        "wrong date format  | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"pages\":1,\"written_on\":\"05/01/2026\"}}}      | 422 | written_on",
        "missing field      | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"written_on\":\"2026-01-05\"}}}                  | 422 | pages",
    })
    @TestSecurity(user = "admin-1", roles = "admin")
    void badInputIsAProblemNamingTheFieldAndWritesNothing(String name, String body, int status, String title) throws Exception {
        long notes = TestDb.count("SELECT count(*) FROM note");
        long events = TestDb.count("SELECT count(*) FROM outbox_event");
        given().contentType("application/json").body(body).post("/test/notes").then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("errors.title", hasItem(title));
        assertThat(TestDb.count("SELECT count(*) FROM note")).isEqualTo(notes);
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event")).isEqualTo(events);
    }

    @Test
    void unauthenticatedCallIs401ProblemJson() {
        given().contentType("application/json").body("{}").post("/test/notes").then()
                .statusCode(401).contentType(startsWith("application/problem+json"));
    }

    @Test
    @TestSecurity(user = "lp-1", roles = "lead-provider")
    void callerWithoutTheRoleIs403ProblemJson() {
        given().contentType("application/json").body("{}").post("/test/notes").then()
                .statusCode(403).contentType(startsWith("application/problem+json"));
    }

    @Test
    @TestSecurity(user = "lp-1", roles = "lead-provider")
    @OidcSecurity(claims = {
        @Claim(key = "lead_provider_id", value = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001"),
        @Claim(key = "school_urn", value = "100001")})
    void tenantClaimsAreReadFromTheToken() {
        given().get("/test/notes/whoami").then().statusCode(200)
                .body("lead_provider_id", equalTo("3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001"))
                .body("school_urn", equalTo("100001"));
    }

    @Test
    void healthAndOpenApiAreOpen() {
        Management.request().get("/q/health/ready").then().statusCode(200);
        Management.request().get("/q/health/live").then().statusCode(200);
    }

}
