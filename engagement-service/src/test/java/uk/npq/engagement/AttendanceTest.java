package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.engagement.Fixtures.attendanceRows;
import static uk.npq.engagement.Fixtures.enrolment;
import static uk.npq.engagement.Fixtures.events;
import static uk.npq.engagement.Fixtures.participant;
import static uk.npq.engagement.Fixtures.row;
import static uk.npq.engagement.Fixtures.session;
import static uk.npq.engagement.Fixtures.upload;
import static uk.npq.engagement.SessionsTest.LAST_WEEK;
import static uk.npq.engagement.SessionsTest.NEXT_WEEK;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.engagement.AttendanceRecorded;
import uk.npq.engagement.Fixtures.Tenant;
import uk.npq.platform.testing.TestDb;

/** Attendance uploads: all or nothing with every bad row's reason, idempotent, refused for what is not the hub's. */
@QuarkusTest
class AttendanceTest {

    @Test
    void anUploadRecordsEachRowOnceAChangedRowReplacesItAndEachChangeIsPublished() {
        Tenant t = Tenant.fresh();
        UUID ada = participant(t), bo = participant(t);
        String webinar = session(t, "webinar", LAST_WEEK, 60), unit = session(t, "self_directed_study_unit", LAST_WEEK, 2);
        String body = upload(row(ada, webinar, true, 55), row(ada, unit, true, null), row(bo, webinar, false, null));

        t.asHub().body(body).post("/api/v1/attendance").then().statusCode(200).body("data.type", equalTo("attendance-upload"))
                .body("data.attributes.rows", equalTo(3)).body("data.attributes.created", equalTo(3))
                .body("data.attributes.unchanged", equalTo(0)).body("data.attributes.participants", equalTo(2));
        // the same upload again changes nothing
        t.asHub().body(body).post("/api/v1/attendance").then().statusCode(200)
                .body("data.attributes.created", equalTo(0)).body("data.attributes.updated", equalTo(0))
                .body("data.attributes.unchanged", equalTo(3));
        assertThat(attendanceRows(webinar)).isEqualTo(2);
        // a changed row replaces the old one
        t.asHub().body(upload(row(bo, webinar, true, 30))).post("/api/v1/attendance").then().statusCode(200)
                .body("data.attributes.updated", equalTo(1)).body("data.attributes.created", equalTo(0));
        assertThat(TestDb.count("SELECT minutes FROM attendance a JOIN enrolment e USING (application_id) WHERE a.session_id = '"
                + webinar + "' AND e.participant_id = '" + bo + "'")).isEqualTo(30);

        // one AttendanceRecorded per participant and upload that changed something: Ada once, Bo twice
        List<AttendanceRecorded> forBo = await().atMost(Duration.ofSeconds(30)).until(() -> events(bo, AttendanceRecorded.class), l -> l.size() == 2);
        assertThat(forBo.get(1).getSessions()).singleElement().satisfies(s -> {
            assertThat(s.getSessionId()).isEqualTo(webinar);
            assertThat(s.getMinutes()).isEqualTo(30);
            assertThat(s.getCredited()).isEqualTo(30);
        });
        assertThat(forBo.get(1).getDeliveryPartnerId()).isEqualTo(t.hub());
        List<AttendanceRecorded> forAda = events(ada, AttendanceRecorded.class);
        assertThat(forAda).singleElement().satisfies(e -> {
            assertThat(e.getSessions()).hasSize(2);
            assertThat(e.getSessions().stream().filter(s -> s.getSessionId().equals(unit)).findFirst().orElseThrow().getCredited()).isEqualTo(2);
            assertThat(e.getCourseIdentifier()).isEqualTo("npq-senco");
        });
    }

