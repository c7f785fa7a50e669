package uk.npq.assessment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
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
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.testing.Management;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

@QuarkusTest
class AssessmentServiceTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";


    @Test
    void startsWithMigrationsAppliedAndIsReady() {
        Management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // health and metrics answer on the management interface only, never on the service port (issue 17)
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void unauthenticatedIs401() {
        given().get("/api/v1/assessment-windows").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "hub", roles = "delivery-partner")
    void wrongRoleIs403() {
        given().get("/api/v1/assessment-windows").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "lp-a", roles = "lead-provider")
    @OidcSecurity(claims = @Claim(key = "lead_provider_id", value = LP_A))
    void aLeadProviderSeesOnlyItsOwnWindowsWithTheirEighthDay() throws Exception {
        String mine = insertWindow(LP_A);
        insertWindow(LP_B);
        given().get("/api/v1/assessment-windows").then().statusCode(200)
                .body("data.id", contains(mine))
                .body("data[0].attributes.first_day", equalTo("2027-02-01"))
                .body("data[0].attributes.last_day", equalTo("2027-02-08"));
    }

    @Test
    void submittedApplicationsBecomeCandidatesOnce() {
        String id = UUID.randomUUID().toString();
        ApplicationSubmitted e = ApplicationSubmitted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id)
                .setParticipantId(UUID.randomUUID().toString()).setCourseIdentifier("npq-headship").setCohort("2026b")
                .setLeadProviderId(LP_A).setTeacherCatchment("england").setSubmittedAt(Instant.now()).build();
        TestKafka.send(Topics.APPLICATION, id, e, e);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + e.getEventId() + "'") == 1
                        && TestDb.count("SELECT count(*) FROM candidate WHERE application_id = '" + id + "'") == 1);
    }

    private String insertWindow(String leadProvider) throws Exception {
        String id = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO assessment_window (id, lead_provider_id, course_identifier, cohort, "
                    + "first_day, word_limit) VALUES ('" + id + "', '" + leadProvider + "', 'npq-headship', '2026b', '2027-02-01', 2500)");
        return id;
    }

}
