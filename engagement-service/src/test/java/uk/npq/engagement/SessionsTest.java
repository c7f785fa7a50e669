package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static uk.npq.engagement.Fixtures.participant;
import static uk.npq.engagement.Fixtures.row;
import static uk.npq.engagement.Fixtures.session;
import static uk.npq.engagement.Fixtures.sessionBody;
import static uk.npq.engagement.Fixtures.upload;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.engagement.Fixtures.Tenant;

/** Session CRUD: a hub runs its own sessions for its lead provider, the lead provider manages those run for it. */
@QuarkusTest
class SessionsTest {
    static final Instant LAST_WEEK = Instant.now().minus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    static final Instant NEXT_WEEK = Instant.now().plus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @Test
    void aHubCreatesListsReadsChangesAndDeletesItsSessions() {
        Tenant t = Tenant.fresh();
        String id = session(t, "webinar", NEXT_WEEK, 60);
        String other = t.asHub().body(sessionBody("npq-headship", "2026b", "face_to_face", LAST_WEEK, 300, null))
                .post("/api/v1/sessions").then().statusCode(201)
                .body("data.attributes.delivery_partner_id", equalTo(t.hub()))
                .body("data.attributes.lead_provider_id", equalTo(t.leadProvider()))
                .body("data.attributes.attendance_recorded", equalTo(false)).extract().path("data.id");

        t.asHub().get("/api/v1/sessions").then().statusCode(200).body("data.id", contains(other, id));
        t.asHub().get("/api/v1/sessions?filter[course_identifier]=npq-senco&filter[cohort]=2026b").then().body("data.id", contains(id));
        t.asHub().get("/api/v1/sessions?filter[cohort]=2025").then().body("data", empty());
        t.asHub().get("/api/v1/sessions/" + id).then().statusCode(200).body("data.attributes.kind", equalTo("webinar"))
                .body("data.attributes.weight", equalTo(60)).body("data.attributes.scheduled_at", equalTo(NEXT_WEEK.toString()));

        t.asHub().body(sessionBody("npq-senco", "2026b", "webinar", NEXT_WEEK.plusSeconds(3600), 90, t.hub())).put("/api/v1/sessions/" + id)
                .then().statusCode(200).body("data.attributes.weight", equalTo(90));
        t.asHub().get("/api/v1/sessions/" + id).then().body("data.attributes.weight", equalTo(90));

        t.asHub().delete("/api/v1/sessions/" + id).then().statusCode(204);
        t.asHub().get("/api/v1/sessions/" + id).then().statusCode(404);
        t.asHub().get("/api/v1/sessions").then().body("data.id", contains(other));
    }

    @Test
    void anotherHubAndAnotherLeadProviderSeeNothingAndChangeNothing() {
        Tenant t = Tenant.fresh(), sibling = t.otherHub(), stranger = Tenant.fresh();
        String id = session(t, "face_to_face", NEXT_WEEK, 120);
        String body = sessionBody("webinar", NEXT_WEEK, 30);
        for (Tenant outsider : List.of(sibling, stranger)) {
            outsider.asHub().get("/api/v1/sessions/" + id).then().statusCode(404);
            outsider.asHub().body(body).put("/api/v1/sessions/" + id).then().statusCode(404);
            outsider.asHub().delete("/api/v1/sessions/" + id).then().statusCode(404);
            outsider.asHub().get("/api/v1/sessions").then().statusCode(200).body("data.id", empty());
        }
        stranger.asLeadProvider().get("/api/v1/sessions/" + id).then().statusCode(404);
        stranger.asLeadProvider().body(body).put("/api/v1/sessions/" + id).then().statusCode(404);
        stranger.asLeadProvider().delete("/api/v1/sessions/" + id).then().statusCode(404);
        stranger.asLeadProvider().get("/api/v1/sessions").then().body("data.id", empty());
        t.asHub().get("/api/v1/sessions/" + id).then().statusCode(200).body("data.attributes.weight", equalTo(120));

        // the lead provider sees and edits its hubs' sessions, creates one for a hub, and filters by hub; the hub
        // must be its delivery partner in the cohort
        t.asLeadProvider().body(sessionBody("npq-senco", "2026b", "webinar", NEXT_WEEK, 45, sibling.hub())).post("/api/v1/sessions").then()
                .statusCode(422).body("errors.title", contains("delivery_partner_id"))
                .body("errors.detail", contains("The '#/delivery_partner_id' is not one of your delivery partners in cohort 2026b."));
        uk.npq.platform.testing.TestDb.execute("INSERT INTO delivery_partner (id, name, updated_at) VALUES ('" + sibling.hub()
                + "', 'Sibling hub', now())");
        uk.npq.platform.testing.TestDb.execute("INSERT INTO delivery_partnership (delivery_partner_id, lead_provider_id, cohort) VALUES ('"
                + sibling.hub() + "', '" + t.leadProvider() + "', '2026b')");
        stranger.asLeadProvider().body(sessionBody("npq-senco", "2026b", "webinar", NEXT_WEEK, 45, sibling.hub())).post("/api/v1/sessions")
                .then().statusCode(422).body("errors.title", contains("delivery_partner_id"));
        String forSibling = t.asLeadProvider().body(sessionBody("npq-senco", "2026b", "webinar", NEXT_WEEK, 45, sibling.hub()))
                .post("/api/v1/sessions").then().statusCode(201).extract().path("data.id");
        t.asLeadProvider().get("/api/v1/sessions").then().body("data.id", containsInAnyOrder(id, forSibling));
        t.asLeadProvider().get("/api/v1/sessions?filter[delivery_partner_id]=" + sibling.hub()).then().body("data.id", contains(forSibling));
        t.asLeadProvider().body(sessionBody("webinar", NEXT_WEEK, 75)).put("/api/v1/sessions/" + id).then().statusCode(200)
                .body("data.attributes.kind", equalTo("webinar")).body("data.attributes.delivery_partner_id", equalTo(t.hub()));
        sibling.asHub().get("/api/v1/sessions").then().body("data.id", contains(forSibling));
        t.asHub().get("/api/v1/sessions").then().body("data.id", contains(id));
        t.asLeadProvider().delete("/api/v1/sessions/" + forSibling).then().statusCode(204);
    }

