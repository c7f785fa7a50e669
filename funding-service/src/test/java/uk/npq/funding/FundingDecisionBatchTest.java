package uk.npq.funding;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.funding.messaging.ApplicationConsumer;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;

/**
 * Funding's decisions a Kafka poll at a time (issue 16): a poll's submissions and acceptances leave exactly the funding
 * history, decisions and FundingDecisionMade events that the same events applied one by one (each in its own
 * transaction) leave, duplicates, other kinds of event, several cohorts and unknown answers among them; and a poll of 200
 * events costs the statements of a poll of 20.
 */
@QuarkusTest
class FundingDecisionBatchTest {
    static final String LP_A = FundingDecisionFlowTest.LP_A;
    static final String SCHOOL = FundingDecisionFlowTest.SCHOOL;

    @Inject Inbox inbox;
    @Inject ApplicationConsumer consumer;

    @BeforeEach
    void aSchool() {
        TestDb.execute("INSERT INTO establishment (urn, ukprn, name, type_code, la_code, phase_code, number_of_pupils, imported_at) "
                + "VALUES ('" + SCHOOL + "', '10074001', 'Test Primary', 1, '202', '2', 200, now()) ON CONFLICT DO NOTHING");
    }

    static String id() { return UUID.randomUUID().toString(); }

    static ApplicationSubmitted submitted(String app, String person, String trn, boolean verified, boolean pf, String course,
                                          String cohort, String catchment, String urn) {
        return ApplicationSubmitted.newBuilder().setEventId(id()).setOccurredAt(Instant.now()).setAggregateId(app).setApplicationId(app)
                .setParticipantId(person).setTrn(trn).setTrnVerified(verified).setPreviouslyFunded(pf).setCourseIdentifier(course)
                .setCohort(cohort).setLeadProviderId(LP_A).setWorkSetting("a_school").setSchoolUrn(urn).setTeacherCatchment(catchment)
                .setSubmittedAt(Instant.now()).build();
    }

    static ApplicationAccepted accepted(String app, String person, String trn, String course, String cohort, Boolean fundedPlace, boolean pf) {
        return ApplicationAccepted.newBuilder().setEventId(id()).setOccurredAt(Instant.now()).setAggregateId(app).setApplicationId(app)
                .setParticipantId(person).setTrn(trn).setCourseIdentifier(course).setCohort(cohort).setLeadProviderId(LP_A)
                .setFundedPlace(fundedPlace).setScheduleIdentifier("npq-leadership-autumn").setAcceptedAt(Instant.now())
                .setPreviouslyFunded(pf).build();
    }

    record Scenario(List<String> apps, List<SpecificRecord> events) {}

    static Scenario scenario() {
        String p1 = id(), p2 = id(), p3 = id();
        List<String> apps = List.of(id(), id(), id(), id(), id(), id(), id());
        String a1 = apps.get(0), a2 = apps.get(1), a3 = apps.get(2), a4 = apps.get(3), a5 = apps.get(4), a6 = apps.get(5), a7 = apps.get(6);
        ApplicationAccepted a1Accepted = accepted(a1, p1, "1234567", "npq-headship", "2026b", true, false);
        ApplicationSubmitted a3Submitted = submitted(a3, p2, null, false, false, "npq-senior-leadership", "2025a", "england", SCHOOL);
        List<SpecificRecord> events = List.of(
                submitted(a1, p1, "1234567", false, false, "npq-headship", "2026b", "england", SCHOOL),
                a3Submitted,
                a1Accepted,
                a1Accepted, // redelivered within the poll
                submitted(a2, p1, null, false, true, "npq-senco", "2026b", "scotland", null), // not England: settled early
                submitted(a3, p2, "7654321", true, true, "npq-senior-leadership", "2025a", "england", SCHOOL), // again: the first decides
                a3Submitted, // and the first redelivered
                submitted(a4, p2, "7654321", true, false, "npq-headship", "2099z", "england", SCHOOL), // unknown cohort: review
                submitted(a5, p3, null, false, false, "npq-headship", "2026b", "england", "999999"), // unknown school: review
                submitted(a6, p3, null, false, false, "npq-headship", "2026b", "england", SCHOOL),
                ApplicationRejected.newBuilder().setEventId(id()).setOccurredAt(Instant.now()).setAggregateId(a6).setApplicationId(a6)
                        .setParticipantId(p3).setCourseIdentifier("npq-headship").setCohort("2026b").setLeadProviderId(LP_A)
                        .setReasonForRejection("other").setPreviousStatus("pending").setRejectedAt(Instant.now()).build(), // another kind: a6 one by one
                accepted(a7, p3, null, "npq-headship", "2026b", null, false)); // accepted, never submitted here
        return new Scenario(apps, events);
    }

