package uk.npq.assessment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.assessment.Fixtures.appealBody;
import static uk.npq.assessment.Fixtures.count;
import static uk.npq.assessment.Fixtures.markBody;
import static uk.npq.assessment.Fixtures.moderationBody;
import static uk.npq.assessment.Fixtures.textBody;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.Fixtures.Tenant;
import uk.npq.assessment.domain.Sampling;
import uk.npq.contracts.assessment.ResultFinalised;

/** Marking after the deadline, moderation before a sampled result is final, appeals with history, resits. */
@QuarkusTest
class MarkingTest {
    static final String OPEN = "2027-02-03T10:00:00Z", CLOSED = "2027-02-09T09:00:00Z";

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    /** A window from 2027-02-01 with one participant's submission; returns the submission id. */
    static String submitted(Tenant t, UUID p, String firstDay) {
        String w = t.window("npq-headship", "2026b", firstDay);
        TestClock.set(java.time.LocalDate.parse(firstDay).plusDays(2) + "T10:00:00Z");
        return Fixtures.asParticipant(p).body(textBody(null, "My case study answer")).post("/api/v1/assessment-windows/" + w + "/submissions")
                .then().statusCode(201).extract().path("data.id");
    }

    @Test
    void aFailIsModeratedBeforeItIsFinalAndTheModeratorMayChangeIt() {
        Tenant t = Tenant.fresh();
        UUID p = t.candidate("npq-headship", "2026b");
        String s = submitted(t, p, "2027-02-01");
        t.asMarker().body(markBody("fail", false, false)).post("/api/v1/submissions/" + s + "/mark").then().statusCode(409);
        TestClock.set(CLOSED);
        t.asMarker().body(markBody("fail", true, false)).post("/api/v1/submissions/" + s + "/mark").then().statusCode(200)
                .body("data.attributes.state", equalTo("awaiting_moderation")).body("data.attributes.result", nullValue())
                .body("data.attributes.mark.sampled_for_moderation", equalTo(true))
                .body("data.attributes.mark.criteria.kind", contains("learn_that", "learn_how_to"))
                .body("data.attributes.mark.criteria.met", contains(true, false));
        t.asMarker().body(markBody("pass", true, true)).post("/api/v1/submissions/" + s + "/mark").then().statusCode(409);
        // before it is final the participant sees neither the mark nor a result
        Fixtures.asParticipant(p).get("/api/v1/submissions/" + s).then().statusCode(200).body("data.attributes.mark", nullValue())
                .body("data.attributes.results", empty());
        // the marker may not moderate their own mark
        as(t, "marker-" + t.leadProvider()).body(moderationBody("fail")).post("/api/v1/submissions/" + s + "/moderation").then().statusCode(409);
        t.asModerator().body(moderationBody("pass")).post("/api/v1/submissions/" + s + "/moderation").then().statusCode(200)
                .body("data.attributes.state", equalTo("final")).body("data.attributes.result", equalTo("pass"))
                .body("data.attributes.moderation.agrees_with_marker", equalTo(false))
                .body("data.attributes.results.source", contains("moderation"))
                .body("data.attributes.results.completion_date", contains("2027-02-09"));
        t.asModerator().body(moderationBody("pass")).post("/api/v1/submissions/" + s + "/moderation").then().statusCode(409);
        Fixtures.asParticipant(p).get("/api/v1/submissions/" + s).then().body("data.attributes.mark.result", equalTo("fail"))
                .body("data.attributes.moderation", nullValue()).body("data.attributes.result", equalTo("pass"));
        String application = Fixtures.asParticipant(p).get("/api/v1/submissions/" + s).then().extract().path("data.attributes.application_id");
        List<ResultFinalised> events = await().atMost(Duration.ofSeconds(30))
                .until(() -> Fixtures.events(application, ResultFinalised.class), l -> l.size() == 1);
        assertThat(events.get(0).getFinalResult()).isEqualTo("pass");
        assertThat(events.get(0).getSource()).isEqualTo("moderation");
        assertThat(events.get(0).getCompletionDate()).isEqualTo(java.time.LocalDate.of(2027, 2, 9));
    }

