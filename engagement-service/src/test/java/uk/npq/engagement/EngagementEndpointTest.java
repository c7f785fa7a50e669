package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.engagement.Fixtures.asParticipant;
import static uk.npq.engagement.Fixtures.asRole;
import static uk.npq.engagement.Fixtures.asSchool;
import static uk.npq.engagement.Fixtures.enrolment;
import static uk.npq.engagement.Fixtures.events;
import static uk.npq.engagement.Fixtures.participant;
import static uk.npq.engagement.Fixtures.row;
import static uk.npq.engagement.Fixtures.session;
import static uk.npq.engagement.Fixtures.sessionBody;
import static uk.npq.engagement.Fixtures.upload;
import static uk.npq.engagement.SessionsTest.LAST_WEEK;
import static uk.npq.engagement.SessionsTest.NEXT_WEEK;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.engagement.EngagementChanged;
import uk.npq.engagement.Fixtures.Tenant;

/** The engagement endpoint for each reader, the threshold's edge through the API, and EngagementChanged. */
@QuarkusTest
class EngagementEndpointTest {

    @Test
    void eachAllowedReaderSeesTheEngagementAndNobodyElseDoes() {
        Tenant t = Tenant.fresh(), sibling = t.otherHub(), stranger = Tenant.fresh();
        UUID p = participant(t);
        String a = session(t, "webinar", LAST_WEEK, 60), b = session(t, "webinar", LAST_WEEK.plusSeconds(60), 60);
        session(t, "webinar", NEXT_WEEK, 60);
        t.asHub().body(upload(row(p, a, true, null), row(p, b, true, 48))).post("/api/v1/attendance").then().statusCode(200);

        for (var reader : List.of(t.asLeadProvider(), t.asHub(), asSchool("100001"), asParticipant(p), asRole("admin"))) {
            reader.get("/api/v1/participants/" + p + "/engagement").then().statusCode(200)
                    .body("data.size()", equalTo(1))
                    .body("data[0].type", equalTo("participant-engagement"))
                    .body("data[0].attributes.course_identifier", equalTo("npq-senco"))
                    .body("data[0].attributes.delivery_partner_id", equalTo(t.hub()))
                    .body("data[0].attributes.live.attended", equalTo(108))
                    .body("data[0].attributes.live.required_to_date", equalTo(120))
                    .body("data[0].attributes.live.course_total", equalTo(180))
                    .body("data[0].attributes.percent_to_date", equalTo(90.0f))
                    .body("data[0].attributes.percent_of_course", equalTo(60.0f))
                    .body("data[0].attributes.threshold_percent", equalTo(90.0f))
                    .body("data[0].attributes.meets_threshold", equalTo(false))
                    .body("data[0].attributes.at_risk", equalTo(false))
                    .body("data[0].attributes.self_study.course_total", equalTo(0))
                    .body("data[0].attributes.self_study.percent_of_course", nullValue());
        }
        for (var outsider : List.of(stranger.asLeadProvider(), sibling.asHub(), stranger.asHub(), asSchool("100002"),
                asParticipant(UUID.randomUUID()))) {
            outsider.get("/api/v1/participants/" + p + "/engagement").then().statusCode(404);
        }
        for (String role : List.of("finance", "reporting")) asRole(role).get("/api/v1/participants/" + p + "/engagement").then().statusCode(403);
        given().get("/api/v1/participants/" + p + "/engagement").then().statusCode(401);
        t.asLeadProvider().get("/api/v1/participants/" + UUID.randomUUID() + "/engagement").then().statusCode(404);
        t.asLeadProvider().get("/api/v1/participants/nope/engagement").then().statusCode(404);
    }

