package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.FundingDecisionOverridden;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.FundedPlaceChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.engagement.messaging.EnrolmentEventsConsumer;
import uk.npq.engagement.service.EnrolmentProjection;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;

/**
 * The enrolment projection a Kafka poll at a time (issue 16): a poll's submissions, acceptances and verdicts leave exactly
 * the rows the same events applied one by one (each in its own transaction, by the per-event code) leave, duplicates and
 * other kinds of event among them, and a poll costs the same few statements whatever its size.
 */
@QuarkusTest
class EnrolmentBatchTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    /** The inbox insert, the missing rows' insert, the patch of every row. */
    static final int STATEMENTS_PER_POLL = 3;

    @Inject Inbox inbox;
    @Inject EnrolmentEventsConsumer consumer;
    @Inject EnrolmentProjection projection;

    record Scenario(List<String> apps, List<SpecificRecord> applicationEvents, List<SpecificRecord> verdicts) {}

    static String id() { return UUID.randomUUID().toString(); }

    static ApplicationSubmitted submitted(String app, String person, String cohort, String trn, String urn, Instant at) {
        return ApplicationSubmitted.newBuilder().setEventId(id()).setOccurredAt(at).setAggregateId(app).setApplicationId(app)
                .setParticipantId(person).setTrn(trn).setTrnVerified(trn != null).setPreviouslyFunded(false)
                .setCourseIdentifier("npq-senco").setCohort(cohort).setLeadProviderId(LP_A).setWorkSetting("a_school")
                .setSchoolUrn(urn).setTeacherCatchment("england").setSubmittedAt(at).build();
    }

    static ApplicationAccepted accepted(String app, String person, String cohort, String trn, Boolean fundedPlace, boolean pf, Instant at) {
        return ApplicationAccepted.newBuilder().setEventId(id()).setOccurredAt(at).setAggregateId(app).setApplicationId(app)
                .setParticipantId(person).setTrn(trn).setCourseIdentifier("npq-senco").setCohort(cohort).setLeadProviderId(LP_A)
                .setFundedPlace(fundedPlace).setScheduleIdentifier("npq-specialist-autumn").setAcceptedAt(at).setPreviouslyFunded(pf).build();
    }

    static FundingDecisionMade decided(String app, String person, boolean eligible, String code, boolean targeted, Instant at) {
        return FundingDecisionMade.newBuilder().setEventId(id()).setOccurredAt(at).setAggregateId(app).setApplicationId(app)
                .setParticipantId(person).setEligibleForFunding(eligible).setFundingEligibilityStatusCode(code).setRuleSet("2026")
                .setReviewRequired(false).setDecidedAt(at).setTargetedDeliveryFundingEligibility(targeted)
                .setTsfPrimaryEligibility(false).setTsfPrimaryPlusEligibility(false).build();
    }

    /** Five applications of two people, two cohorts; duplicates, several events of one application, kinds applied alone. */
    static Scenario scenario(Instant t) {
        String p1 = id(), p2 = id();
        String a1 = id(), a2 = id(), a3 = id(), a4 = id(), a5 = id();
        ApplicationAccepted a1Accepted = accepted(a1, p1, "2026b", "1234567", true, false, t.plusSeconds(1));
        List<SpecificRecord> events = new ArrayList<>(List.of(
                submitted(a1, p1, "2026b", null, "100001", t),
                submitted(a2, p2, "2025a", "7654321", "100002", t),
                a1Accepted,
                a1Accepted, // a redelivery in the same poll
                submitted(a2, p2, "2025a", null, "100003", t.plusSeconds(2)), // a second submission: trn cleared, school changed
                accepted(a3, p1, "2025a", null, null, true, t.plusSeconds(3)),
                TrainingStatusChanged.newBuilder().setEventId(id()).setOccurredAt(t).setAggregateId(a3).setApplicationId(a3)
                        .setParticipantId(p1).setCourseIdentifier("npq-senco").setCohort("2025a").setLeadProviderId(LP_A)
                        .setTrainingStatus("withdrawn").setPreviousTrainingStatus("active").setChangedAt(t.plusSeconds(4)).build(),
                FundedPlaceChanged.newBuilder().setEventId(id()).setOccurredAt(t).setAggregateId(a4).setApplicationId(a4)
                        .setFundedPlace(true).setChangedAt(t).build(), // before its row exists: nothing, one by one
                submitted(a4, p2, "2026b", "7654321", null, t),
                accepted(a5, p2, "2026b", "7654321", false, false, t.plusSeconds(5))));
        FundingDecisionMade a2Decided = decided(a2, p2, true, "funded", true, t);
        List<SpecificRecord> verdicts = List.of(
                decided(a1, p1, false, "no_institution", true, t),
                a2Decided,
                a2Decided, // a redelivery
                FundingDecisionOverridden.newBuilder().setEventId(id()).setOccurredAt(t).setAggregateId(a2).setApplicationId(a2)
                        .setParticipantId(p2).setEligibleForFunding(false).setFundingEligibilityStatusCode("marked_ineligible_by_policy")
                        .setPreviousStatusCode("funded").setOverriddenAt(t).build(), // keeps the targeted-delivery flag
                decided(a5, p2, true, "funded", false, t), // a verdict first: creates the row
                decided(id(), p1, true, "funded", false, t)); // an application engagement has no other event of
        return new Scenario(List.of(a1, a2, a3, a4, a5), events, verdicts);
    }

    static List<String> state(Scenario s) {
        List<String> rows = new ArrayList<>();
        for (String app : s.apps()) {
            rows.add(TestDb.string("SELECT coalesce((SELECT concat_ws('|', participant_id, lead_provider_id, course_identifier, cohort, status, "
                    + "eligible_for_funding, funding_status_code, previously_funded, trn, teacher_catchment, school_urn, accepted_at, "
                    + "training_status, withdrawn_at, schedule_identifier, funded_place, targeted_delivery_funding_eligibility) "
                    + "FROM enrolment WHERE application_id = '" + app + "'), 'none')"));
        }
        return rows;
    }

    @Test
    void aPollLeavesWhatItsEventsOneByOneLeave() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Scenario s = scenario(t);
        String oneByOne = "test-one-by-one-" + id();
        for (SpecificRecord e : s.applicationEvents()) {
            QuarkusTransaction.requiringNew().run(() -> inbox.applyInOrder(oneByOne, List.of(e), consumer::applicationChange));
        }
        for (SpecificRecord e : s.verdicts()) {
            QuarkusTransaction.requiringNew().run(() -> inbox.applyInOrder(oneByOne, List.of(e), v -> switch (v) {
                case FundingDecisionMade d -> () -> projection.decided(d.getApplicationId(), d.getParticipantId(),
                        d.getEligibleForFunding(), d.getFundingEligibilityStatusCode(), d.getTargetedDeliveryFundingEligibility());
                case FundingDecisionOverridden o -> () -> projection.decided(o.getApplicationId(), o.getParticipantId(),
                        o.getEligibleForFunding(), o.getFundingEligibilityStatusCode(), null);
                default -> null;
            }));
        }
        List<String> expected = state(s);
        assertThat(expected.get(3)).as("the funded place before the row, then the submission").endsWith("|f").contains("|pending|");
        assertThat(expected.get(1)).as("a2: override keeps targeted delivery").contains("|marked_ineligible_by_policy|").endsWith("|t");
        TestDb.execute("DELETE FROM enrolment WHERE application_id IN ('" + String.join("','", s.apps()) + "')");

        String together = "test-together-" + id();
        QuarkusTransaction.requiringNew().run(() -> inbox.applyTogether(together, s.applicationEvents(),
                e -> consumer.applicationChange(e) != null, consumer::applyApplications));
        QuarkusTransaction.requiringNew().run(() -> inbox.applyTogether(together, s.verdicts(), EnrolmentProjection::together,
                projection::together));
        assertThat(state(s)).isEqualTo(expected);

        // the poll again (a redelivery after a crash before the offsets were committed): nothing changes
        QuarkusTransaction.requiringNew().run(() -> assertThat(inbox.applyTogether(together, s.applicationEvents(),
                e -> consumer.applicationChange(e) != null, consumer::applyApplications)).isZero());
        assertThat(state(s)).isEqualTo(expected);
    }

    @Test
    void aPollOf200CostsTheStatementsOfAPollOf20() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SpecificRecord> few = new ArrayList<>(), many = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            String app = id(), person = id();
            List<SpecificRecord> to = i < 10 ? few : many;
            to.add(submitted(app, person, i % 2 == 0 ? "2026b" : "2025a", null, "100001", t));
            to.add(accepted(app, person, i % 2 == 0 ? "2026b" : "2025a", null, true, false, t));
        }
        String name = "test-statements-" + id();
        List<String> fewSql = SqlTrace.onThisThread(() -> QuarkusTransaction.requiringNew().run(() -> inbox.applyTogether(name, few,
                e -> consumer.applicationChange(e) != null, consumer::applyApplications)));
        List<String> manySql = SqlTrace.onThisThread(() -> QuarkusTransaction.requiringNew().run(() -> inbox.applyTogether(name, many,
                e -> consumer.applicationChange(e) != null, consumer::applyApplications)));

        assertThat(manySql).anyMatch(s -> s.contains("UPDATE enrolment")); // it traced the work
        String last = EnrolmentProjection.applicationOf(many.get(199));
        assertThat(TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '" + last + "' AND status = 'accepted' "
                + "AND school_urn = '100001' AND funded_place")).isEqualTo(1);
        assertThat(manySql).as("statements of a poll of 200 events").hasSize(STATEMENTS_PER_POLL).hasSameSizeAs(fewSql);
    }
}