    @Test
    void badInputIsRefusedNamingEveryField() {
        Tenant t = Tenant.fresh();
        t.asHub().body("{\"data\":{\"type\":\"session\",\"attributes\":{\"course_identifier\":\"npq-cooking\",\"cohort\":\"26\","
                        + "\"kind\":\"lecture\",\"title\":\"\",\"weight\":0}}}").post("/api/v1/sessions").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.title", contains("course_identifier", "cohort", "kind", "title", "scheduled_at", "weight"));
        t.asHub().body(sessionBody("webinar", NEXT_WEEK, 1441)).post("/api/v1/sessions").then().statusCode(422)
                .body("errors.title", contains("weight"));
        t.asHub().body(sessionBody("self_directed_study_unit", NEXT_WEEK, 101)).post("/api/v1/sessions").then().statusCode(422);
        t.asHub().body("{\"data\":{\"type\":\"session\",\"attributes\":{\"weight\":\"an hour\"}}}").post("/api/v1/sessions")
                .then().statusCode(422).body("errors.title", contains("weight"));
        t.asHub().body("{\"data\":{\"type\":\"session\",\"attributes\":{\"scheduled_at\":\"tuesday\"}}}").post("/api/v1/sessions")
                .then().statusCode(422).body("errors.title", contains("scheduled_at"));
        t.asHub().body("not json").post("/api/v1/sessions").then().statusCode(400);
        t.asHub().body(sessionBody("npq-senco", "2026b", "webinar", NEXT_WEEK, 60, t.otherHub().hub())).post("/api/v1/sessions")
                .then().statusCode(422).body("errors.title", contains("delivery_partner_id"));
        t.asLeadProvider().body(sessionBody("webinar", NEXT_WEEK, 60)).post("/api/v1/sessions").then().statusCode(422)
                .body("errors.title", contains("delivery_partner_id"));
        t.asHub().get("/api/v1/sessions?filter[delivery_partner_id]=nope").then().statusCode(400);
        t.asHub().get("/api/v1/sessions").then().body("data", empty());
    }