    @Test
    void aCsvWithBadRowsWritesNothingAndNamesEveryBadRowWithItsReasons() {
        Tenant t = Tenant.fresh(), sibling = t.otherHub(), stranger = Tenant.fresh();
        UUID good = participant(t), second = participant(t), pending = UUID.randomUUID(), strangers = participant(stranger), otherCourse = UUID.randomUUID();
        enrolment(pending, t.leadProvider(), "npq-senco", "2026b", "pending", null, null);
        enrolment(otherCourse, t.leadProvider(), "npq-headship", "2026b", "accepted", "active", null);
        String webinar = session(t, "webinar", LAST_WEEK, 60), unit = session(t, "self_directed_study_unit", LAST_WEEK, 1);
        String future = session(t, "face_to_face", NEXT_WEEK, 60), siblings = session(sibling, "webinar", LAST_WEEK, 60);
        String csv = "participant_id,session_id,attended,minutes\n"
                + good + "," + webinar + ",true,50\n"                 // line 2: fine
                + UUID.randomUUID() + "," + webinar + ",true,50\n"   // 3: nobody
                + strangers + "," + webinar + ",true,50\n"           // 4: another lead provider's participant
                + pending + "," + webinar + ",true,\n"               // 5: not accepted
                + otherCourse + "," + webinar + ",true,\n"           // 6: accepted on another course
                + good + "," + siblings + ",true,10\n"               // 7: another hub's session
                + good + "," + future + ",true,\n"                   // 8: not yet held
                + good + "," + unit + ",true,1\n"                    // 9: minutes for a unit
                + UUID.randomUUID() + "," + webinar + ",true,61\n"   // 10: two problems at once
                + "nobody," + webinar + ",true\n"                    // 11: too few fields
                + good + "," + webinar + ",false,\n"                 // 12: the same participant and session as line 2
                + "\"" + second + "\",\"" + unit + "\",TRUE,\"\"\n"; // 13: fine (quoted)
        var r = t.asHub().contentType("text/csv").body(csv).post("/api/v1/attendance");
        r.then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", contains("upload", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10",
                        "line 11", "line 12"));
        List<String> details = r.path("errors.detail");
        assertThat(details.get(0)).startsWith("10 of 12 rows cannot be recorded");
        assertThat(details.get(1)).contains("none of your lead provider's participants");
        assertThat(details.get(2)).contains("none of your lead provider's participants");
        assertThat(details.get(3)).contains("not accepted on npq-senco (cohort 2026b)");
        assertThat(details.get(4)).contains("not accepted on npq-senco");
        assertThat(details.get(5)).contains("session_id: none of your sessions");
        assertThat(details.get(6)).contains("has not taken place yet");
        assertThat(details.get(7)).contains("counts units, not minutes");
        assertThat(details.get(8)).contains("none of your lead provider's participants").contains("61 is more than the session's 60 minutes");
        assertThat(details.get(9)).contains("has 3 fields where the header has 4");
        assertThat(details.get(10)).contains("already in the upload at line 2");
        assertThat(attendanceRows(webinar) + attendanceRows(unit)).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM enrolment_hub h JOIN enrolment e USING (application_id) WHERE e.participant_id = '"
                + good + "'")).isZero();

        // a file without the columns is refused as a whole; the good rows alone go in
        t.asHub().contentType("text/csv").body("participant,session\n" + good + "," + webinar + "\n").post("/api/v1/attendance")
                .then().statusCode(422).body("errors.title", contains("header"));
        t.asHub().contentType("text/csv").body("Participant_ID,Session_ID,Attended,Minutes\r\n" + good + "," + webinar + ",yes,50\r\n"
                + good + "," + unit + ",TRUE,\r\n").post("/api/v1/attendance").then().statusCode(200).body("data.attributes.created", equalTo(2));
    }

    @Test
    void jsonRowsAreTitledByTheirIndexAndAnEmptyUploadIsRefused() {
        Tenant t = Tenant.fresh();
        UUID p = participant(t);
        String webinar = session(t, "webinar", LAST_WEEK, 60);
        t.asHub().body(upload(row(p, webinar, true, 60), "42", row(p, webinar, "\"sometimes\"", null))).post("/api/v1/attendance")
                .then().statusCode(422).body("errors.title", contains("upload", "rows[1]", "rows[2]"));
        // JSON is read as typed (issue 14): 1 and "true" are not true, "55" is not 55 minutes
        t.asHub().body(upload(row(p, webinar, 1, null), row(p, webinar, "\"true\"", null), row(p, webinar, true, null).replace("}", ",\"minutes\":\"55\"}")))
                .post("/api/v1/attendance").then().statusCode(422)
                .body("errors.title", contains("upload", "rows[0]", "rows[1]", "rows[2]"))
                .body("errors.detail", contains(org.hamcrest.Matchers.startsWith("3 of 3 rows"), equalTo("attended: must be true or false."),
                        equalTo("attended: must be true or false."), equalTo("minutes: must be a whole number.")));
        t.asHub().body(upload()).post("/api/v1/attendance").then().statusCode(422).body("errors.title", contains("rows"));
        t.asHub().body("{\"data\":{\"type\":\"attendance-upload\",\"attributes\":{}}}").post("/api/v1/attendance").then().statusCode(422);
        t.asHub().body("[").post("/api/v1/attendance").then().statusCode(400);
        assertThat(attendanceRows(webinar)).isZero();
    }

    @Test
    void theHubThatFirstRecordsAParticipantKeepsThemAndWithdrawalEndsWhatCanBeRecorded() {
        Tenant t = Tenant.fresh(), sibling = t.otherHub();
        UUID p = participant(t);
        String mine = session(t, "webinar", LAST_WEEK, 60), theirs = session(sibling, "webinar", LAST_WEEK, 60);
        t.asHub().body(upload(row(p, mine, true, null))).post("/api/v1/attendance").then().statusCode(200);
        sibling.asHub().body(upload(row(p, theirs, true, null))).post("/api/v1/attendance").then().statusCode(422)
                .body("errors[1].detail", org.hamcrest.Matchers.containsString("another delivery partner records this participant"));

        UUID gone = UUID.randomUUID();
        UUID application = enrolment(gone, t.leadProvider(), "npq-senco", "2026b", "accepted", "withdrawn", null);
        TestDb.execute("UPDATE enrolment SET withdrawn_at = now() - interval '10 days' WHERE application_id = '" + application + "'");
        t.asHub().body(upload(row(gone, mine, true, null))).post("/api/v1/attendance").then().statusCode(422)
                .body("errors[1].detail", org.hamcrest.Matchers.containsString("withdrew on"));
        String before = session(t, "webinar", LAST_WEEK.minus(Duration.ofDays(14)), 60);
        t.asHub().body(upload(row(gone, before, true, null))).post("/api/v1/attendance").then().statusCode(200);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        Tenant t = Tenant.fresh();
        UUID p = participant(t);
        String webinar = session(t, "webinar", LAST_WEEK, 60);
        String key = "upload-" + UUID.randomUUID();
        String body = upload(row(p, webinar, true, 40));
        String first = t.asHub().header("Idempotency-Key", key).body(body).post("/api/v1/attendance").then().statusCode(200)
                .header("Idempotent-Replayed", nullValue()).body("data.attributes.created", equalTo(1)).extract().path("data.id");
        t.asHub().header("Idempotency-Key", key).body(body).post("/api/v1/attendance").then().statusCode(200)
                .header("Idempotent-Replayed", equalTo("true")).body("data.id", equalTo(first)).body("data.attributes.created", equalTo(1));
        t.asHub().header("Idempotency-Key", key).body(upload(row(p, webinar, true, 45))).post("/api/v1/attendance").then().statusCode(422)
                .body("errors.title", contains("Idempotency-Key"));
        assertThat(TestDb.count("SELECT minutes FROM attendance WHERE session_id = '" + webinar + "'")).isEqualTo(40);
    }

    @Test
    void onlyAHubRecordsAttendance() {
        Tenant t = Tenant.fresh();
        String body = upload(row(UUID.randomUUID(), UUID.randomUUID().toString(), true, null));
        given().contentType("application/json").body(body).post("/api/v1/attendance").then().statusCode(401);
        t.asLeadProvider().body(body).post("/api/v1/attendance").then().statusCode(403);
        for (String role : List.of("school", "participant", "admin", "finance")) {
            Fixtures.asRole(role).body(body).post("/api/v1/attendance").then().statusCode(403);
            Fixtures.asRole(role).contentType("text/csv").body("participant_id,session_id,attended\n").post("/api/v1/attendance")
                    .then().statusCode(403);
        }
    }
}
