package uk.npq.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static uk.npq.assessment.Fixtures.textBody;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.Fixtures.Tenant;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/** registration's ApplicationRevertedToPending (c1): the candidate is pending again and may not sit until accepted anew. */
@QuarkusTest
class CandidateRevertTest {
    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    @Test
    void aRevertedCandidateIsPendingOnceAndMayNotBeSubmittedFor() {
        Tenant t = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2027-02-01");
        UUID p = t.candidate("npq-headship", "2026b");
        t.candidate("npq-headship", "2026b"); // another of the hub's candidates, so the hub still sees the window
        String app = TestDb.string("SELECT application_id::text FROM candidate WHERE participant_id = '" + p + "'");
        ApplicationRevertedToPending reverted = ApplicationRevertedToPending.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(app).setApplicationId(app).setParticipantId(p.toString())
                .setCourseIdentifier("npq-headship").setCohort("2026b").setLeadProviderId(t.leadProvider()).setPreviousStatus("accepted")
                .setPreviousTrainingStatus("active").setRevertedAt(Instant.now()).build();
        TestKafka.send(Topics.APPLICATION, app, reverted, reverted); // and a redelivery
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM candidate WHERE application_id = '" + app
                + "' AND status = 'pending' AND training_status IS NULL AND accepted_at IS NULL") == 1);
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + reverted.getEventId() + "'")).isEqualTo(1);

        TestClock.set("2027-02-05T12:00:00Z");
        t.asHub().body(textBody(p.toString(), "My answer")).post(Fixtures.submissions(w)).then().statusCode(422)
                .body("errors.title", contains("participant_id"));
        Fixtures.asParticipant(p).body(textBody(null, "My answer")).post(Fixtures.submissions(w)).then().statusCode(404);
        assertThat(TestDb.count("SELECT count(*) FROM submission WHERE window_id = '" + w + "'")).isZero();
    }
}