    @Test
    void aParticipantOnTwoCoursesWithTwoProvidersShowsEachToItsOwnReaders() {
        Tenant t = Tenant.fresh(), other = Tenant.fresh();
        UUID p = participant(t);
        enrolment(p, other.leadProvider(), "npq-headship", "2025", "accepted", "active", "100009");
        enrolment(p, t.leadProvider(), "npq-headship", "2025", "rejected", null, "100001");
        asParticipant(p).get("/api/v1/participants/" + p + "/engagement").then().statusCode(200)
                .body("data.attributes.course_identifier", contains("npq-headship", "npq-senco"))
                .body("data[1].attributes.delivery_partner_id", nullValue())
                .body("data[1].attributes.percent_of_course", nullValue());
        t.asLeadProvider().get("/api/v1/participants/" + p + "/engagement").then().body("data.attributes.course_identifier", contains("npq-senco"));
        other.asLeadProvider().get("/api/v1/participants/" + p + "/engagement").then().body("data.attributes.course_identifier", contains("npq-headship"));
        asSchool("100009").get("/api/v1/participants/" + p + "/engagement").then().body("data.attributes.cohort", contains("2025"));
        // a hub sees the participant only once it records them
        t.asHub().get("/api/v1/participants/" + p + "/engagement").then().statusCode(404);
    }

    @Test
    void eightyNineNineIsBelowNinetyMeetsAndEachChangeIsPublishedOnce() {
        Tenant t = Tenant.fresh();
        UUID p = participant(t);
        String day = session(t, "face_to_face", LAST_WEEK, 1000);
        t.asHub().body(upload(row(p, day, true, 899))).post("/api/v1/attendance").then().statusCode(200);
        t.asLeadProvider().get("/api/v1/participants/" + p + "/engagement").then()
                .body("data[0].attributes.percent_of_course", equalTo(89.9f))
                .body("data[0].attributes.meets_threshold", equalTo(false)).body("data[0].attributes.at_risk", equalTo(true));
        t.asHub().body(upload(row(p, day, true, 900))).post("/api/v1/attendance").then().statusCode(200);
        t.asLeadProvider().get("/api/v1/participants/" + p + "/engagement").then()
                .body("data[0].attributes.percent_of_course", equalTo(90.0f))
                .body("data[0].attributes.meets_threshold", equalTo(true)).body("data[0].attributes.at_risk", equalTo(false));
        // the same upload again publishes nothing more
        t.asHub().body(upload(row(p, day, true, 900))).post("/api/v1/attendance").then().body("data.attributes.unchanged", equalTo(1));

        List<EngagementChanged> changes = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(p, EngagementChanged.class), l -> l.size() >= 2);
        assertThat(changes).extracting(EngagementChanged::getPercentOfCourse).containsExactly("89.90", "90.00");
        assertThat(changes).extracting(EngagementChanged::getMeetsThreshold).containsExactly(false, true);
        assertThat(changes).extracting(EngagementChanged::getAtRisk).containsExactly(true, false);
        EngagementChanged last = changes.get(1);
        assertThat(last.getApplicationId()).isNotBlank();
        assertThat(last.getDeliveryPartnerId()).isEqualTo(t.hub());
        assertThat(last.getCourseMinutes()).isEqualTo(1000);
        assertThat(last.getThresholdPercent()).isEqualTo("90.00");

