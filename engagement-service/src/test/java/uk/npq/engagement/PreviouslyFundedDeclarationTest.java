package uk.npq.engagement;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;
import static uk.npq.engagement.DeclarationFixtures.declare;
import static uk.npq.engagement.DeclarationFixtures.enrolment;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.PreviouslyFundedChanged;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/**
 * c3 with d3: a declaration on a previously funded application is not fundable (it stays submitted and goes on no
 * statement), from the acceptance that says so on, and follows registration's later judgements; an application marked
 * funded by policy is fundable although previously funded.
 */
@QuarkusTest
class PreviouslyFundedDeclarationTest {
    static final String STARTED = "2026-10-01T10:00:00Z";

    static void accepted(UUID participant, UUID application, boolean previouslyFunded) {
        TestKafka.send(Topics.APPLICATION, application.toString(), ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(application.toString()).setApplicationId(application.toString())
                .setParticipantId(participant.toString()).setCourseIdentifier("npq-headship").setCohort("2026b").setLeadProviderId(LP_A)
                .setFundedPlace(true).setScheduleIdentifier("npq-leadership-autumn").setAcceptedAt(Instant.now())
                .setPreviouslyFunded(previouslyFunded).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '"
                + application + "' AND previously_funded = " + previouslyFunded) == 1);
    }

    static void judged(UUID participant, UUID application, boolean previouslyFunded) {
        TestKafka.send(Topics.APPLICATION, application.toString(), PreviouslyFundedChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(application.toString()).setApplicationId(application.toString())
                .setParticipantId(participant.toString()).setPreviouslyFunded(previouslyFunded).setChangedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '"
                + application + "' AND previously_funded = " + previouslyFunded) == 1);
    }

    @Test
    void anAcceptancePreviouslyFundedGivesSubmittedDeclarationsUntilRegistrationJudgesOtherwise() {
        UUID[] e = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "another");
        UUID participant = e[0], application = e[1];
        accepted(participant, application, true);

        String first = declare(LP_A, body(participant, "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("submitted")).body("data.attributes.statement_id", nullValue())
                .extract().path("data.id");
        as(LP_A).put("/api/v3/participant-declarations/" + first + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("voided"));

        // the other application gave its funded place back: registration judges this one no longer previously funded
        judged(participant, application, false);
        declare(LP_A, body(participant, "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible"));
    }

    @Test
    void fundedByPolicyIsFundableThoughPreviouslyFunded() {
        UUID[] e = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "another");
        UUID participant = e[0], application = e[1];
        TestDb.execute("UPDATE enrolment SET funding_status_code = 'marked_funded_by_policy' WHERE application_id = '" + application + "'");
        accepted(participant, application, true);
        declare(LP_A, body(participant, "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible"));
    }
}