    /**
     * Issue 14: a NUL in a filter was a 500 (PostgreSQL refuses 0x00); "scheduled_at": 86400 was stored as 1970-01-02
     * and "title": true as "true". Each is a 4xx problem naming it, and nothing is stored.
     */
    @Test
    void aNulOrAValueOfTheWrongJsonTypeIsRefusedNamingItAndNothingIsStored() {
        Tenant t = Tenant.fresh();
        t.asHub().urlEncodingEnabled(false).get("/api/v1/sessions?filter[course_identifier]=%00").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].title", equalTo("filter[course_identifier]"));
        String valid = "\"course_identifier\":\"npq-senco\",\"cohort\":\"2026b\",\"kind\":\"webinar\",\"weight\":60";
        for (String[] wrong : List.of(
                new String[] {"scheduled_at", "\"title\":\"t\",\"scheduled_at\":86400"},
                new String[] {"title", "\"title\":true,\"scheduled_at\":\"" + NEXT_WEEK + "\""},
                new String[] {"title", "\"title\":12,\"scheduled_at\":\"" + NEXT_WEEK + "\""},
                new String[] {"weight", "\"title\":\"t\",\"scheduled_at\":\"" + NEXT_WEEK + "\",\"weight\":\"60\""})) {
            String attributes = wrong[0].equals("weight") ? valid.replace(",\"weight\":60", "") : valid;
            t.asHub().body("{\"data\":{\"type\":\"session\",\"attributes\":{" + wrong[1] + "," + attributes + "}}}")
                    .post("/api/v1/sessions").then().statusCode(422).contentType("application/problem+json")
                    .body("errors.title", contains(wrong[0]));
        }
        t.asHub().body("{\"data\":{\"type\":\"session\",\"attributes\":{\"title\":\"a\\u0000b\",\"scheduled_at\":\"" + NEXT_WEEK
                        + "\"," + valid + "}}}").post("/api/v1/sessions").then().statusCode(400).body("errors.title", contains("title"));
        t.asHub().contentType("text/plain").body(sessionBody("webinar", NEXT_WEEK, 60)).post("/api/v1/sessions").then().statusCode(415)
                .contentType("application/problem+json");
        t.asHub().get("/api/v1/sessions").then().body("data", empty());
    }

    @Test
    void onceAttendanceIsRecordedASessionKeepsWhatItIsAndCannotBeDeleted() {
        Tenant t = Tenant.fresh();
        UUID p = participant(t);
        String id = session(t, "webinar", LAST_WEEK, 60);
        t.asHub().body(upload(row(p, id, true, 50))).post("/api/v1/attendance").then().statusCode(200);
        t.asHub().get("/api/v1/sessions/" + id).then().body("data.attributes.attendance_recorded", equalTo(true));

        t.asHub().delete("/api/v1/sessions/" + id).then().statusCode(422).body("errors.title", contains("session"));
        t.asHub().body(sessionBody("npq-headship", "2025", "face_to_face", NEXT_WEEK, 40, null)).put("/api/v1/sessions/" + id)
                .then().statusCode(422).body("errors.title", contains("course_identifier", "cohort", "kind", "scheduled_at", "weight"));
        // what may change still does: the title, the time within the past, more weight
        t.asHub().body(sessionBody("webinar", LAST_WEEK.minusSeconds(600), 75)).put("/api/v1/sessions/" + id).then().statusCode(200);
        t.asHub().get("/api/v1/sessions/" + id + "/attendance").then().statusCode(200)
                .body("data[0].attributes.participant_id", equalTo(p.toString())).body("data[0].attributes.minutes", equalTo(50))
                .body("data[0].attributes.credited", equalTo(50));
        t.asLeadProvider().get("/api/v1/sessions/" + id + "/attendance").then().statusCode(200).body("data.size()", equalTo(1));
        t.otherHub().asHub().get("/api/v1/sessions/" + id + "/attendance").then().statusCode(404);
    }

    @Test
    void everySessionEndpointDeclaresItsRoles() {
        Tenant t = Tenant.fresh();
        String id = session(t, "webinar", NEXT_WEEK, 60);
        String body = sessionBody("webinar", NEXT_WEEK, 60);
        given().get("/api/v1/sessions").then().statusCode(401);
        given().get("/api/v1/sessions/" + id).then().statusCode(401);
        given().contentType("application/json").body(body).post("/api/v1/sessions").then().statusCode(401);
        given().contentType("application/json").body(body).put("/api/v1/sessions/" + id).then().statusCode(401);
        given().delete("/api/v1/sessions/" + id).then().statusCode(401);
        given().get("/api/v1/sessions/" + id + "/attendance").then().statusCode(401);
        for (String role : List.of("school", "participant", "admin", "finance", "reporting")) {
            Fixtures.asRole(role).get("/api/v1/sessions").then().statusCode(403);
            Fixtures.asRole(role).get("/api/v1/sessions/" + id).then().statusCode(403);
            Fixtures.asRole(role).body(body).post("/api/v1/sessions").then().statusCode(403);
            Fixtures.asRole(role).body(body).put("/api/v1/sessions/" + id).then().statusCode(403);
            Fixtures.asRole(role).delete("/api/v1/sessions/" + id).then().statusCode(403);
            Fixtures.asRole(role).get("/api/v1/sessions/" + id + "/attendance").then().statusCode(403);
        }
        t.asHub().get("/api/v1/sessions/" + id).then().statusCode(200);
        assertThat(t.asLeadProvider().get("/api/v1/sessions").<List<String>>path("data.id")).contains(id);
        t.asLeadProvider().get("/api/v1/sessions/" + id).then().statusCode(200).body("errors", org.hamcrest.Matchers.nullValue());
        t.asHub().get("/api/v1/sessions/not-a-uuid").then().statusCode(404).body("errors.title", hasItem("Resource not found"));
    }
}