        // a new session still to come lowers the share of the course: published, and not at risk (it can be attended)
        String next = session(t, "face_to_face", NEXT_WEEK, 100);
        await().atMost(Duration.ofSeconds(30)).until(() -> events(p, EngagementChanged.class), l -> l.size() == 3);
        EngagementChanged third = events(p, EngagementChanged.class).get(2);
        assertThat(third.getPercentOfCourse()).isEqualTo("81.81");
        assertThat(third.getAtRisk()).isFalse();
        assertThat(third.getMeetsThreshold()).isFalse();
        t.asHub().delete("/api/v1/sessions/" + next).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> events(p, EngagementChanged.class), l -> l.size() == 4);
    }

    @jakarta.inject.Inject uk.npq.engagement.service.Engagements engagements;

    @Test
    void whenASessionPassesUnattendedTheEngagementIsRecalculatedAndPublishedOnce() {
        Tenant t = Tenant.fresh();
        UUID p = participant(t);
        String done = session(t, "face_to_face", LAST_WEEK, 100), coming = session(t, "face_to_face", NEXT_WEEK, 100);
        t.asHub().body(upload(row(p, done, true, 100))).post("/api/v1/attendance").then().statusCode(200);
        List<EngagementChanged> before = await().atMost(Duration.ofSeconds(30)).until(() -> events(p, EngagementChanged.class), l -> !l.isEmpty());
        assertThat(before.get(before.size() - 1).getAtRisk()).isFalse();
        assertThat(before.get(before.size() - 1).getRequiredMinutesToDate()).isEqualTo(100);

        // the coming session's time passes without attendance: 100 of 200 can no longer reach 90%
        uk.npq.platform.testing.TestDb.execute("UPDATE session SET scheduled_at = now() - interval '1 minute' WHERE id = '" + coming + "'");
        uk.npq.platform.testing.TestDb.execute("UPDATE engagement_refresh SET sessions_passed_until = now() - interval '2 minutes'");
        assertThat(engagements.refreshPassedSessions()).isGreaterThanOrEqualTo(1);
        List<EngagementChanged> after = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(p, EngagementChanged.class), l -> l.size() == before.size() + 1);
        EngagementChanged last = after.get(after.size() - 1);
        assertThat(last.getRequiredMinutesToDate()).isEqualTo(200);
        assertThat(last.getAtRisk()).isTrue();
        assertThat(last.getPercentToDate()).isEqualTo("50.00");
        // the session is behind the mark now: another run recalculates nothing more
        engagements.refreshPassedSessions();
        t.asLeadProvider().get("/api/v1/participants/" + p + "/engagement").then().body("data[0].attributes.at_risk", equalTo(true));
        assertThat(events(p, EngagementChanged.class)).hasSize(after.size());
    }

    @Test
    void anAdminSetsTheThresholdOfACourseAndCohortAndEngagementFollows() {
        Tenant t = Tenant.fresh();
        UUID p = UUID.randomUUID();
        enrolment(p, t.leadProvider(), "npq-leading-literacy", "2026a", "accepted", "active", null);
        String s = t.asHub().body(sessionBody("npq-leading-literacy", "2026a", "webinar", LAST_WEEK, 100, null)).post("/api/v1/sessions")
                .then().statusCode(201).extract().path("data.id");
        t.asHub().body(upload(row(p, s, true, 86))).post("/api/v1/attendance").then().statusCode(200);
        String path = "/api/v1/engagement-thresholds/npq-leading-literacy/2026a";
        t.asLeadProvider().get(path).then().statusCode(200).body("data.attributes.threshold_percent", equalTo(90.0f))
                .body("data.attributes.source", equalTo("default"));

        String body = "{\"data\":{\"type\":\"engagement-threshold\",\"attributes\":{\"threshold_percent\":85.5}}}";
        t.asLeadProvider().body(body).put(path).then().statusCode(403);
        t.asHub().body(body).put(path).then().statusCode(403);
        given().contentType("application/json").body(body).put(path).then().statusCode(401);
        asRole("admin").body(body.replace("85.5", "85.555")).put(path).then().statusCode(422).body("errors.title", contains("threshold_percent"));
        asRole("admin").body(body.replace("85.5", "0")).put(path).then().statusCode(422);
        asRole("admin").body(body).put("/api/v1/engagement-thresholds/npq-cooking/2026a").then().statusCode(404);
        asRole("admin").body(body).put(path).then().statusCode(200).body("data.attributes.threshold_percent", equalTo(85.5f))
                .body("data.attributes.source", equalTo("set"));
        asParticipant(p).get("/api/v1/participants/" + p + "/engagement").then()
                .body("data[0].attributes.threshold_percent", equalTo(85.5f)).body("data[0].attributes.meets_threshold", equalTo(true));
        var changes = await().atMost(Duration.ofSeconds(30)).until(() -> events(p, EngagementChanged.class), l -> l.size() == 2);
        assertThat(changes.get(1).getThresholdPercent()).isEqualTo("85.50");
        assertThat(changes.get(1).getMeetsThreshold()).isTrue();
        t.asHub().get("/api/v1/engagement-thresholds").then().statusCode(200);
        asRole("finance").get("/api/v1/engagement-thresholds").then().statusCode(403);

        asRole("admin").delete(path).then().statusCode(204);
        asRole("admin").delete(path).then().statusCode(404);
        asParticipant(p).get("/api/v1/participants/" + p + "/engagement").then().body("data[0].attributes.meets_threshold", equalTo(false));
    }
}
