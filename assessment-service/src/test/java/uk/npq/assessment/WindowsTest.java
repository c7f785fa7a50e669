package uk.npq.assessment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static uk.npq.assessment.Fixtures.windowBody;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.Fixtures.Tenant;

/** Publishing and reading windows: the 8-day London window, word limits, who sees which window. */
@QuarkusTest
class WindowsTest {
    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    @Test
    void aLeadProviderPublishesAWindowThatOpensAndClosesOnLondonTimeAcrossTheSpringClockChange() {
        Tenant t = Tenant.fresh();
        TestClock.set("2027-03-25T00:00:59Z");
        String id = t.asLeadProvider().body(windowBody("npq-headship", "2026b", "2027-03-25", null)).post("/api/v1/assessment-windows")
                .then().statusCode(201)
                .body("data.attributes.first_day", equalTo("2027-03-25")).body("data.attributes.last_day", equalTo("2027-04-01"))
                .body("data.attributes.opens_at", equalTo("2027-03-25T00:01:00Z"))
                .body("data.attributes.closes_at", equalTo("2027-04-01T23:59:00+01:00"))
                .body("data.attributes.status", equalTo("upcoming")).body("data.attributes.word_limit", equalTo(2500))
                .body("data.attributes.criteria.kind", contains("learn_that", "learn_how_to"))
                .body("data.attributes.criteria.criterion", contains(1, 2)).extract().path("data.id");
        TestClock.set("2027-03-25T00:01:00Z");
        t.asLeadProvider().get("/api/v1/assessment-windows/" + id).then().body("data.attributes.status", equalTo("open"));
        TestClock.set("2027-04-01T22:59:59Z");
        t.asLeadProvider().get("/api/v1/assessment-windows/" + id).then().body("data.attributes.status", equalTo("open"));
        TestClock.set("2027-04-01T23:00:00Z");
        t.asLeadProvider().get("/api/v1/assessment-windows/" + id).then().body("data.attributes.status", equalTo("closed"));
    }

    @Test
    void acrossTheAutumnClockChangeItOpensInSummerTimeAndClosesInGreenwichTime() {
        Tenant t = Tenant.fresh();
        t.asLeadProvider().body(windowBody("npq-leading-teaching", "2026a", "2026-10-20", null)).post("/api/v1/assessment-windows")
                .then().statusCode(201).body("data.attributes.opens_at", equalTo("2026-10-20T00:01:00+01:00"))
                .body("data.attributes.closes_at", equalTo("2026-10-27T23:59:00Z")).body("data.attributes.word_limit", equalTo(1500));
    }

    @Test
    void wordLimitsDefaultPerCourseUnlessTheLeadProviderSetsOne() {
        Tenant t = Tenant.fresh();
        for (var c : List.of(List.of("npq-senior-leadership", "2000"), List.of("npq-executive-leadership", "2500"),
                List.of("npq-leading-behaviour-culture", "1500"), List.of("npq-leading-teaching-development", "1500"))) {
            t.asLeadProvider().body(windowBody(c.get(0), "2026b", "2027-05-03", null)).post("/api/v1/assessment-windows")
                    .then().statusCode(201).body("data.attributes.word_limit", equalTo(Integer.parseInt(c.get(1))));
        }
        t.asLeadProvider().body(windowBody("npq-headship", "2026b", "2027-05-03", 3000)).post("/api/v1/assessment-windows")
                .then().statusCode(201).body("data.attributes.word_limit", equalTo(3000));
    }

    @Test
    void windowsOfOneCourseAndCohortNeverShareADay() {
        Tenant t = Tenant.fresh();
        t.window("npq-headship", "2026b", "2027-02-01");
        t.asLeadProvider().body(windowBody("npq-headship", "2026b", "2027-02-08", null)).post("/api/v1/assessment-windows")
                .then().statusCode(422).body("errors.title", contains("first_day"));
        t.asLeadProvider().body(windowBody("npq-headship", "2026b", "2027-02-09", null)).post("/api/v1/assessment-windows").then().statusCode(201);
        t.asLeadProvider().body(windowBody("npq-headship", "2027a", "2027-02-03", null)).post("/api/v1/assessment-windows").then().statusCode(201);
        Tenant.fresh().asLeadProvider().body(windowBody("npq-headship", "2026b", "2027-02-01", null)).post("/api/v1/assessment-windows")
                .then().statusCode(201);
        t.asLeadProvider().get("/api/v1/assessment-windows?filter[cohort]=2026b").then().body("data.attributes.first_day",
                contains("2027-02-01", "2027-02-09"));
    }