    static List<String> state(Scenario s) {
        List<String> rows = new ArrayList<>();
        for (String app : s.apps()) {
            rows.add(TestDb.string("SELECT coalesce((SELECT concat_ws('|', trn, trn_verified, course_family, cohort, accepted, "
                    + "coalesce(funded_place::text, 'null'), coalesce(eligible_for_funding::text, 'null'), previously_funded) "
                    + "FROM application_funding WHERE application_id = '" + app + "'), 'no history') || ' / ' || "
                    + "coalesce((SELECT concat_ws('|', lead_provider_id, cohort, course_identifier, inputs, rule_set, status_code, eligible, "
                    + "review_required, trace, list_versions, message_key, targeted_delivery_funding, tsf_primary, tsf_primary_plus, "
                    + "review_status, engine_status_code) FROM funding_decision WHERE application_id = '" + app + "'), 'no decision') || ' / ' || "
                    + "(SELECT count(*) || ':' || coalesce(string_agg(payload->>'fundingEligibilityStatusCode', ','), '') FROM outbox_event "
                    + "WHERE aggregateid = '" + app + "' AND type LIKE '%FundingDecisionMade')"));
        }
        return rows;
    }

    static Scenario renamed(Scenario s) {
        // the same events of other applications (the inbox and the decisions are per application)
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < s.apps().size(); i++) apps.add(id());
        List<SpecificRecord> events = new ArrayList<>();
        java.util.Map<String, SpecificRecord> copies = new java.util.HashMap<>(); // a redelivery stays one event
        for (SpecificRecord e : s.events()) {
            String eventId = String.valueOf(e.get(e.getSchema().getField("eventId").pos()));
            SpecificRecord copy = copies.computeIfAbsent(eventId, k -> {
                SpecificRecord c = (SpecificRecord) org.apache.avro.specific.SpecificData.get().deepCopy(e.getSchema(), e);
                String app = String.valueOf(c.get(c.getSchema().getField("applicationId").pos()));
                String other = apps.get(s.apps().indexOf(app));
                c.put(c.getSchema().getField("applicationId").pos(), other);
                c.put(c.getSchema().getField("aggregateId").pos(), other);
                c.put(c.getSchema().getField("eventId").pos(), id());
                return c;
            });
            events.add(copy);
        }
        return new Scenario(apps, events);
    }

    @Test
    void aPollLeavesWhatItsEventsOneByOneLeave() {
        Scenario oneByOne = scenario(), together = renamed(oneByOne);
        String name = "test-" + id();
        for (SpecificRecord e : oneByOne.events()) {
            QuarkusTransaction.requiringNew().run(() -> inbox.applyInOrder(name, List.of(e), consumer::applicationChange));
        }
        QuarkusTransaction.requiringNew().run(() -> inbox.applyTogether(name, together.events(), e -> consumer.applicationChange(e) != null,
                consumer::applyApplications));

        List<String> expected = state(oneByOne);
        assertThat(expected.get(0)).startsWith("1234567|t|").contains("|2026b|t|true|true|f / ").contains(" / 1:");
        assertThat(expected.get(2)).as("the first submission decides").startsWith("7654321|t|").contains("\"trn\": null").contains(" / 1:");
        assertThat(expected.get(3)).contains("|subject_to_review|").endsWith(" / 1:subject_to_review");
        assertThat(expected.get(5)).contains("|2026b|f|null|"); // rejected after its decision
        assertThat(expected.get(6)).endsWith("no decision / 0:");
        assertThat(state(together)).isEqualTo(expected);

        // the poll redelivered (a crash before its offsets were committed): nothing changes, nothing more is published
        QuarkusTransaction.requiringNew().run(() -> assertThat(inbox.applyTogether(name, together.events(),
                e -> consumer.applicationChange(e) != null, consumer::applyApplications)).isZero());
        assertThat(state(together)).isEqualTo(expected);
    }

    @Test
    void aPollOf200CostsTheStatementsOfAPollOf20() {
        String name = "test-statements-" + id();
        List<List<SpecificRecord>> polls = new ArrayList<>();
        for (int size : new int[] {20, 20, 200}) {
            List<SpecificRecord> poll = new ArrayList<>();
            for (int i = 0; i < size / 2; i++) {
                String app = id(), person = id(), cohort = i % 2 == 0 ? "2026b" : "2025a";
                poll.add(submitted(app, person, null, false, false, "npq-headship", cohort, "england", SCHOOL));
                poll.add(accepted(app, person, null, "npq-headship", cohort, true, false));
            }
            polls.add(poll);
        }
        List<List<String>> traced = new ArrayList<>();
        for (List<SpecificRecord> poll : polls) { // the first warms the caches (courses, engine) up
            traced.add(SqlTrace.onThisThread(() -> QuarkusTransaction.requiringNew().run(() -> inbox.applyTogether(name, poll,
                    e -> consumer.applicationChange(e) != null, consumer::applyApplications))));
        }
        List<String> few = traced.get(1), many = traced.get(2);
        assertThat(many).anyMatch(s -> s.startsWith("INSERT INTO funding_decision")); // it traced the work
        String last = String.valueOf(polls.get(2).get(199).get(polls.get(2).get(199).getSchema().getField("applicationId").pos()));
        assertThat(TestDb.count("SELECT count(*) FROM funding_decision d JOIN application_funding f USING (application_id) "
                + "WHERE application_id = '" + last + "' AND f.accepted AND f.funded_place AND f.eligible_for_funding = d.eligible")).isEqualTo(1);
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event WHERE aggregateid = '" + last + "' AND type LIKE '%FundingDecisionMade'")).isEqualTo(1);
        assertThat(many).as("statements of a poll of 200 events").hasSameSizeAs(few).hasSizeLessThanOrEqualTo(11);
    }
}
