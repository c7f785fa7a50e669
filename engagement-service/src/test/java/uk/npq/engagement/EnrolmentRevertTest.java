package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/** registration's ApplicationRevertedToPending (c1): the enrolment copy is pending again, with no training status or funded place. */
@QuarkusTest
class EnrolmentRevertTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";

    static ApplicationAccepted accepted(String app, String person, Instant at) {
        return ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(at).setAggregateId(app)
                .setApplicationId(app).setParticipantId(person).setCourseIdentifier("npq-senco").setCohort("2026b")
                .setLeadProviderId(LP_A).setFundedPlace(true).setScheduleIdentifier("npq-specialist-autumn").setAcceptedAt(at).build();
    }

    static long enrolments(String app, String where) {
        return TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '" + app + "' AND " + where);
    }

    @Test
    void aRevertedEnrolmentIsPendingWithoutTrainingStatusOrFundedPlaceOnceAndMayBeAcceptedAgain() {
        String app = UUID.randomUUID().toString(), person = UUID.randomUUID().toString();
        Instant now = Instant.now();
        TestKafka.send(Topics.APPLICATION, app, accepted(app, person, now),
                TrainingStatusChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setAggregateId(app)
                        .setApplicationId(app).setParticipantId(person).setCourseIdentifier("npq-senco").setCohort("2026b")
                        .setLeadProviderId(LP_A).setTrainingStatus("withdrawn").setPreviousTrainingStatus("active")
                        .setReason("change-in-career").setChangedAt(now).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> enrolments(app,
                "status = 'accepted' AND training_status = 'withdrawn' AND withdrawn_at IS NOT NULL AND funded_place") == 1);

        ApplicationRevertedToPending reverted = ApplicationRevertedToPending.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now).setAggregateId(app).setApplicationId(app).setParticipantId(person).setCourseIdentifier("npq-senco")
                .setCohort("2026b").setLeadProviderId(LP_A).setPreviousStatus("accepted").setPreviousTrainingStatus("withdrawn")
                .setRevertedAt(now).build();
        TestKafka.send(Topics.APPLICATION, app, reverted, reverted); // and a redelivery
        await().atMost(Duration.ofSeconds(30)).until(() -> enrolments(app, "status = 'pending' AND training_status IS NULL "
                + "AND withdrawn_at IS NULL AND accepted_at IS NULL AND funded_place IS NULL") == 1);
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + reverted.getEventId() + "'")).isEqualTo(1);
        assertThat(enrolments(app, "course_identifier = 'npq-senco' AND lead_provider_id = '" + LP_A + "'")).isEqualTo(1);
        // not a participant of the provider any more: its declarations are refused
        DeclarationFixtures.expect422(DeclarationFixtures.declare(LP_A, DeclarationFixtures.body(UUID.fromString(person), "started",
                "2026-10-01T10:00:00Z", "npq-senco", null)), "participant_id", DeclarationMessages.PARTICIPANT_UNKNOWN);

        // a later acceptance makes it an active enrolment again
        TestKafka.send(Topics.APPLICATION, app, accepted(app, person, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> enrolments(app, "status = 'accepted' AND training_status = 'active'") == 1);
    }
}