    @Test
    void participantsTheirHubAndSchoolReadTheirWindowsAndNobodyElseDoes() {
        Tenant t = Tenant.fresh(), other = Tenant.fresh();
        String headship = t.window("npq-headship", "2026b", "2027-06-01");
        String senco = t.window("npq-senco", "2026b", "2027-06-01");
        String theirs = other.window("npq-headship", "2026b", "2027-06-01");
        UUID p = t.candidate("npq-headship", "2026b");
        UUID pending = t.candidate("npq-senco", "2026b", "pending", null, null, null);

        Fixtures.asParticipant(p).get("/api/v1/assessment-windows").then().statusCode(200).body("data.id", contains(headship));
        Fixtures.asParticipant(p).get("/api/v1/assessment-windows/" + headship).then().statusCode(200);
        Fixtures.asParticipant(p).get("/api/v1/assessment-windows/" + senco).then().statusCode(404);
        Fixtures.asParticipant(p).get("/api/v1/assessment-windows/" + theirs).then().statusCode(404);
        Fixtures.asParticipant(pending).get("/api/v1/assessment-windows").then().body("data", empty());
        t.asHub().get("/api/v1/assessment-windows").then().statusCode(200).body("data.id", contains(headship));
        t.asHub(UUID.randomUUID().toString()).get("/api/v1/assessment-windows/" + headship).then().statusCode(404);
        Fixtures.asSchool("100001").get("/api/v1/assessment-windows/" + headship).then().statusCode(200);
        Fixtures.asSchool("999999").get("/api/v1/assessment-windows/" + headship).then().statusCode(404);
        t.asMarker().get("/api/v1/assessment-windows").then().body("data.id", contains(headship, senco));
        t.asModerator().get("/api/v1/assessment-windows/" + senco).then().statusCode(200);
        other.asLeadProvider().get("/api/v1/assessment-windows/" + headship).then().statusCode(404);
        other.asMarker().get("/api/v1/assessment-windows/" + headship).then().statusCode(404);
        other.asLeadProvider().get("/api/v1/assessment-windows").then().body("data.id", contains(theirs));
        t.asLeadProvider().get("/api/v1/assessment-windows/not-a-uuid").then().statusCode(404);
    }

    @Test
    void everyWindowEndpointDeclaresItsRoles() {
        Tenant t = Tenant.fresh();
        String id = t.window("npq-headship", "2026b", "2027-06-01");
        String body = windowBody("npq-headship", "2026b", "2027-07-01", null);
        given().get("/api/v1/assessment-windows").then().statusCode(401);
        given().get("/api/v1/assessment-windows/" + id).then().statusCode(401);
        given().contentType("application/json").body(body).post("/api/v1/assessment-windows").then().statusCode(401);
        for (String role : List.of("admin", "finance", "reporting")) {
            Fixtures.asRole(role).get("/api/v1/assessment-windows").then().statusCode(403);
            Fixtures.asRole(role).get("/api/v1/assessment-windows/" + id).then().statusCode(403);
        }
        for (String role : List.of("marker", "moderator", "participant", "delivery-partner", "school", "admin")) {
            Fixtures.asRole(role).body(body).post("/api/v1/assessment-windows").then().statusCode(403);
        }
        t.asMarker().body(body).post("/api/v1/assessment-windows").then().statusCode(403);
        t.asLeadProvider().get("/api/v1/assessment-windows").then().body("data.id", contains(id));
    }

    @Test
    void badInputIsRefusedNamingEveryFieldAndWritesNothing() {
        Tenant t = Tenant.fresh();
        t.asLeadProvider().body("{\"data\":{\"type\":\"assessment-window\",\"attributes\":{\"course_identifier\":\"npq-cooking\","
                        + "\"cohort\":\"26\",\"word_limit\":0,\"criteria\":[{\"kind\":\"learn_when\",\"statement\":\"\"}]}}}")
                .post("/api/v1/assessment-windows").then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", contains("course_identifier", "cohort", "first_day", "word_limit", "criteria[0].kind",
                        "criteria[0].statement"));
        t.asLeadProvider().body(windowBody("npq-early-headship-coaching-offer", "2026b", "2027-02-01", null))
                .post("/api/v1/assessment-windows").then().statusCode(422).body("errors.title", contains("course_identifier"));
        t.asLeadProvider().body("{\"data\":{\"type\":\"assessment-window\",\"attributes\":{\"first_day\":\"1 Feb\"}}}")
                .post("/api/v1/assessment-windows").then().statusCode(422).body("errors.title", contains("first_day"));
        t.asLeadProvider().body("{\"data\":{\"type\":\"session\",\"attributes\":{}}}").post("/api/v1/assessment-windows")
                .then().statusCode(422).body("errors.title", contains("type"));
        t.asLeadProvider().body("not json").post("/api/v1/assessment-windows").then().statusCode(400).contentType("application/problem+json");
        // issue 14: "first_day": 0 was dated 1970-01-01, a NUL in a filter was a 500, JSON as text/plain was read
        t.asLeadProvider().body(windowBody("npq-headship", "2026b", "x", null).replace("\"first_day\":\"x\"", "\"first_day\":0"))
                .post("/api/v1/assessment-windows").then().statusCode(422).body("errors.title", contains("first_day"))
                .body("errors[0].detail", equalTo("'#/first_day' must be a date in the format YYYY-MM-DD."));
        t.asLeadProvider().body(windowBody("npq-headship", "2026b", "2027-02-01", null).replace("\"cohort\":\"2026b\"", "\"cohort\":2026"))
                .post("/api/v1/assessment-windows").then().statusCode(422).body("errors.title", contains("cohort"));
        t.asLeadProvider().urlEncodingEnabled(false).get("/api/v1/assessment-windows?filter[cohort]=%00").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].title", equalTo("filter[cohort]"));
        t.asLeadProvider().contentType("text/plain").body(windowBody("npq-headship", "2026b", "2027-02-01", null))
                .post("/api/v1/assessment-windows").then().statusCode(415).contentType("application/problem+json");
        t.asLeadProvider().get("/api/v1/assessment-windows").then().body("data", empty());
    }
}
