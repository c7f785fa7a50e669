package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.ApplicationLifecycleTest.expect422;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;
import static uk.npq.registration.Fixtures.accept;
import static uk.npq.registration.Fixtures.action;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.declaration;
import static uk.npq.registration.Fixtures.person;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.FeedSync;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.registration.domain.Messages;
import uk.npq.registration.domain.TrainingReasons;

/** participants/npq: reads, defer / resume / withdraw (c2) and change-schedule (f6, d5), with real tokens. */
@QuarkusTest
class ParticipantTest {
    static final ContractValidator CONTRACT = ContractValidator.forService("registration-service");
    static final String STARTED = "2026-10-01T10:00:00Z";

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    /** An accepted application of a new verified person with LP A; returns {person, application}. */
    static UUID[] accepted(String course, String cohort, Boolean fundedPlace) {
        UUID p = person(randomTrn(), true);
        UUID app = application(p, LP_A, course, cohort, true);
        as(LP_A).body(accept(fundedPlace, null)).post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(200);
        return new UUID[] {p, app};
    }

    static io.restassured.response.Response put(String lp, UUID participant, String verb, String type, String attributes) {
        return as(lp).body(action(type, attributes)).put("/api/v3/participants/npq/" + participant + "/" + verb);
    }

    @Test
    void aParticipantShowsItsEnrolmentsWithThisProviderOnly() {
        UUID[] pa = accepted("npq-headship", "2026b", true);
        UUID other = application(pa[0], LP_B, "npq-leading-teaching", "2026b", true); // pending with B: not a participant of B
        var r = as(LP_A).get("/api/v3/participants/npq/" + pa[0]);
        r.then().statusCode(200).body("data.type", equalTo("npq-participant"))
                .body("data.attributes.npq_enrolments", hasSize(1))
                .body("data.attributes.npq_enrolments[0].npq_application_id", equalTo(pa[1].toString()))
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("active"))
                .body("data.attributes.npq_enrolments[0].schedule_identifier", equalTo("npq-leadership-autumn"))
                .body("data.attributes.npq_enrolments[0].funded_place", equalTo(true))
                .body("data.attributes.npq_enrolments[0].withdrawal", nullValue())
                .body("data.attributes.teacher_reference_number", notNullValue());
        CONTRACT.assertResponse("GET", "/api/v3/participants/npq/" + pa[0], r);
        as(LP_B).get("/api/v3/participants/npq/" + pa[0]).then().statusCode(404);
        assertThat(other).isNotNull();
        var list = as(LP_A).get("/api/v3/participants/npq?filter[training_status]=active&page[per_page]=3000");
        list.then().statusCode(200);
        assertThat(list.<List<String>>path("data.id")).contains(pa[0].toString());
        CONTRACT.assertResponse("GET", "/api/v3/participants/npq", list);
        assertThat(as(LP_B).get("/api/v3/participants/npq?page[per_page]=3000").<List<String>>path("data.id"))
                .doesNotContain(pa[0].toString());
        as(LP_A).get("/api/v3/participants/npq?filter[training_status]=paused").then().statusCode(422)
                .body("errors.title", hasItem("Unpermitted parameters"))
                .body("errors.detail", hasItem("The filter '#/training_status' must be [\"active\", \"deferred\", \"withdrawn\"]"));
    }

    @Test
    void deferNeedsAReasonFromTheListAndADeclarationAndRecordsTheDate() {
        UUID[] pa = accepted("npq-headship", "2026b", true);
        String body = "\"course_identifier\":\"npq-headship\",\"reason\":\"%s\"";
        expect422(put(LP_A, pa[0], "defer", "participant-defer", body.formatted("parental-leave")),
                "participant_id", Messages.DEFER_NO_DECLARATIONS);
        declaration(pa[1], "started", "submitted", Instant.parse(STARTED));
        expect422(put(LP_A, pa[0], "defer", "participant-defer", body.formatted("holiday")), "reason", Messages.REASON_INVALID);
        expect422(put(LP_A, pa[0], "defer", "participant-defer", "\"course_identifier\":\"npq-headship\""), "reason", Messages.REASON_INVALID);
        expect422(put(LP_A, pa[0], "defer", "participant-defer", "\"course_identifier\":\"npq-juggling\",\"reason\":\"other\""),
                "course_identifier", Messages.COURSE_NOT_FOUND);
        expect422(put(LP_A, pa[0], "defer", "participant-defer", "\"course_identifier\":\"npq-senco\",\"reason\":\"other\""),
                "participant_id", Messages.NO_ACCEPTED_APPLICATION);
        var r = put(LP_A, pa[0], "defer", "participant-defer", body.formatted("parental-leave"));
        r.then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("deferred"))
                .body("data.attributes.npq_enrolments[0].deferral.reason", equalTo("parental-leave"))
                .body("data.attributes.npq_enrolments[0].deferral.date", notNullValue());
        CONTRACT.assertResponse("PUT", "/api/v3/participants/npq/" + pa[0] + "/defer", r);
        expect422(put(LP_A, pa[0], "defer", "participant-defer", body.formatted("parental-leave")), "participant_id", Messages.ALREADY_DEFERRED);
        var e = (TrainingStatusChanged) TestKafka.awaitRecord(Topics.APPLICATION,
                rec -> pa[1].toString().equals(rec.key()) && rec.value() instanceof TrainingStatusChanged t
                        && t.getTrainingStatus().equals("deferred"), Duration.ofSeconds(30)).value();
        assertThat(e.getReason()).isEqualTo("parental-leave");
        assertThat(e.getPreviousTrainingStatus()).isEqualTo("active");

        put(LP_A, pa[0], "resume", "participant-resume", "\"course_identifier\":\"npq-headship\"").then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("active"))
                .body("data.attributes.npq_enrolments[0].deferral", nullValue());
        expect422(put(LP_A, pa[0], "resume", "participant-resume", "\"course_identifier\":\"npq-headship\""),
                "participant_id", Messages.ALREADY_ACTIVE);
    }

    @Test
    void everyDeferralAndWithdrawalReasonIsAccepted() {
        for (String reason : TrainingReasons.DEFERRAL) {
            UUID[] pa = accepted("npq-leading-teaching", "2026b", true);
            declaration(pa[1], "started", "eligible", Instant.parse(STARTED));
            put(LP_A, pa[0], "defer", "participant-defer", "\"course_identifier\":\"npq-leading-teaching\",\"reason\":\"" + reason + "\"")
                    .then().statusCode(200).body("data.attributes.npq_enrolments[0].deferral.reason", equalTo(reason));
        }
        assertThat(TrainingReasons.WITHDRAWAL).hasSize(21).contains("quality-of-programme-structure-not-suitable.");
        UUID[] pa = accepted("npq-leading-teaching", "2026b", true);
        declaration(pa[1], "started", "eligible", Instant.parse(STARTED));
        for (String reason : TrainingReasons.WITHDRAWAL) {
            put(LP_A, pa[0], "withdraw", "participant-withdraw", "\"course_identifier\":\"npq-leading-teaching\",\"reason\":\"" + reason + "\"")
                    .then().statusCode(200).body("data.attributes.npq_enrolments[0].withdrawal.reason", equalTo(reason));
            put(LP_A, pa[0], "resume", "participant-resume", "\"course_identifier\":\"npq-leading-teaching\"").then().statusCode(200);
        }
    }

    @Test
    void withdrawNeedsAStartedDeclarationEvenAVoidedOneAndIsFinalUntilResumed() {
        UUID[] pa = accepted("npq-headship", "2026b", true);
        String body = "\"course_identifier\":\"npq-headship\",\"reason\":\"change-in-career\"";
        UUID retained = declaration(pa[1], "retained-1", "submitted", Instant.parse(STARTED));
        expect422(put(LP_A, pa[0], "withdraw", "participant-withdraw", body), "participant_id", Messages.WITHDRAW_NOT_STARTED);
        assertThat(retained).isNotNull();
        declaration(pa[1], "started", "voided", Instant.parse(STARTED));
        expect422(put(LP_A, pa[0], "withdraw", "participant-withdraw", "\"course_identifier\":\"npq-headship\",\"reason\":\"bored\""),
                "reason", Messages.REASON_INVALID);
        put(LP_A, pa[0], "withdraw", "participant-withdraw", body).then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("withdrawn"))
                .body("data.attributes.npq_enrolments[0].withdrawal.reason", equalTo("change-in-career"))
                .body("data.attributes.npq_enrolments[0].withdrawal.date", notNullValue());
        expect422(put(LP_A, pa[0], "withdraw", "participant-withdraw", body), "participant_id", Messages.ALREADY_WITHDRAWN);
        expect422(put(LP_A, pa[0], "defer", "participant-defer", "\"course_identifier\":\"npq-headship\",\"reason\":\"other\""),
                "participant_id", Messages.ALREADY_WITHDRAWN);
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-headship\",\"schedule_identifier\":\"npq-leadership-spring\",\"cohort\":\"2025\""),
                "participant_id", Messages.ALREADY_WITHDRAWN);
        // resuming a withdrawn participant has been allowed since August 2023 (c2)
        put(LP_A, pa[0], "resume", "participant-resume", "\"course_identifier\":\"npq-headship\"").then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("active"));
        assertThat(TestDb.count("SELECT count(*) FROM registration.application_state WHERE application_id = '" + pa[1] + "'")).isEqualTo(3);
    }

    @Test
    void changeScheduleFollowsF6() {
        UUID[] pa = accepted("npq-headship", "2026b", true);
        String course = "\"course_identifier\":\"npq-headship\",";
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule", course + "\"schedule_identifier\":\"\""),
                "schedule_identifier", Messages.SCHEDULE_BLANK);
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule", course + "\"schedule_identifier\":\"npq-leadership-winter\""),
                "schedule_identifier", Messages.SCHEDULE_BLANK);
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule", course + "\"schedule_identifier\":\"npq-leadership-autumn\""),
                "schedule_identifier", Messages.SCHEDULE_UNCHANGED);
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule", course + "\"schedule_identifier\":\"npq-specialist-autumn\""),
                "schedule_identifier", Messages.SCHEDULE_WRONG_COURSE);
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                course + "\"schedule_identifier\":\"npq-leadership-spring\",\"cohort\":\"twenty\""), "cohort", Messages.COHORT_INVALID);
        // lead provider A has no contract for headship in 2023a (the fixtures' funding data)
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                course + "\"schedule_identifier\":\"npq-leadership-spring\",\"cohort\":\"2023\""), "cohort", Messages.NO_CONTRACT_FOR_COHORT);
        // capped (2026b) to capped (2025a): allowed without declarations; funded place kept
        var r = put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                course + "\"schedule_identifier\":\"npq-leadership-spring\",\"cohort\":\"2025\"");
        r.then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].schedule_identifier", equalTo("npq-leadership-spring"))
                .body("data.attributes.npq_enrolments[0].cohort", equalTo("2025"))
                .body("data.attributes.npq_enrolments[0].funded_place", equalTo(true));
        CONTRACT.assertResponse("PUT", "/api/v3/participants/npq/" + pa[0] + "/change-schedule", r);
        var e = (ScheduleChanged) TestKafka.awaitRecord(Topics.APPLICATION,
                rec -> pa[1].toString().equals(rec.key()) && rec.value() instanceof ScheduleChanged, Duration.ofSeconds(30)).value();
        assertThat(e.getPreviousCohort()).isEqualTo("2026b");
        assertThat(e.getCohort()).isEqualTo("2025a");
        // a declaration dated before the new schedule's applies_from would be invalidated; one in the cohort blocks a cohort move
        declaration(pa[1], "started", "eligible", Instant.parse("2025-03-01T10:00:00Z"));
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                course + "\"schedule_identifier\":\"npq-leadership-autumn\",\"cohort\":\"2025\""),
                "schedule_identifier", Messages.SCHEDULE_INVALID_FOR_DECLARATIONS);
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                course + "\"schedule_identifier\":\"npq-leadership-autumn\",\"cohort\":\"2026b\""),
                "schedule_identifier", Messages.SCHEDULE_INVALID_FOR_DECLARATIONS);
    }

    @Test
    void aDeclarationOfATypeTheNewScheduleDoesNotAllowBlocksTheChange() {
        UUID[] pa = accepted("npq-leading-teaching", "2026b", true);
        declaration(pa[1], "started", "submitted", Instant.parse("2026-09-01T10:00:00Z"));
        UUID later = declaration(pa[1], "retained-2", "submitted", Instant.parse("2026-10-01T10:00:00Z")); // not a specialist type
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-leading-teaching\",\"schedule_identifier\":\"npq-specialist-spring\",\"cohort\":\"2026a\""),
                "schedule_identifier", Messages.SCHEDULE_INVALID_FOR_DECLARATIONS);
        Fixtures.declarationState(later, pa[1], "retained-2", "voided");
        expect422(put(LP_A, pa[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-leading-teaching\",\"schedule_identifier\":\"npq-specialist-spring\",\"cohort\":\"2026a\""),
                "cohort", Messages.COHORT_WITH_DECLARATIONS);
    }

    @Test
    void cohortMovesFollowTheFundingRulesOfD5() {
        // capped 2026b -> zero 2026a: funded place becomes false
        UUID[] capped = accepted("npq-leading-teaching", "2026b", true);
        put(LP_A, capped[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-leading-teaching\",\"schedule_identifier\":\"npq-specialist-spring\",\"cohort\":\"2026a\"")
                .then().statusCode(200).body("data.attributes.npq_enrolments[0].funded_place", equalTo(false))
                .body("data.attributes.npq_enrolments[0].cohort_suffix", equalTo("a"));
        // zero 2026a -> capped 2026b is refused
        expect422(put(LP_A, capped[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-leading-teaching\",\"schedule_identifier\":\"npq-specialist-autumn\",\"cohort\":\"2026b\""),
                "cohort", Messages.ZERO_TO_FUNDED);
        // capped -> full (2023a) is refused
        UUID[] other = accepted("npq-leading-teaching", "2026b", true);
        expect422(put(LP_A, other[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-leading-teaching\",\"schedule_identifier\":\"npq-specialist-spring\",\"cohort\":\"2023\""),
                "cohort", Messages.COHORT_FUNDING_REFUSED);
        // full 2023a -> capped 2025a: funded place = eligible_for_funding
        UUID[] full = accepted("npq-leading-teaching", "2023a", null);
        put(LP_A, full[0], "change-schedule", "participant-change-schedule",
                "\"course_identifier\":\"npq-leading-teaching\",\"schedule_identifier\":\"npq-specialist-autumn\",\"cohort\":\"2025\"")
                .then().statusCode(200).body("data.attributes.npq_enrolments[0].funded_place", equalTo(true));
    }

    /** A person with an application accepted by {@code lp} (arranged in SQL), created at 2026-01-01 + minute. */
    static UUID participant(String lp, int minute) {
        UUID p = person(randomTrn(), true), app = application(p, lp, "npq-headship", "2026b", true);
        String at = "timestamptz '2026-01-01 00:00:00+00' + interval '" + minute + " minutes'";
        TestDb.execute("UPDATE registration.person SET created_at = " + at + ", updated_at = " + at + ", significantly_updated_at = "
                + at + " WHERE id = '" + p + "'");
        TestDb.execute("UPDATE registration.application SET status = 'accepted', accepted_at = " + at + ", training_status = 'active', "
                + "schedule_identifier = 'npq-leadership-autumn', funded_place = true, created_at = " + at + ", updated_at = " + at
                + " WHERE id = '" + app + "'");
        return p;
    }

    @Test
    void updatedSinceSeesAChangeOfAnyOfThePersonsApplicationsAndACursorSyncNeitherSkipsNorRepeats() {
        String lp = UUID.randomUUID().toString();
        List<String> before = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) before.add(participant(lp, i).toString());
        assertThat(as(lp).get("/api/v3/participants/npq?filter[updated_since]=2026-02-01T00:00:00Z").<List<String>>path("data.id")).isEmpty();
        // a change to the person's application with another provider counts (g2)
        UUID elsewhere = application(UUID.fromString(before.get(2)), LP_B, "npq-leading-teaching", "2026b", true);
        TestDb.execute("UPDATE registration.application SET updated_at = timestamptz '2026-03-01 00:00:00+00' WHERE id = '" + elsewhere + "'");
        assertThat(as(lp).get("/api/v3/participants/npq?filter[updated_since]=2026-02-01T00:00:00Z").<List<String>>path("data.id"))
                .containsExactly(before.get(2));

        // by cursor: every participant once, then each change (a new participant, a changed person) once more
        FeedSync sync = feed(lp).until(before);
        assertThat(sync.seen()).containsExactlyInAnyOrderElementsOf(before);
        String added = participant(lp, 100).toString();
        TestDb.execute("UPDATE registration.person SET significantly_updated_at = now() WHERE id = '" + before.get(0) + "'");
        sync.until(7);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen().subList(5, 7)).containsExactly(added, before.get(0));
    }

    static FeedSync feed(String lp) {
        return new FeedSync(cursor -> as(lp).queryParam("page[per_page]", 2).queryParam("page[cursor]", cursor).get("/api/v3/participants/npq"));
    }

    @Test
    void aParticipantAcceptedDuringASyncIsServedOnceWhenTheAcceptanceCommitsAndNothingIsSkipped() {
        String lp = UUID.randomUUID().toString();
        List<String> before = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) before.add(participant(lp, i).toString());
        UUID person = person(randomTrn(), true), pending = application(person, lp, "npq-headship", "2026b", true);
        FeedSync sync = feed(lp);
        String later;
        // without a funded place: two funded acceptances of one provider's course are serialised on its funded-place
        // counter (V15) until the first commits, so they could not commit out of order as these two must
        try (TestDb.Held tx = TestDb.hold().execute("UPDATE registration.application SET status = 'accepted', accepted_at = now(), "
                + "training_status = 'active', schedule_identifier = 'npq-leadership-autumn', funded_place = false, updated_at = now() "
                + "WHERE id = '" + pending + "'")) {
            later = participant(lp, 200).toString(); // accepted after the held acceptance began, committed before it
            sync.until(before);
            assertThat(sync.seen()).containsExactlyElementsOf(before);
            tx.commit();
        }
        sync.until(5);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(before.get(0), before.get(1), before.get(2), person.toString(), later);
    }

    @Test
    void aChangeOfAParticipantsApplicationHeldOpenAcrossASyncMovesItOnceAndALaterCommitWaitsForIt() {
        String lp = UUID.randomUUID().toString();
        String a = participant(lp, 1).toString(), b = participant(lp, 2).toString();
        FeedSync sync = feed(lp).until(List.of(a, b));
        try (TestDb.Held older = TestDb.hold().execute("UPDATE registration.application SET training_status = 'deferred', updated_at = now() "
                + "WHERE person_id = '" + b + "'");
             TestDb.Held younger = TestDb.hold().execute("UPDATE registration.person SET significantly_updated_at = now() WHERE id = '" + a + "'")) {
            younger.commit();
            assertThat(sync.toEnd()).as("the younger change waits behind the older open one").isEmpty();
            older.commit();
        }
        sync.until(4);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(a, b, b, a);
        // another provider's sync sees none of them, from the start or from this provider's cursor
        String other = UUID.randomUUID().toString();
        assertThat(feed(other).toEnd()).isEmpty();
        assertThat(feed(other).from(sync.cursor()).toEnd()).isEmpty();
        as(lp).queryParam("page[cursor]", "garbled").get("/api/v3/participants/npq").then().statusCode(400)
                .contentType("application/problem+json").body("errors.title", hasItem("page[cursor]"));
    }

    @Test
    void anotherLeadProviderGets404OnEveryParticipantEndpointAndChangesNothing() {
        UUID[] pa = accepted("npq-headship", "2026b", true);
        declaration(pa[1], "started", "eligible", Instant.parse(STARTED));
        String course = "\"course_identifier\":\"npq-headship\"";
        as(LP_B).get("/api/v3/participants/npq/" + pa[0]).then().statusCode(404);
        put(LP_B, pa[0], "defer", "participant-defer", course + ",\"reason\":\"other\"").then().statusCode(404);
        put(LP_B, pa[0], "withdraw", "participant-withdraw", course + ",\"reason\":\"other\"").then().statusCode(404);
        put(LP_B, pa[0], "resume", "participant-resume", course).then().statusCode(404);
        put(LP_B, pa[0], "change-schedule", "participant-change-schedule", course + ",\"schedule_identifier\":\"npq-leadership-spring\"")
                .then().statusCode(404);
        assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + pa[1]
                + "' AND training_status = 'active' AND schedule_identifier = 'npq-leadership-autumn'")).isEqualTo(1);
        given().get("/api/v3/participants/npq").then().statusCode(401);
        put(LP_A, UUID.randomUUID(), "defer", "participant-defer", course + ",\"reason\":\"other\"").then().statusCode(404);
        as(LP_A).body("{\"data\":{}}").put("/api/v3/participants/npq/" + pa[0] + "/defer").then().statusCode(400)
                .body("errors.detail", hasItem("correct json data structure required. See API docs for reference"));
    }
}
