package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.testing.TestKafka;

@QuarkusTest
class FundingDecisionFlowTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";


    static ApplicationSubmitted submitted(String applicationId, String cohort, String catchment) {
        return ApplicationSubmitted.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setAggregateId(applicationId).setApplicationId(applicationId)
                .setParticipantId(UUID.randomUUID().toString()).setTrn("1234567").setCourseIdentifier("npq-headship")
                .setCohort(cohort).setLeadProviderId(LP_A).setWorkSetting("a_school").setSchoolUrn("100001")
                .setTeacherCatchment(catchment).setSubmittedAt(Instant.now()).build();
    }

    @Test
    void startsWithMigrationsAppliedAndIsReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void everySubmittedApplicationGetsOneStoredDecisionAndEvent() {
        String id = UUID.randomUUID().toString();
        ApplicationSubmitted e = submitted(id, "2026a", "england");
        TestKafka.send(Topics.APPLICATION, id, e, e); // and a redelivery
        var record = TestKafka.awaitRecord(Topics.FUNDING_DECISION, r -> id.equals(r.key()), Duration.ofSeconds(30));
        FundingDecisionMade d = (FundingDecisionMade) record.value();
        assertThat(d.getFundingEligibilityStatusCode()).isEqualTo("unfunded_cohort");
        assertThat(d.getEligibleForFunding()).isFalse();
        assertThat(d.getRuleSet()).isEqualTo("2026");
        assertThat(TestKafka.readAll(Topics.FUNDING_DECISION).stream()
                .filter(r -> id.equals(r.key())).count()).isEqualTo(1);
        given().get("/api/v1/funding-decisions/" + id).then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("unfunded_cohort"))
                .body("data.attributes.rule_set", equalTo("2026"))
                .body("data.attributes.trace[1]", equalTo("1: cohort funding is zero -> unfunded_cohort"));
    }

    @Test
    void unauthenticatedIs401() {
        given().get("/api/v1/funding-decisions/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "school", roles = "school")
    void wrongRoleIs403() {
        given().get("/api/v1/funding-decisions/" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "lp-b", roles = "lead-provider")
    @OidcSecurity(claims = @Claim(key = "lead_provider_id", value = LP_B))
    void anotherLeadProvidersDecisionIsNotFound() {
        String id = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, id, submitted(id, "2026b", "another"));
        TestKafka.awaitRecord(Topics.FUNDING_DECISION, r -> id.equals(r.key()), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/api/v1/funding-decisions/" + id).then().statusCode(404));
    }
}
