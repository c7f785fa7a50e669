package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.ApplicationLifecycleTest.expect422;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;
import static uk.npq.registration.Fixtures.accept;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.declaration;
import static uk.npq.registration.Fixtures.person;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;
import uk.npq.registration.domain.Messages;

/**
 * The admin's transitions (npq-domain.md c1, c2): revert to pending (one, a list, a CSV), reject the pending
 * applications of a finished recruitment round as registration_expired, change a participant's training status;
 * with real tokens, the real declaration copy fed by engagement's events, and the events registration publishes.
 */
@QuarkusTest
class AdminApplicationTest {
    static final String STARTED = "2026-10-01T10:00:00Z";
    static final String BASE = "/api/v1/admin/applications";

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("application/json");
    }

    /** A new verified person's application with LP A, accepted by LP A with a funded place (2026b is capped). */
    static UUID accepted(String course) {
        UUID app = application(person(randomTrn(), true), LP_A, course, "2026b", true);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(200);
        return app;
    }

    static UUID participantOf(UUID application) {
        return UUID.fromString(TestDb.string("SELECT person_id::text FROM registration.application WHERE id = '" + application + "'"));
    }

    static String column(UUID application, String column) {
        return TestDb.string("SELECT coalesce(" + column + "::text, 'NULL') FROM registration.application WHERE id = '" + application + "'");
    }

    static long states(UUID application) {
        return TestDb.count("SELECT count(*) FROM registration.application_state WHERE application_id = '" + application + "'");
    }

    static String ids(String type, Object... ids) {
        StringBuilder list = new StringBuilder();
        for (Object id : ids) list.append(list.isEmpty() ? "" : ",").append(id instanceof String s && s.startsWith("raw:") ? s.substring(4) : "\"" + id + "\"");
        return "{\"data\":{\"type\":\"" + type + "\",\"attributes\":{\"application_ids\":[" + list + "]}}}";
    }

    static String trainingStatus(String status, String reason) {
        return "{\"data\":{\"type\":\"application-training-status\",\"attributes\":{\"training_status\":" + (status == null ? "null" : "\"" + status + "\"")
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}}}";
    }

    static <T> T awaitEvent(UUID application, Class<T> type, java.util.function.Predicate<T> match) {
        return type.cast(TestKafka.awaitRecord(Topics.APPLICATION, r -> application.toString().equals(r.key()) && type.isInstance(r.value())
                && match.test(type.cast(r.value())), Duration.ofSeconds(30)).value());
    }

    // ------------------------------------------------------------------------------------ revert to pending

    @Test
    void revertingAnAcceptedApplicationMakesItPendingAsIfNeverAcceptedAndItCanBeAcceptedAgain() {
        UUID app = accepted("npq-headship");
        UUID participant = participantOf(app);
        for (String state : List.of("voided", "ineligible", "awaiting_clawback", "clawed_back")) {
            declaration(app, "started", state, Instant.parse(STARTED));
        }
        assertThat(states(app)).isEqualTo(1);
        as(LP_A).get("/api/v3/participants/npq/" + participant).then().statusCode(200);
        // long unchanged, so only the revert can bring it into filter[updated_since]
        TestDb.execute("UPDATE registration.application SET updated_at = '2020-01-01T00:00:00Z' WHERE id = '" + app + "'");
        TestDb.execute("UPDATE registration.person SET significantly_updated_at = '2020-01-01T00:00:00Z' WHERE id = '" + participant + "'");
        String since = "2021-01-01T00:00:00Z";
        assertThat(as(LP_A).get("/api/v3/npq-applications?filter[updated_since]=" + since + "&filter[participant_id]=" + participant)
                .<List<String>>path("data.id")).isEmpty();

        asAdmin().post(BASE + "/" + app + "/revert-to-pending").then().statusCode(200)
                .body("data.id", equalTo(app.toString())).body("data.type", equalTo("admin-application"))
                .body("data.attributes.status", equalTo("pending"))
                .body("data.attributes.training_status", nullValue())
                .body("data.attributes.funded_place", nullValue())
                .body("data.attributes.reason_for_rejection", nullValue())
                .body("data.attributes.accepted_at", nullValue())
                .body("data.attributes.participant_id", equalTo(participant.toString()));
        assertThat(states(app)).isZero();
        assertThat(column(app, "funded_place")).isEqualTo("NULL");
        assertThat(column(app, "training_status")).isEqualTo("NULL");
        assertThat(column(app, "status")).isEqualTo("pending");
        var e = awaitEvent(app, ApplicationRevertedToPending.class, x -> true);
        assertThat(e.getPreviousStatus()).isEqualTo("accepted");
        assertThat(e.getPreviousTrainingStatus()).isEqualTo("active");
        assertThat(e.getParticipantId()).isEqualTo(participant.toString());
        assertThat(e.getCohort()).isEqualTo("2026b");
        // the lead provider sees the change, and the person is not its participant any more
        as(LP_A).get("/api/v3/npq-applications?filter[updated_since]=" + since + "&filter[participant_id]=" + participant).then()
                .statusCode(200).body("data.id", contains(app.toString())).body("data[0].attributes.status", equalTo("pending"))
                .body("data[0].attributes.funded_place", nullValue());
        as(LP_A).get("/api/v3/participants/npq/" + participant).then().statusCode(404);

        // a pending application again: the lead provider may accept it anew
        as(LP_A).body(accept(false, null)).post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(200)
                .body("data.attributes.status", equalTo("accepted")).body("data.attributes.funded_place", equalTo(false));
        assertThat(states(app)).isEqualTo(1);
        as(LP_A).get("/api/v3/participants/npq/" + participant).then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("active"));
    }

    @Test
    void revertIsRefusedWhileADeclarationIsSubmittedEligiblePayableOrPaid() {
        UUID app = accepted("npq-senior-leadership");
        UUID d = declaration(app, "started", "submitted", Instant.parse(STARTED));
        for (String state : List.of("submitted", "eligible", "payable", "paid")) {
            if (!state.equals("submitted")) Fixtures.declarationState(d, app, "started", state);
            expect422(asAdmin().post(BASE + "/" + app + "/revert-to-pending"), "application", Messages.REVERT_WITH_DECLARATIONS);
            assertThat(column(app, "status")).isEqualTo("accepted");
            assertThat(states(app)).isEqualTo(1);
            assertThat(column(app, "funded_place")).isEqualTo("true");
        }
        Fixtures.declarationState(d, app, "started", "awaiting_clawback"); // a paid declaration voided: clawback
        asAdmin().post(BASE + "/" + app + "/revert-to-pending").then().statusCode(200).body("data.attributes.status", equalTo("pending"));
    }

    @Test
    void aRejectedApplicationRevertsButAPendingOneOrOneWithAPendingTwinDoesNot() {
        UUID p = person(randomTrn(), true);
        UUID rejected = application(p, LP_A, "npq-leading-teaching", "2026b", true);
        as(LP_A).post("/api/v3/npq-applications/" + rejected + "/reject").then().statusCode(200);
        UUID twin = application(p, LP_A, "npq-leading-teaching", "2026b", true); // registered again after the rejection
        expect422(asAdmin().post(BASE + "/" + rejected + "/revert-to-pending"), "application", Messages.REVERT_OTHER_PENDING);
        expect422(asAdmin().post(BASE + "/" + twin + "/revert-to-pending"), "application", Messages.REVERT_ALREADY_PENDING);
        as(LP_A).post("/api/v3/npq-applications/" + twin + "/reject").then().statusCode(200);

        asAdmin().post(BASE + "/" + rejected + "/revert-to-pending").then().statusCode(200)
                .body("data.attributes.status", equalTo("pending")).body("data.attributes.reason_for_rejection", nullValue());
        assertThat(column(rejected, "reason_for_rejection")).isEqualTo("NULL");
        var e = awaitEvent(rejected, ApplicationRevertedToPending.class, x -> true);
        assertThat(e.getPreviousStatus()).isEqualTo("rejected");
        assertThat(e.getPreviousTrainingStatus()).isNull();
        expect422(asAdmin().post(BASE + "/" + rejected + "/revert-to-pending"), "application", Messages.REVERT_ALREADY_PENDING);
        asAdmin().post(BASE + "/" + UUID.randomUUID() + "/revert-to-pending").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        asAdmin().post(BASE + "/not-a-uuid/revert-to-pending").then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    void aRetriedRevertWithTheSameIdempotencyKeyReplaysTheFirstAnswer() {
        UUID app = accepted("npq-headship");
        String key = "revert-" + app;
        asAdmin().header("Idempotency-Key", key).post(BASE + "/" + app + "/revert-to-pending").then().statusCode(200)
                .body("data.attributes.status", equalTo("pending"));
        asAdmin().header("Idempotency-Key", key).post(BASE + "/" + app + "/revert-to-pending").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("data.attributes.status", equalTo("pending"));
        assertThat(TestKafka.readAll(Topics.APPLICATION).stream()
                .filter(r -> app.toString().equals(r.key()) && r.value() instanceof ApplicationRevertedToPending).count()).isEqualTo(1);
    }

    @Test
    void aBulkRevertWithRefusedRowsChangesNothingUnlessAskedToSkipThem() {
        UUID first = accepted("npq-headship"), second = accepted("npq-leading-behaviour-culture");
        UUID pending = application(person(randomTrn(), true), LP_B, "npq-headship", "2026b", true);
        UUID unknown = UUID.randomUUID();
        String body = ids("application-revert-to-pending", first, pending, "not-an-id", unknown, second, first, "raw:null");

        Response refused = asAdmin().body(body).post(BASE + "/revert-to-pending");
        refused.then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.title", contains("item 2", "item 3", "item 4", "item 6", "item 7", "application_ids"))
                .body("errors.detail", hasItem(Messages.REVERT_ALREADY_PENDING))
                .body("errors.detail", hasItem(Messages.ROW_NOT_AN_ID))
                .body("errors.detail", hasItem(Messages.ROW_UNKNOWN.formatted(unknown)))
                .body("errors.detail", hasItem(Messages.ROW_REPEATED.formatted(first, "item 1")))
                .body("errors.detail", hasItem(Messages.ROW_BLANK))
                .body("errors.detail", hasItem(Messages.NOTHING_CHANGED.formatted(5, 7)));
        assertThat(column(first, "status")).isEqualTo("accepted");
        assertThat(column(second, "status")).isEqualTo("accepted");
        assertThat(states(first)).isEqualTo(1);

        asAdmin().body(body).post(BASE + "/revert-to-pending?on_invalid_rows=skip").then().statusCode(200)
                .body("data.type", equalTo("application-revert-to-pending"))
                .body("data.attributes.action", equalTo("revert-to-pending"))
                .body("data.attributes.rows_read", equalTo(7))
                .body("data.attributes.changed", equalTo(2))
                .body("data.attributes.application_ids", contains(first.toString(), second.toString()))
                .body("data.attributes.refused.line", contains(2, 3, 4, 6, 7))
                .body("data.attributes.refused[0].application_id", equalTo(pending.toString()))
                .body("data.attributes.refused[0].reason", equalTo(Messages.REVERT_ALREADY_PENDING));
        assertThat(column(first, "status")).isEqualTo("pending");
        assertThat(column(second, "status")).isEqualTo("pending");
        assertThat(states(first) + states(second)).isZero();
        awaitEvent(second, ApplicationRevertedToPending.class, x -> true);

        expect422(asAdmin().body(ids("application-revert-to-pending")).post(BASE + "/revert-to-pending"),
                "application_ids", Messages.NO_APPLICATION_IDS);
        expect422(asAdmin().body("{\"data\":{\"type\":\"application-revert-to-pending\",\"attributes\":{}}}").post(BASE + "/revert-to-pending"),
                "application_ids", Messages.NO_APPLICATION_IDS);
    }

    @Test
    void aCsvUploadRevertsByItsApplicationIdColumnAndNamesRefusedLines() {
        UUID a = accepted("npq-headship"), b = accepted("npq-senco");
        UUID blocked = accepted("npq-executive-leadership");
        declaration(blocked, "started", "eligible", Instant.parse(STARTED));
        String csv = "note,application_id\r\nfirst," + a + "\r\nblocked," + blocked + "\r\n\"quoted, note\"," + b + "\r\nbroken,12345\r\n";

        given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("text/csv").body(csv)
                .post(BASE + "/revert-to-pending").then().statusCode(422)
                .body("errors.title", contains("line 3", "line 5", "file"))
                .body("errors.detail", contains(Messages.REVERT_WITH_DECLARATIONS, Messages.ROW_NOT_AN_ID,
                        Messages.NOTHING_CHANGED.formatted(2, 4)));
        assertThat(column(a, "status")).isEqualTo("accepted");

        given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("text/csv").body(csv)
                .post(BASE + "/revert-to-pending?on_invalid_rows=skip").then().statusCode(200)
                .body("data.attributes.changed", equalTo(2))
                .body("data.attributes.application_ids", contains(a.toString(), b.toString()))
                .body("data.attributes.refused.line", contains(3, 5));
        assertThat(column(a, "status")).isEqualTo("pending");
        assertThat(column(b, "status")).isEqualTo("pending");
        assertThat(column(blocked, "status")).isEqualTo("accepted");

        given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("text/csv").body("id\r\n" + a + "\r\n")
                .post(BASE + "/revert-to-pending").then().statusCode(422)
                .body("errors.title", hasItem("file")).body("errors.detail", hasItem(Messages.NO_APPLICATION_ID_COLUMN));
        given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("text/csv").body("")
                .post(BASE + "/revert-to-pending").then().statusCode(400).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("text/csv").body("application_id\r\n")
                .post(BASE + "/revert-to-pending").then().statusCode(422).body("errors.title", hasItem("file"));
    }

    // ------------------------------------------------------------------------------------ registration expired

    /** A cohort of this test alone (registration's copy, fed by funding's event), so rejecting all of it touches nothing else. */
    static String freshCohort() {
        String id = "20" + (30 + (int) (Math.random() * 70)) + (char) ('a' + (int) (Math.random() * 26));
        TestKafka.send(Topics.FUNDING_REFERENCE, id, CohortDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setIdentifier(id).setStartYear(Integer.parseInt(id.substring(0, 4)))
                .setSuffix(id.substring(4)).setDescription("Round " + id).setRegistrationStartDate(LocalDate.parse(id.substring(0, 4) + "-01-01"))
                .setFunding("full").build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM registration.cohort WHERE identifier = '" + id + "'") == 1);
        return id;
    }

    static String byCohort(String cohort, String leadProvider) {
        return "{\"data\":{\"type\":\"application-reject-expired\",\"attributes\":{\"cohort\":\"" + cohort + "\""
                + (leadProvider == null ? "" : ",\"lead_provider_id\":\"" + leadProvider + "\"") + "}}}";
    }

    @Test
    void rejectExpiredByCohortRejectsOnlyThatCohortsPendingApplicationsOfTheProviderWhenGiven() {
        String cohort = freshCohort();
        UUID pendingA = application(person(randomTrn(), true), LP_A, "npq-headship", cohort, true);
        UUID pendingA2 = application(person(randomTrn(), true), LP_A, "npq-senco", cohort, false);
        UUID pendingB = application(person(randomTrn(), true), LP_B, "npq-headship", cohort, true);
        UUID acceptedA = application(person(randomTrn(), true), LP_A, "npq-leading-teaching", cohort, true);
        TestDb.execute("UPDATE registration.application SET status = 'accepted', accepted_at = now(), training_status = 'active', "
                + "schedule_identifier = 'npq-specialist-autumn' WHERE id = '" + acceptedA + "'");
        UUID rejectedB = application(person(randomTrn(), true), LP_B, "npq-senco", cohort, true);
        TestDb.execute("UPDATE registration.application SET status = 'rejected', reason_for_rejection = 'rejected_by_provider' "
                + "WHERE id = '" + rejectedB + "'");
        UUID otherCohort = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);

        asAdmin().body(byCohort(cohort, LP_A)).post(BASE + "/reject-expired").then().statusCode(200)
                .body("data.type", equalTo("application-reject-expired"))
                .body("data.attributes.action", equalTo("reject-expired"))
                .body("data.attributes.changed", equalTo(2))
                .body("data.attributes.application_ids", containsInAnyOrder(pendingA.toString(), pendingA2.toString()))
                .body("data.attributes.refused", empty());
        assertThat(column(pendingA, "status")).isEqualTo("rejected");
        assertThat(column(pendingA, "reason_for_rejection")).isEqualTo("registration_expired");
        assertThat(column(pendingB, "status")).isEqualTo("pending");
        var e = awaitEvent(pendingA, ApplicationRejected.class, x -> true);
        assertThat(e.getReasonForRejection()).isEqualTo("registration_expired");
        assertThat(e.getPreviousStatus()).isEqualTo("pending");

        asAdmin().body(byCohort(cohort, null)).post(BASE + "/reject-expired").then().statusCode(200)
                .body("data.attributes.rows_read", equalTo(1))
                .body("data.attributes.application_ids", contains(pendingB.toString()));
        assertThat(column(pendingB, "reason_for_rejection")).isEqualTo("registration_expired");
        assertThat(column(acceptedA, "status")).isEqualTo("accepted");
        assertThat(column(rejectedB, "reason_for_rejection")).isEqualTo("rejected_by_provider");
        assertThat(column(otherCohort, "status")).isEqualTo("pending");
        // the lead provider sees the DfE attributes
        as(LP_B).get("/api/v3/npq-applications/" + pendingB).then().statusCode(200)
                .body("data.attributes.status", equalTo("rejected"))
                .body("data.attributes.reason_for_rejection", equalTo("registration_expired"));
        // nothing left to expire
        asAdmin().body(byCohort(cohort, null)).post(BASE + "/reject-expired").then().statusCode(200)
                .body("data.attributes.changed", equalTo(0)).body("data.attributes.application_ids", empty());
    }

    @Test
    void rejectExpiredByIdsNeedsEachPendingAndFollowsTheRefuseOrSkipConvention() {
        UUID pending = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        UUID acceptedApp = accepted("npq-senco");
        String body = ids("application-reject-expired", pending, acceptedApp);
        expect422(asAdmin().body(body).post(BASE + "/reject-expired"), "item 2", Messages.EXPIRE_NOT_PENDING);
        assertThat(column(pending, "status")).isEqualTo("pending");
        asAdmin().body(body).post(BASE + "/reject-expired?on_invalid_rows=skip").then().statusCode(200)
                .body("data.attributes.application_ids", contains(pending.toString()))
                .body("data.attributes.refused", hasSize(1))
                .body("data.attributes.refused[0].line", equalTo(2))
                .body("data.attributes.refused[0].reason", equalTo(Messages.EXPIRE_NOT_PENDING));
        assertThat(column(pending, "reason_for_rejection")).isEqualTo("registration_expired");
        assertThat(column(acceptedApp, "status")).isEqualTo("accepted");
        awaitEvent(pending, ApplicationRejected.class, x -> "registration_expired".equals(x.getReasonForRejection()));
    }

    @Test
    void rejectExpiredRefusesAnUnclearRequest() {
        String cohort = "{\"data\":{\"type\":\"application-reject-expired\",\"attributes\":%s}}";
        expect422(asAdmin().body(cohort.formatted("{}")).post(BASE + "/reject-expired"), "cohort", Messages.EXPIRE_COHORT_OR_IDS);
        expect422(asAdmin().body(cohort.formatted("{\"cohort\":\"2026b\",\"application_ids\":[\"" + UUID.randomUUID() + "\"]}"))
                .post(BASE + "/reject-expired"), "application_ids", Messages.EXPIRE_COHORT_OR_IDS);
        expect422(asAdmin().body(cohort.formatted("{\"application_ids\":[\"" + UUID.randomUUID() + "\"],\"lead_provider_id\":\"" + LP_A + "\"}"))
                .post(BASE + "/reject-expired"), "lead_provider_id", Messages.EXPIRE_LEAD_PROVIDER_WITH_IDS);
        expect422(asAdmin().body(byCohort("2026b", "LP-A")).post(BASE + "/reject-expired"), "lead_provider_id", Messages.LEAD_PROVIDER_ID_INVALID);
        expect422(asAdmin().body(byCohort("2026", null)).post(BASE + "/reject-expired"), "cohort", Messages.EXPIRE_COHORT_UNKNOWN);
        expect422(asAdmin().body(byCohort("2031z", null)).post(BASE + "/reject-expired"), "cohort", Messages.EXPIRE_COHORT_UNKNOWN);
        asAdmin().body(cohort.formatted("{\"application_ids\":\"" + UUID.randomUUID() + "\"}")).post(BASE + "/reject-expired").then()
                .statusCode(422).body("errors.title", hasItem("application_ids"));
        asAdmin().body(cohort.formatted("{\"application_ids\":[{\"id\":1}]}")).post(BASE + "/reject-expired").then()
                .statusCode(422).body("errors.title", hasItem("application_ids"));
    }

    // ------------------------------------------------------------------------------------ training status

    @Test
    void anAdminChangesTrainingStatusThroughTheLeadProvidersGuardsAndPublishesTheSameEvent() {
        UUID pending = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        expect422(asAdmin().body(trainingStatus("deferred", "other")).put(BASE + "/" + pending + "/training-status"),
                "application", Messages.TRAINING_STATUS_PENDING);
        as(LP_A).post("/api/v3/npq-applications/" + pending + "/reject").then().statusCode(200);
        expect422(asAdmin().body(trainingStatus("active", null)).put(BASE + "/" + pending + "/training-status"),
                "application", Messages.TRAINING_STATUS_REJECTED);

        UUID app = accepted("npq-headship");
        UUID participant = participantOf(app);
        String path = BASE + "/" + app + "/training-status";
        expect422(asAdmin().body(trainingStatus("deferred", "parental-leave")).put(path), "participant_id", Messages.DEFER_NO_DECLARATIONS);
        expect422(asAdmin().body(trainingStatus("withdrawn", "change-in-career")).put(path), "participant_id", Messages.WITHDRAW_NOT_STARTED);
        declaration(app, "started", "eligible", Instant.parse(STARTED));
        expect422(asAdmin().body(trainingStatus("deferred", null)).put(path), "reason", Messages.REASON_INVALID);
        expect422(asAdmin().body(trainingStatus("deferred", "holiday")).put(path), "reason", Messages.REASON_INVALID);
        expect422(asAdmin().body(trainingStatus("deferred", "change-in-career")).put(path), "reason", Messages.REASON_INVALID);
        expect422(asAdmin().body(trainingStatus("withdrawn", null)).put(path), "reason", Messages.REASON_INVALID);
        expect422(asAdmin().body(trainingStatus("withdrawn", "parental-leave")).put(path), "reason", Messages.REASON_INVALID);
        expect422(asAdmin().body(trainingStatus("paused", null)).put(path), "training_status", Messages.TRAINING_STATUS_INVALID);
        expect422(asAdmin().body(trainingStatus(null, null)).put(path), "training_status", Messages.TRAINING_STATUS_INVALID);
        expect422(asAdmin().body(trainingStatus("active", null)).put(path), "participant_id", Messages.ALREADY_ACTIVE);
        assertThat(states(app)).isEqualTo(1);

        asAdmin().body(trainingStatus("deferred", "parental-leave")).put(path).then().statusCode(200)
                .body("data.attributes.training_status", equalTo("deferred")).body("data.attributes.status", equalTo("accepted"));
        var deferred = awaitEvent(app, TrainingStatusChanged.class, t -> t.getTrainingStatus().equals("deferred"));
        assertThat(deferred.getReason()).isEqualTo("parental-leave");
        assertThat(deferred.getPreviousTrainingStatus()).isEqualTo("active");
        as(LP_A).get("/api/v3/participants/npq/" + participant).then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].deferral.reason", equalTo("parental-leave"));
        expect422(asAdmin().body(trainingStatus("deferred", "other")).put(path), "participant_id", Messages.ALREADY_DEFERRED);

        asAdmin().body(trainingStatus("withdrawn", "quality-of-programme-structure-not-suitable.")).put(path).then().statusCode(200)
                .body("data.attributes.training_status", equalTo("withdrawn"));
        var withdrawn = awaitEvent(app, TrainingStatusChanged.class, t -> t.getTrainingStatus().equals("withdrawn"));
        assertThat(withdrawn.getReason()).isEqualTo("quality-of-programme-structure-not-suitable.");
        assertThat(withdrawn.getPreviousTrainingStatus()).isEqualTo("deferred");
        as(LP_A).get("/api/v3/participants/npq/" + participant).then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].withdrawal.reason", equalTo("quality-of-programme-structure-not-suitable."));

        asAdmin().body(trainingStatus("active", "other")).put(path).then().statusCode(200)
                .body("data.attributes.training_status", equalTo("active"));
        var resumed = awaitEvent(app, TrainingStatusChanged.class, t -> t.getTrainingStatus().equals("active") && "withdrawn".equals(t.getPreviousTrainingStatus()));
        assertThat(resumed.getReason()).isNull(); // a resumption has no reason, whatever was sent
        assertThat(states(app)).isEqualTo(4);
        asAdmin().body(trainingStatus("active", null)).put(BASE + "/" + UUID.randomUUID() + "/training-status").then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------ who may, and malformed requests

    @Test
    void onlyAnAdminMayUseAnyOfTheseEndpoints() {
        UUID app = accepted("npq-headship");
        List<String> tokens = List.of(TestTokens.leadProvider(LP_A),
                TestTokens.token("hub", List.of("delivery-partner"), Map.of("delivery_partner_id", UUID.randomUUID().toString(), "lead_provider_id", LP_A)),
                TestTokens.token("school", List.of("school"), Map.of("school_urn", "100001")),
                TestTokens.token("reporting", List.of("reporting"), Map.of()),
                TestTokens.token("finance", List.of("finance"), Map.of()));
        for (String token : tokens) {
            given().auth().oauth2(token).post(BASE + "/" + app + "/revert-to-pending").then().statusCode(403)
                    .contentType(startsWith("application/problem+json"));
            given().auth().oauth2(token).contentType("application/json").body(ids("application-revert-to-pending", app))
                    .post(BASE + "/revert-to-pending").then().statusCode(403);
            given().auth().oauth2(token).contentType("text/csv").body("application_id\n" + app + "\n")
                    .post(BASE + "/revert-to-pending").then().statusCode(403);
            given().auth().oauth2(token).contentType("application/json").body(byCohort("2026b", null))
                    .post(BASE + "/reject-expired").then().statusCode(403);
            given().auth().oauth2(token).contentType("application/json").body(trainingStatus("active", null))
                    .put(BASE + "/" + app + "/training-status").then().statusCode(403);
        }
        given().post(BASE + "/" + app + "/revert-to-pending").then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().contentType("application/json").body(ids("application-revert-to-pending", app)).post(BASE + "/revert-to-pending")
                .then().statusCode(401);
        given().contentType("text/csv").body("application_id\n" + app + "\n").post(BASE + "/revert-to-pending").then().statusCode(401);
        given().contentType("application/json").body(byCohort("2026b", null)).post(BASE + "/reject-expired").then().statusCode(401);
        given().contentType("application/json").body(trainingStatus("active", null)).put(BASE + "/" + app + "/training-status")
                .then().statusCode(401);
        assertThat(column(app, "status")).isEqualTo("accepted");
        assertThat(column(app, "training_status")).isEqualTo("active");
    }

    @Test
    void malformedRequestsAreProblemsNeverServerErrors() {
        UUID app = accepted("npq-headship");
        String problem = "application/problem+json";
        asAdmin().body("{not json").post(BASE + "/revert-to-pending").then().statusCode(400).contentType(startsWith(problem));
        asAdmin().body("[]").post(BASE + "/revert-to-pending").then().statusCode(400).contentType(startsWith(problem));
        asAdmin().body("{\"application_ids\":[\"" + app + "\"]}").post(BASE + "/revert-to-pending").then().statusCode(400)
                .contentType(startsWith(problem)); // not in the envelope
        asAdmin().body("{\"data\":{\"type\":\"something-else\",\"attributes\":{\"application_ids\":[]}}}").post(BASE + "/revert-to-pending")
                .then().statusCode(422).body("errors.title", hasItem("type"));
        asAdmin().body(ids("application-revert-to-pending", app)).post(BASE + "/revert-to-pending?on_invalid_rows=maybe").then()
                .statusCode(400).contentType(startsWith(problem));
        asAdmin().body("").post(BASE + "/reject-expired").then().statusCode(400).contentType(startsWith(problem));
        asAdmin().body("{\"data\":").post(BASE + "/reject-expired").then().statusCode(400).contentType(startsWith(problem));
        asAdmin().body("{\"data\":{\"type\":\"application-training-status\",\"attributes\":{\"training_status\":[1]}}}")
                .put(BASE + "/" + app + "/training-status").then().statusCode(422).body("errors.title", hasItem("training_status"));
        asAdmin().body("nope").put(BASE + "/" + app + "/training-status").then().statusCode(400).contentType(startsWith(problem));
        asAdmin().body(trainingStatus("active", null)).put(BASE + "/12345/training-status").then().statusCode(404).contentType(startsWith(problem));
        given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("application/xml").body("<ids/>")
                .post(BASE + "/revert-to-pending").then().statusCode(415);
        // a number in the list is not an id as text: the wrong JSON type, refused whole (JSON is never coerced)
        asAdmin().body(ids("application-revert-to-pending", "raw:42")).post(BASE + "/revert-to-pending").then().statusCode(422)
                .body("errors.title", hasItem("application_ids")).body("errors.detail", hasItem("'#/application_ids' must be a string."));
        // a text that is no id is a refused row
        asAdmin().body(ids("application-revert-to-pending", "not-an-id")).post(BASE + "/revert-to-pending").then().statusCode(422)
                .body("errors.title", hasItem("item 1")).body("errors.detail", hasItem(Messages.ROW_NOT_AN_ID));
        assertThat(column(app, "status")).isEqualTo("accepted");
        assertThat(column(app, "funded_place")).isEqualTo("true");
    }
}
