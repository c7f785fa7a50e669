package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
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
import uk.npq.platform.testing.Management;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

@QuarkusTest
class EngagementServiceTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String HUB_A = "5c2e8d41-7b3a-4e9f-8a10-2b6d0c0d0001";
    static final String HUB_OTHER = "5c2e8d41-7b3a-4e9f-8a10-2b6d0c0d0099";


    @Test
    void startsWithMigrationsAppliedAndIsReady() {
        Management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // health and metrics answer on the management interface only, never on the service port (issue 17)
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void unauthenticatedIs401() {
        given().get("/api/v1/sessions").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "school", roles = "school")
    void wrongRoleIs403() {
        given().get("/api/v1/sessions").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "hub-a", roles = "delivery-partner")
    @OidcSecurity(claims = @Claim(key = "delivery_partner_id", value = HUB_A))
    void aHubSeesOnlyItsOwnSessions() throws Exception {
        String mine = insertSession(HUB_A, "Unit 1 webinar");
        insertSession(HUB_OTHER, "Another hub workshop");
        given().get("/api/v1/sessions").then().statusCode(200)
                .body("data.id", contains(mine))
                .body("data[0].attributes.title", equalTo("Unit 1 webinar"));
    }

    @Test
    void applicationsAndFundingDecisionsAreProjectedOnceInEitherOrder() throws Exception {
        String id = UUID.randomUUID().toString();
        String participant = UUID.randomUUID().toString();
        FundingDecisionMade decision = FundingDecisionMade.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(participant)
                .setEligibleForFunding(true).setFundingEligibilityStatusCode("funded").setRuleSet("2026")
                .setDecidedAt(Instant.now()).build();
        ApplicationSubmitted submitted = ApplicationSubmitted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(participant)
                .setCourseIdentifier("npq-senco").setCohort("2026b").setLeadProviderId(LP_A)
                .setTeacherCatchment("england").setSubmittedAt(Instant.now()).build();
        TestKafka.send(Topics.FUNDING_DECISION, id, decision, decision); // decision first, twice
        TestKafka.send(Topics.APPLICATION, id, submitted);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '" + id + "' AND cohort = '2026b' "
                        + "AND eligible_for_funding AND lead_provider_id = '" + LP_A + "'") == 1);
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + decision.getEventId() + "'")).isEqualTo(1);
    }

    private String insertSession(String hub, String title) throws Exception {
        String id = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO session (id, lead_provider_id, delivery_partner_id, course_identifier, "
                    + "cohort, kind, title, scheduled_at, weight) VALUES ('" + id + "', '" + LP_A + "', '" + hub
                    + "', 'npq-senco', '2026b', 'webinar', '" + title + "', now(), 60)");
        return id;
    }

}