    @Test
    void aPassIsFinalAtOnceUnlessItFallsInTheModerationSample() {
        Tenant t = Tenant.fresh();
        for (int i = 0; i < 6; i++) {
            UUID p = t.candidate("npq-headship", "2026b");
            String s = submitted(t, p, "2027-0" + (i + 1) + "-10");
            TestClock.set("2027-0" + (i + 1) + "-20T09:00:00Z");
            boolean sampled = Sampling.sampled(UUID.fromString(s), true, 0.1);
            t.asMarker().body(markBody("pass", true, true)).post("/api/v1/submissions/" + s + "/mark").then().statusCode(200)
                    .body("data.attributes.mark.sampled_for_moderation", equalTo(sampled))
                    .body("data.attributes.state", equalTo(sampled ? "awaiting_moderation" : "final"))
                    .body("data.attributes.result", equalTo(sampled ? null : "pass"));
        }
    }

    @Test
    void anUpheldAppealChangesAFinalResultAndKeepsTheHistory() {
        Tenant t = Tenant.fresh();
        UUID p = t.candidate("npq-headship", "2026b");
        String s = submitted(t, p, "2027-02-01");
        t.asLeadProvider().body(appealBody("upheld", "pass")).post("/api/v1/submissions/" + s + "/appeals").then().statusCode(409);
        TestClock.set(CLOSED);
        t.asMarker().body(markBody("fail", false, false)).post("/api/v1/submissions/" + s + "/mark").then().statusCode(200);
        t.asModerator().body(moderationBody("fail")).post("/api/v1/submissions/" + s + "/moderation").then().statusCode(200)
                .body("data.attributes.moderation.agrees_with_marker", equalTo(true));
        t.asLeadProvider().body(appealBody("dismissed", null)).post("/api/v1/submissions/" + s + "/appeals").then().statusCode(201)
                .body("data.attributes.result", equalTo("fail")).body("data.attributes.appeals.decision", contains("dismissed"));
        t.asLeadProvider().body(appealBody("upheld", "fail")).post("/api/v1/submissions/" + s + "/appeals").then().statusCode(422)
                .body("errors.title", contains("result"));
        TestClock.set("2027-03-01T12:00:00Z");
        t.asLeadProvider().body(appealBody("upheld", "pass")).post("/api/v1/submissions/" + s + "/appeals").then().statusCode(201)
                .body("data.attributes.result", equalTo("pass"))
                .body("data.attributes.results.result", contains("fail", "pass"))
                .body("data.attributes.results.source", contains("moderation", "appeal"))
                .body("data.attributes.results.completion_date", contains("2027-02-09", "2027-03-01"))
                .body("data.attributes.appeals.previous_result", contains("fail", "fail"));
        String application = t.asLeadProvider().get("/api/v1/submissions/" + s).then().extract().path("data.attributes.application_id");
        List<ResultFinalised> events = await().atMost(Duration.ofSeconds(30))
                .until(() -> Fixtures.events(application, ResultFinalised.class), l -> l.size() == 2);
        assertThat(events.get(1).getPreviousResult()).isEqualTo("fail");
        assertThat(events.get(1).getFinalResult()).isEqualTo("pass");
        assertThat(events.get(1).getSource()).isEqualTo("appeal");
        t.asLeadProvider().body("{\"data\":{\"type\":\"appeal\",\"attributes\":{\"decision\":\"maybe\"}}}")
                .post("/api/v1/submissions/" + s + "/appeals").then().statusCode(422).body("errors.title", contains("reason", "decision"));
        assertThat(count("appeal", "submission_id = '" + s + "'")).isEqualTo(2);
    }

    @Test
    void aFailAllowsAResitInALaterWindowAndTheAttemptsAreKept() {
        Tenant t = Tenant.fresh();
        UUID p = t.candidate("npq-headship", "2026b");
        String first = submitted(t, p, "2027-02-01");
        String resit = t.window("npq-headship", "2026b", "2027-05-03");
        TestClock.set("2027-05-04T10:00:00Z");
        // not before the first attempt is final
        Fixtures.asParticipant(p).body(textBody(null, "Second go")).post("/api/v1/assessment-windows/" + resit + "/submissions")
                .then().statusCode(422).body("errors.title", contains("window"));
        t.asMarker().body(markBody("fail", false, true)).post("/api/v1/submissions/" + first + "/mark").then().statusCode(200);
        t.asModerator().body(moderationBody("fail")).post("/api/v1/submissions/" + first + "/moderation").then().statusCode(200);
        String second = Fixtures.asParticipant(p).body(textBody(null, "Second go")).post("/api/v1/assessment-windows/" + resit + "/submissions")
                .then().statusCode(201).body("data.attributes.attempt", equalTo(2)).extract().path("data.id");
        TestClock.set("2027-05-12T09:00:00Z");
        t.asMarker().body(markBody("pass", true, true)).post("/api/v1/submissions/" + second + "/mark").then().statusCode(200);
        if (Sampling.sampled(UUID.fromString(second), true, 0.1)) {
            t.asModerator().body(moderationBody("pass")).post("/api/v1/submissions/" + second + "/moderation").then().statusCode(200);
        }
        Fixtures.asParticipant(p).get("/api/v1/submissions").then().statusCode(200).body("data.id", contains(first, second))
                .body("data.attributes.attempt", contains(1, 2)).body("data.attributes.result", contains("fail", "pass"));
        t.asLeadProvider().get("/api/v1/submissions?filter[participant_id]=" + p).then().body("data.id", contains(first, second));
        t.asLeadProvider().get("/api/v1/submissions?filter[window_id]=" + resit).then().body("data.id", contains(second));
        // passed: no further attempt
        String third = t.window("npq-headship", "2026b", "2027-09-06");
        TestClock.set("2027-09-07T10:00:00Z");
        Fixtures.asParticipant(p).body(textBody(null, "Third")).post("/api/v1/assessment-windows/" + third + "/submissions")
                .then().statusCode(422).body("errors.title", contains("window"));
    }

