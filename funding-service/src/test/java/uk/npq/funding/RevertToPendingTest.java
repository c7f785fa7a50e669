package uk.npq.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.npq.funding.FundingDecisionFlowTest.LP_A;
import static uk.npq.funding.FundingDecisionFlowTest.SCHOOL;
import static uk.npq.funding.FundingDecisionFlowTest.decisionOn;
import static uk.npq.funding.FundingDecisionFlowTest.submitted;
import static uk.npq.funding.FundingDecisionFlowTest.trn;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/** registration's ApplicationRevertedToPending (c1): funding's copy of the application is not accepted and has no funded place. */
@QuarkusTest
class RevertToPendingTest {

    @BeforeEach
    void aSchool() {
        TestDb.execute("INSERT INTO establishment (urn, ukprn, name, type_code, la_code, phase_code, number_of_pupils, imported_at) "
                + "VALUES ('" + SCHOOL + "', '10074001', 'Test Primary', 1, '202', '2', 200, now()) ON CONFLICT DO NOTHING");
    }

    @Test
    void aRevertedApplicationIsNoLongerAcceptedNorFundedOnceHoweverOftenItArrives() {
        String sharedTrn = trn();
        String app = UUID.randomUUID().toString(), person = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, app, submitted(app, person, sharedTrn, "npq-headship", "2025a", "england", SCHOOL));
        assertThat(decisionOn(app).getFundingEligibilityStatusCode()).isEqualTo("funded");
        TestKafka.send(Topics.APPLICATION, app, ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(app).setApplicationId(app).setParticipantId(person).setTrn(sharedTrn)
                .setCourseIdentifier("npq-headship").setCohort("2025a").setLeadProviderId(LP_A).setFundedPlace(true)
                .setScheduleIdentifier("npq-leadership-autumn").setAcceptedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '"
                + app + "' AND accepted AND funded_place") == 1);
        // accepted and funded with a verified TRN (registration puts only verified ones on the acceptance): a preview of that
        // TRN on the course family is previously funded
        assertThat(FundingDecisionFlowTest.previewCode(sharedTrn)).isEqualTo("previously_funded");

        ApplicationRevertedToPending reverted = ApplicationRevertedToPending.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(app).setApplicationId(app).setParticipantId(person)
                .setCourseIdentifier("npq-headship").setCohort("2025a").setLeadProviderId(LP_A).setPreviousStatus("accepted")
                .setPreviousTrainingStatus("active").setRevertedAt(Instant.now()).build();
        TestKafka.send(Topics.APPLICATION, app, reverted, reverted); // and a redelivery
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '"
                + app + "' AND NOT accepted AND funded_place IS NULL") == 1);
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + reverted.getEventId() + "'")).isEqualTo(1);

        // pending again: it no longer makes the TRN previously funded
        assertThat(FundingDecisionFlowTest.previewCode(sharedTrn)).isEqualTo("funded");
    }
}
