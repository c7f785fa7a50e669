package uk.npq.assessment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.domain.OutcomeMessages;
import uk.npq.assessment.service.Outcomes;
import uk.npq.contracts.Topics;
import uk.npq.contracts.assessment.OutcomeRecorded;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.engagement.DeclarationVoided;
import uk.npq.contracts.engagement.EngagementChanged;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/** Outcomes (c5, f6) through the DfE v3 endpoints and from declarations and marking; qualifications (e4). */
@QuarkusTest
class OutcomeTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";
    static final ContractValidator CONTRACT = ContractValidator.forService("assessment-service");

    static {
        // every response to /api/ in these tests must match our OpenAPI document
        io.restassured.RestAssured.filters(CONTRACT.filter());
        Fixtures.courses();
    }

    @Inject Outcomes outcomes;

    static RequestSpecification as(String lp) {
        return given().auth().oauth2(TestTokens.leadProvider(lp)).contentType("application/json");
    }

    /** An application accepted by {@code lp}, through registration's event; returns {participant, application}. */
    static String[] accepted(String lp, String course, String trn) {
        String app = UUID.randomUUID().toString(), person = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, app, ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(app).setApplicationId(app).setParticipantId(person).setTrn(trn)
                .setCourseIdentifier(course).setCohort("2026b").setLeadProviderId(lp).setFundedPlace(true)
                .setScheduleIdentifier("npq-leadership-autumn").setAcceptedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM candidate WHERE application_id = '" + app
                + "' AND status = 'accepted'") == 1);
        return new String[] {person, app};
    }

    /** A completed declaration by engagement-service's event; returns its id. */
    static String completed(String[] pa, String lp, String course, Boolean hasPassed, String date) {
        String id = UUID.randomUUID().toString();
        TestKafka.send(Topics.DECLARATION, id, DeclarationSubmitted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setDeclarationId(id).setApplicationId(pa[1]).setParticipantId(pa[0])
                .setLeadProviderId(lp).setCourseIdentifier(course).setCohort("2026b").setDeclarationType("completed")
                .setDeclarationDate(Instant.parse(date)).setState("eligible").setHasPassed(hasPassed).setDerived(false)
                .setSubmittedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM completed_declaration WHERE declaration_id = '"
                + id + "'") == 1);
        return id;
    }

    static String body(String course, String state, String date) {
        return "{\"data\":{\"type\":\"npq-outcome-confirmation\",\"attributes\":{\"course_identifier\":" + (course == null ? "null" : "\"" + course + "\"")
                + ",\"state\":" + (state == null ? "null" : "\"" + state + "\"") + ",\"completion_date\":" + (date == null ? "null" : "\"" + date + "\"") + "}}}";
    }

    static Response post(String lp, String participant, String body) {
        return as(lp).body(body).post("/api/v3/participants/npq/" + participant + "/outcomes");
    }

    static void expect422(Response r, String title, String detail) {
        r.then().statusCode(422).body("errors.title", hasItem(title)).body("errors.detail", hasItem(detail));
    }

    static long outcomeCount(String participant) {
        return TestDb.count("SELECT count(*) FROM participant_outcome WHERE participant_id = '" + participant + "'");
    }

    @Test
    void aCompletedDeclarationWithHasPassedRecordsTheFirstOutcomeDatedItsLondonDay() {
        String[] pa = accepted(LP_A, "npq-senior-leadership", null);
        completed(pa, LP_A, "npq-senior-leadership", true, "2026-07-01T23:30:00Z"); // 2 July in London (BST)
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomeCount(pa[0]) == 1);
        var r = as(LP_A).get("/api/v3/participants/npq/" + pa[0] + "/outcomes");
        r.then().statusCode(200).body("data", hasSize(1)).body("data[0].type", equalTo("participant-outcome"))
                .body("data[0].attributes.state", equalTo("passed"))
                .body("data[0].attributes.completion_date", equalTo("2026-07-02T00:00:00+00:00"))
                .body("data[0].attributes.course_identifier", equalTo("npq-senior-leadership"));
        CONTRACT.assertResponse("GET", "/api/v3/participants/npq/" + pa[0] + "/outcomes", r);
        var e = (OutcomeRecorded) TestKafka.awaitRecord(Topics.OUTCOME, rec -> pa[1].equals(rec.key()), Duration.ofSeconds(30)).value();
        assertThat(e.getSource()).isEqualTo("declaration");
        assertThat(e.getCompletionDate()).isEqualTo(LocalDate.parse("2026-07-02"));

        // EHCO has no outcomes (f1)
        String[] ehco = accepted(LP_A, "npq-early-headship-coaching-offer", null);
        completed(ehco, LP_A, "npq-early-headship-coaching-offer", null, "2026-07-01T10:00:00Z");
        assertThat(outcomeCount(ehco[0])).isZero();
    }

    @Test
    void postingAnOutcomeFollowsC5AndTheDfeTexts() {
        String[] pa = accepted(LP_A, "npq-headship", null);
        expect422(post(LP_A, pa[0], body("npq-headship", "passed", "2026-07-01")), "base", OutcomeMessages.NO_COMPLETED_DECLARATION);
        completed(pa, LP_A, "npq-headship", null, "2026-07-01T10:00:00Z");
        var blank = post(LP_A, pa[0], body(null, null, null));
        expect422(blank, "course_identifier", OutcomeMessages.COURSE_BLANK);
        expect422(blank, "course_identifier", OutcomeMessages.COURSE_UNKNOWN);
        expect422(blank, "state", OutcomeMessages.STATE_BLANK);
        expect422(blank, "completion_date", OutcomeMessages.DATE_BLANK);
        expect422(post(LP_A, pa[0], body("npq-headship", "voided", "2026-07-01")), "state", OutcomeMessages.STATE_INVALID);
        expect422(post(LP_A, pa[0], body("npq-early-headship-coaching-offer", "passed", "2026-07-01")), "course_identifier",
                OutcomeMessages.COURSE_UNKNOWN);
        for (String bad : List.of("01/07/2026", "2026-7-1", "2026-13-01", "2026-02-30")) {
            expect422(post(LP_A, pa[0], body("npq-headship", "passed", bad)), "completion_date", OutcomeMessages.DATE_INVALID);
        }
        expect422(post(LP_A, pa[0], body("npq-headship", "passed", LocalDate.now().plusDays(2).toString())), "completion_date",
                OutcomeMessages.DATE_IN_FUTURE);
        assertThat(outcomeCount(pa[0])).isZero();

        String failed = post(LP_A, pa[0], body("npq-headship", "failed", "2026-07-01")).then().statusCode(200)
                .body("data.attributes.state", equalTo("failed")).extract().path("data.id");
        // an identical re-post returns the existing outcome
        post(LP_A, pa[0], body("npq-headship", "failed", "2026-07-01")).then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("data.id", equalTo(failed));
        String passed = post(LP_A, pa[0], body("npq-headship", "passed", "2026-09-01")).then().statusCode(200)
                .body("data.attributes.state", equalTo("passed")).extract().path("data.id");
        // a pass after a pass returns the existing pass whatever the date
        post(LP_A, pa[0], body("npq-headship", "passed", "2026-10-01")).then().statusCode(200).body("data.id", equalTo(passed));
        assertThat(outcomeCount(pa[0])).isEqualTo(2);
        // another provider: the participant is not its own
        post(LP_B, pa[0], body("npq-headship", "passed", "2026-09-01")).then().statusCode(404);
        as(LP_B).get("/api/v3/participants/npq/" + pa[0] + "/outcomes").then().statusCode(404);
        assertThat(as(LP_B).get("/api/v3/participants/npq/outcomes?page[per_page]=3000").<List<String>>path("data.id")).doesNotContain(passed);
        assertThat(as(LP_A).get("/api/v3/participants/npq/outcomes?page[per_page]=3000").<List<String>>path("data.id")).contains(failed, passed);
    }

    /**
     * The DfE document's example of completion_date is a date-time (2021-05-31T00:00:00+00:00) and the DfE takes a value
     * that starts with a day, so a client written from the document may send one: its day is the completion date.
     */
    @Test
    void aCompletionDateWrittenAsTheDfeDocumentsExampleIsTakenAsItsDay() {
        String[] pa = accepted(LP_A, "npq-headship", null);
        completed(pa, LP_A, "npq-headship", null, "2026-07-01T10:00:00Z");
        for (String bad : List.of("2026-07-03T25:00:00Z", "2026-07-03T00:00:00", "2026-07-03 00:00:00Z", "2026-07-03Tnoon")) {
            expect422(post(LP_A, pa[0], body("npq-headship", "failed", bad)), "completion_date", OutcomeMessages.DATE_INVALID);
        }
        post(LP_A, pa[0], body("npq-headship", "failed", "2026-07-03T00:00:00+00:00")).then().statusCode(200)
                .body("data.attributes.completion_date", equalTo("2026-07-03T00:00:00+00:00"));
        post(LP_A, pa[0], body("npq-headship", "passed", "2026-07-04T09:30:00Z")).then().statusCode(200)
                .body("data.attributes.completion_date", equalTo("2026-07-04T00:00:00+00:00"));
    }

    @Test
    void aVoidedCompletedDeclarationAppendsVoidedOnce() {
        String[] pa = accepted(LP_A, "npq-leading-literacy", null);
        String declaration = completed(pa, LP_A, "npq-leading-literacy", true, "2026-07-01T10:00:00Z");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomeCount(pa[0]) == 1);
        for (int i = 0; i < 2; i++) {
            TestKafka.send(Topics.DECLARATION, declaration, DeclarationVoided.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setAggregateId(declaration).setDeclarationId(declaration).setApplicationId(pa[1])
                    .setParticipantId(pa[0]).setLeadProviderId(LP_A).setCourseIdentifier("npq-leading-literacy").setDeclarationType("completed")
                    .setPreviousState(i == 0 ? "eligible" : "voided").setState("voided").setVoidedAt(Instant.now()).build());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM completed_declaration WHERE declaration_id = '"
                + declaration + "' AND state = 'voided'") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomeCount(pa[0]) == 2);
        as(LP_A).get("/api/v3/participants/npq/" + pa[0] + "/outcomes").then().body("data.attributes.state", contains("passed", "voided"));
        // and an outcome can no longer be posted on it
        expect422(post(LP_A, pa[0], body("npq-leading-literacy", "passed", "2026-07-01")), "base", OutcomeMessages.NO_COMPLETED_DECLARATION);
    }

    @Test
    void aFinalMarkingResultBecomesTheOutcomeEvenWhenItComesBeforeTheDeclaration() {
        String[] pa = accepted(LP_A, "npq-leading-teaching", null);
        QuarkusTransaction.requiringNew().run(() -> outcomes.recordFinalResult(UUID.fromString(pa[1]), false, LocalDate.parse("2026-06-20")));
        assertThat(outcomeCount(pa[0])).isZero();
        completed(pa, LP_A, "npq-leading-teaching", null, "2026-07-01T10:00:00Z");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomeCount(pa[0]) == 1);
        as(LP_A).get("/api/v3/participants/npq/" + pa[0] + "/outcomes").then()
                .body("data[0].attributes.state", equalTo("failed"))
                .body("data[0].attributes.completion_date", equalTo("2026-06-20T00:00:00+00:00"));
        // a resit passed later: the final result of the resit is a new outcome; the same result again adds nothing
        QuarkusTransaction.requiringNew().run(() -> outcomes.recordFinalResult(UUID.fromString(pa[1]), true, LocalDate.parse("2026-10-20")));
        QuarkusTransaction.requiringNew().run(() -> outcomes.recordFinalResult(UUID.fromString(pa[1]), true, LocalDate.parse("2026-10-20")));
        as(LP_A).get("/api/v3/participants/npq/" + pa[0] + "/outcomes").then().body("data.attributes.state", contains("failed", "passed"));
    }

    @Test
    void qualificationsAreThePassesOfATrnNewestFirstWithoutDuplicates() {
        String trn = String.valueOf(2_000_000 + (int) (Math.random() * 7_000_000));
        String[] first = accepted(LP_A, "npq-leading-teaching", trn);
        completed(first, LP_A, "npq-leading-teaching", true, "2025-07-01T10:00:00Z");
        String[] second = accepted(LP_B, "npq-headship", trn);
        completed(second, LP_B, "npq-headship", false, "2026-07-01T10:00:00Z");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomeCount(second[0]) == 1);
        post(LP_B, second[0], body("npq-headship", "passed", "2026-09-01")).then().statusCode(200);
        post(LP_B, second[0], body("npq-headship", "failed", "2026-09-02")).then().statusCode(200); // a pass stays a qualification
        var admin = given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of()));
        var r = admin.get("/api/v1/qualifications/" + trn);
        r.then().statusCode(200).body("data.trn", equalTo(trn))
                .body("data.qualifications.npq_type", contains("NPQH", "NPQLT"))
                .body("data.qualifications.award_date", contains("2026-09-01", "2025-07-01"));
        CONTRACT.assertResponse("GET", "/api/v1/qualifications/" + trn, r);
        given().auth().oauth2(TestTokens.token("reporting", List.of("reporting"), Map.of()))
                .get("/api/teacher-record-service/v1/qualifications/" + trn).then().statusCode(200)
                .body("data.qualifications", hasSize(2));
        as(LP_A).get("/api/v1/qualifications/" + trn).then().statusCode(403);
        admin.get("/api/v1/qualifications/12345").then().statusCode(422);
        admin.get("/api/v1/qualifications/9999999").then().statusCode(200).body("data.qualifications", hasSize(0));
    }

    @Test
    void aRetiredParticipantIdAnswers410WithItsReplacement() {
        String[] pa = accepted(LP_A, "npq-headship", null);
        String retired = UUID.randomUUID().toString();
        TestKafka.send(Topics.PARTICIPANT, pa[0], ParticipantIdChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(pa[0]).setFromParticipantId(retired).setToParticipantId(pa[0])
                .setMovedApplicationIds(List.of()).setChangedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM participant_id_change WHERE from_participant_id = '"
                + retired + "'") == 1);
        var gone = as(LP_A).get("/api/v3/participants/npq/" + retired + "/outcomes");
        gone.then().statusCode(410).body("errors[0].title", equalTo("Participant ID has been changed"))
                .body("errors[0].participant_id_changes[0].to_participant_id", equalTo(pa[0]));
        CONTRACT.assertResponse("GET", "/api/v3/participants/npq/" + retired + "/outcomes", gone);
        as(LP_A).get("/api/v3/participants/npq/outcomes?filter[created_since]=yesterday").then().statusCode(400)
                .body("errors.detail", hasItem("The filter '#/created_since' must be a valid ISO 8601 date"));
        given().get("/api/v3/participants/npq/outcomes").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("school", List.of("school"), Map.of("school_urn", "100001")))
                .get("/api/v3/participants/npq/outcomes").then().statusCode(403);
    }

    @Test
    void theCandidateFollowsTrainingStatusAndEngagement() {
        String[] pa = accepted(LP_A, "npq-headship", null);
        String hub = UUID.randomUUID().toString();
        TestKafka.send(Topics.ENGAGEMENT, pa[0], EngagementChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(pa[0]).setParticipantId(pa[0]).setApplicationId(pa[1]).setLeadProviderId(LP_A)
                .setDeliveryPartnerId(hub).setCourseIdentifier("npq-headship").setCohort("2026b").setAttendedMinutes(540)
                .setRequiredMinutesToDate(600).setCourseMinutes(600).setAttendedUnits(0).setRequiredUnitsToDate(0).setCourseUnits(0)
                .setPercentToDate("90.00").setPercentOfCourse("90.00").setThresholdPercent("90").setMeetsThreshold(true).setAtRisk(false)
                .setCalculatedAt(Instant.now()).build());
        TestKafka.send(Topics.APPLICATION, pa[1], TrainingStatusChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(pa[1]).setApplicationId(pa[1]).setParticipantId(pa[0])
                .setCourseIdentifier("npq-headship").setCohort("2026b").setLeadProviderId(LP_A).setTrainingStatus("deferred")
                .setPreviousTrainingStatus("active").setReason("parental-leave").setChangedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM candidate WHERE application_id = '" + pa[1]
                + "' AND meets_threshold AND NOT at_risk AND delivery_partner_id = '" + hub + "' AND training_status = 'deferred' "
                + "AND percent_of_course = " + new BigDecimal("90.00")) == 1);
    }
}