    @Test
    void everyMarkingEndpointIsTheLeadProvidersOwnAndDeclaresItsRoles() {
        Tenant t = Tenant.fresh(), other = Tenant.fresh();
        UUID p = t.candidate("npq-headship", "2026b");
        String s = submitted(t, p, "2027-02-01");
        TestClock.set(CLOSED);
        String base = "/api/v1/submissions/" + s;
        other.asMarker().body(markBody("fail", false, false)).post(base + "/mark").then().statusCode(404);
        other.asModerator().body(moderationBody("fail")).post(base + "/moderation").then().statusCode(404);
        other.asLeadProvider().body(appealBody("upheld", "pass")).post(base + "/appeals").then().statusCode(404);
        other.asLeadProvider().get(base).then().statusCode(404);
        other.asLeadProvider().get("/api/v1/submissions").then().body("data", empty());
        other.asHub().get(base).then().statusCode(404);
        Fixtures.asParticipant(UUID.randomUUID()).get(base).then().statusCode(404);
        t.asLeadProvider().body(markBody("fail", false, false)).post(base + "/mark").then().statusCode(403);
        t.asModerator().body(markBody("fail", false, false)).post(base + "/mark").then().statusCode(403);
        t.asMarker().body(moderationBody("fail")).post(base + "/moderation").then().statusCode(403);
        t.asMarker().body(appealBody("upheld", "pass")).post(base + "/appeals").then().statusCode(403);
        for (String role : List.of("school", "admin", "finance")) {
            Fixtures.asRole(role).get(base).then().statusCode(403);
            Fixtures.asRole(role).get("/api/v1/submissions").then().statusCode(403);
        }
        given().get(base).then().statusCode(401);
        given().contentType("application/json").body(markBody("pass", true, true)).post(base + "/mark").then().statusCode(401);
        given().contentType("application/json").body(moderationBody("pass")).post(base + "/moderation").then().statusCode(401);
        given().contentType("application/json").body(appealBody("upheld", "pass")).post(base + "/appeals").then().statusCode(401);
        t.asHub().get(base).then().statusCode(200);
        t.asMarker().get("/api/v1/submissions").then().body("data.id", contains(s));
        t.asMarker().get("/api/v1/submissions?filter[window_id]=nope").then().statusCode(400);
        t.asMarker().get("/api/v1/submissions/nope").then().statusCode(404);
        // bad marks change nothing
        t.asMarker().body("{\"data\":{\"type\":\"mark\",\"attributes\":{\"result\":\"merit\",\"criteria\":[{\"criterion\":3}]}}}")
                .post(base + "/mark").then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", contains("result", "comments", "criteria"));
        t.asMarker().body("{\"data\":{\"type\":\"mark\",\"attributes\":{\"result\":\"pass\",\"comments\":\"ok\",\"criteria\":"
                        + "[{\"criterion\":1,\"met\":true},{\"criterion\":1,\"met\":\"yes\"}]}}}")
                .post(base + "/mark").then().statusCode(422);
        t.asMarker().body("nope").post(base + "/mark").then().statusCode(400);
        assertThat(count("mark", "submission_id = '" + s + "'")).isZero();
        t.asLeadProvider().get(base).then().body("data.attributes.state", equalTo("submitted"));
    }

    private static io.restassured.specification.RequestSpecification as(Tenant t, String subject) {
        return Fixtures.as(uk.npq.platform.testing.TestTokens.token(subject, List.of("moderator"), java.util.Map.of("lead_provider_id", t.leadProvider())));
    }
}
