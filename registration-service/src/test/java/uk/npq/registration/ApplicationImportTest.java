package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static uk.npq.registration.AdminApplicationTest.asAdmin;
import static uk.npq.registration.AdminApplicationTest.awaitEvent;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.platform.testing.TestDb;

/**
 * The admin's import of existing records (service.ApplicationImport): people and accepted applications keep the DfE's
 * ids, publish the normal path's events, a re-sent batch changes nothing, a bad row refuses the batch naming the row and
 * the field, and only an admin may import.
 */
@QuarkusTest
class ApplicationImportTest {
    static final String PATH = "/api/v1/admin/imports/applications";

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static String row(UUID participant, String trn, UUID application, String course, String cohort, String schedule, String fundedPlace,
                      String status, String reason) {
        return "{\"participant_id\":\"" + participant + "\",\"trn\":\"" + trn + "\",\"trn_verified\":true,\"full_name\":\"Ada Import\","
                + "\"date_of_birth\":\"1984-03-02\",\"email\":\"ada." + participant + "@example.org\",\"application_id\":\"" + application
                + "\",\"lead_provider_id\":\"" + LP_A + "\",\"course_identifier\":\"" + course + "\",\"cohort\":\"" + cohort
                + "\",\"schedule_identifier\":\"" + schedule + "\",\"funded_place\":" + fundedPlace + ",\"training_status\":\"" + status
                + "\"" + (reason == null ? "" : ",\"training_status_reason\":\"" + reason + "\",\"training_status_changed_at\":\"2026-10-20T09:00:00Z\"")
                + ",\"accepted_at\":\"2026-09-01T10:00:00Z\",\"created_at\":\"2026-07-01T08:00:00Z\",\"work_setting\":\"a_school\","
                + "\"school_urn\":\"100001\",\"teacher_catchment\":\"england\",\"funding_choice\":\"school\"}";
    }

    static String batch(List<String> rows) {
        return "{\"data\":{\"type\":\"application-import\",\"attributes\":{\"rows\":[" + String.join(",", rows) + "]}}}";
    }

    static long applications(UUID id) {
        return TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + id + "'");
    }

    @Test
    void importsPeopleAndAcceptedApplicationsKeepingTheirIdsWithTheNormalEvents() {
        UUID ada = UUID.randomUUID(), bo = UUID.randomUUID();
        UUID headship = UUID.randomUUID(), senco = UUID.randomUUID(), withdrawn = UUID.randomUUID();
        String adaTrn = randomTrn(), boTrn = randomTrn();
        String body = batch(List.of(
                row(ada, adaTrn, headship, "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null),
                row(ada, adaTrn, senco, "npq-senco", "2026b", "npq-leadership-autumn", "false", "active", null),
                row(bo, boTrn, withdrawn, "npq-leading-teaching", "2025a", "npq-specialist-autumn", "true", "withdrawn", "started-in-error")));

        asAdmin().body(body).post(PATH).then().log().ifValidationFails().statusCode(200)
                .body("data.type", equalTo("application-import"))
                .body("data.attributes.rows_read", equalTo(3)).body("data.attributes.imported", equalTo(3))
                .body("data.attributes.unchanged", equalTo(0)).body("data.attributes.participants_created", equalTo(2));

        // the DfE's ids are ours: the lead provider reads the application and the participant by them
        as(LP_A).get("/api/v3/npq-applications/" + headship).then().statusCode(200)
                .body("data.id", equalTo(headship.toString())).body("data.attributes.participant_id", equalTo(ada.toString()))
                .body("data.attributes.status", equalTo("accepted")).body("data.attributes.funded_place", equalTo(true))
                .body("data.attributes.schedule_identifier", equalTo("npq-leadership-autumn"));
        as(LP_A).get("/api/v3/participants/npq/" + bo).then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("withdrawn"))
                .body("data.attributes.npq_enrolments[0].withdrawal.reason", equalTo("started-in-error"));
        assertThat(TestDb.string("SELECT trn || ' ' || trn_verified || ' ' || trn_verification_status FROM registration.person WHERE id = '" + ada + "'"))
                .isEqualTo(adaTrn + " true verified");
        assertThat(TestDb.count("SELECT count(*) FROM registration.application_state WHERE application_id = '" + withdrawn + "'")).isEqualTo(2);

        // the events the normal path publishes, with the imported facts
        ApplicationSubmitted submitted = awaitEvent(headship, ApplicationSubmitted.class, e -> true);
        assertThat(submitted.getParticipantId()).isEqualTo(ada.toString());
        assertThat(submitted.getTrn()).isEqualTo(adaTrn);
        assertThat(submitted.getTrnVerified()).isTrue();
        assertThat(submitted.getSchoolUrn()).isEqualTo("100001");
        assertThat(submitted.getWorkSetting()).isEqualTo("a_school");
        assertThat(submitted.getTeacherCatchmentCountry()).isEqualTo("United Kingdom of Great Britain and Northern Ireland");
        assertThat(submitted.getSubmittedAt()).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
        ApplicationAccepted accepted = awaitEvent(headship, ApplicationAccepted.class, e -> true);
        assertThat(accepted.getFundedPlace()).isTrue();
        assertThat(accepted.getScheduleIdentifier()).isEqualTo("npq-leadership-autumn");
        assertThat(accepted.getAcceptedAt()).isEqualTo(Instant.parse("2026-09-01T10:00:00Z"));
        assertThat(accepted.getLeadProviderId()).isEqualTo(LP_A);
        assertThat(accepted.getTrn()).isEqualTo(adaTrn);
        TrainingStatusChanged status = awaitEvent(withdrawn, TrainingStatusChanged.class, e -> true);
        assertThat(status.getTrainingStatus()).isEqualTo("withdrawn");
        assertThat(status.getPreviousTrainingStatus()).isEqualTo("active");
        assertThat(status.getReason()).isEqualTo("started-in-error");

        // re-sent: nothing changes, and the answer says so
        long outbox = TestDb.count("SELECT count(*) FROM registration.outbox_event");
        asAdmin().body(body).post(PATH).then().statusCode(200)
                .body("data.attributes.imported", equalTo(0)).body("data.attributes.unchanged", equalTo(3))
                .body("data.attributes.participants_created", equalTo(0));
        assertThat(TestDb.count("SELECT count(*) FROM registration.outbox_event")).isEqualTo(outbox);
        assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE person_id = '" + ada + "'")).isEqualTo(2);
    }

    @Test
    void aBadRowRefusesTheWholeBatchNamingTheRowAndTheField() {
        UUID good = UUID.randomUUID(), bad = UUID.randomUUID(), wrongType = UUID.randomUUID();
        String body = batch(List.of(
                row(UUID.randomUUID(), randomTrn(), good, "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null),
                row(UUID.randomUUID(), randomTrn(), bad, "npq-headship", "2026b", "npq-specialist-autumn", "true", "active", null),
                row(UUID.randomUUID(), randomTrn(), wrongType, "npq-headship", "2026b", "npq-leadership-autumn", "1", "active", null)));
        long people = TestDb.count("SELECT count(*) FROM registration.person");
        long outbox = TestDb.count("SELECT count(*) FROM registration.outbox_event");

        asAdmin().body(body).post(PATH).then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", hasItem("rows[1]"))
                .body("errors.detail", hasItem("schedule_identifier: is not a schedule for the course"))
                .body("errors.title", hasItem("rows[2]"))
                .body("errors.detail", hasItem("funded_place: has a value of the wrong JSON type"))
                .body("errors.title", hasItem("rows"));

        assertThat(applications(good)).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM registration.person")).isEqualTo(people);
        assertThat(TestDb.count("SELECT count(*) FROM registration.outbox_event")).isEqualTo(outbox);
    }

    @Test
    void aRowRefusesWhatWouldBreakAnotherRecord() {
        String trn = randomTrn();
        UUID first = UUID.randomUUID();
        asAdmin().body(batch(List.of(row(first, trn, UUID.randomUUID(), "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null))))
                .post(PATH).then().statusCode(200);
        UUID taken = UUID.randomUUID();
        // another participant with the same verified TRN, an application id of another participant, a capped cohort without funded_place
        UUID other = UUID.randomUUID();
        List<String> rows = new ArrayList<>();
        rows.add(row(UUID.randomUUID(), trn, taken, "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null));
        rows.add(row(other, randomTrn(), UUID.randomUUID(), "npq-headship", "2026b", "npq-leadership-autumn", "null", "active", null));
        asAdmin().body(batch(rows)).post(PATH).then().statusCode(422)
                .body("errors.detail", hasItem("trn: is the verified TRN of another participant"))
                .body("errors.detail", hasItem("funded_place: is required (true or false) in a capped cohort"));
        assertThat(applications(taken)).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM registration.person WHERE id = '" + other + "'")).isZero();
    }

    @Test
    void onlyAnAdminMayImport() {
        UUID application = UUID.randomUUID();
        String body = batch(List.of(row(UUID.randomUUID(), randomTrn(), application, "npq-headship", "2026b", "npq-leadership-autumn",
                "true", "active", null)));
        as(LP_A).body(body).post(PATH).then().statusCode(403);
        given().contentType("application/json").body(body).post(PATH).then().statusCode(401);
        assertThat(applications(application)).isZero();
    }
}
