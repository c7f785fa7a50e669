package uk.npq.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * From registration to outcome across all four services, with real Keycloak tokens through the edge: a teacher
 * registers and is accepted; the provider's hub runs a session and records attendance (engagement-service), which
 * makes the participant eligible to sit the assessment (assessment-service hears of it); the hub submits the case
 * study on the participant's behalf inside an open window; the provider declares completion with has_passed, and
 * the outcome appears on the DfE v3 outcomes endpoint.
 */
class AssessmentJourneyIT {
    static final String HUB_A = "5c2e8d41-7b3a-4e9f-8a10-2b6d0c0d0001";
    static final String COURSE = "npq-leading-teaching";

    @Test
    void aParticipantEngagesSitsTheAssessmentAndGetsTheOutcome() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(4_000_000, 9_000_000));
        String body = """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"Sam Sitter","date_of_birth":"1987-05-05","email":"sam.%s@example.org",
              "course_identifier":"%s","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}"""
                .formatted(trn, UUID.randomUUID(), COURSE, Suite.LP_A);
        String application = Suite.as("npq-school-a").contentType("application/json").body(body).post("/api/v1/registrations")
                .then().statusCode(201).extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + application).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", notNullValue()));
        var app = Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + application);
        boolean eligible = app.path("data.attributes.eligible_for_funding");
        String participant = app.path("data.attributes.participant_id");
        Suite.as("npq-lead-provider-a").contentType("application/json")
                .body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":" + eligible + "}}}")
                .post("/api/v3/npq-applications/" + application + "/accept").then().statusCode(200);

        // the hub runs a session and records attendance at every session of the course (engagement: 100%)
        Suite.as("npq-hub-a").contentType("application/json").body("""
                {"data":{"type":"session","attributes":{"course_identifier":"%s","cohort":"2026b","kind":"webinar",
                "title":"Journey webinar","scheduled_at":"%s","weight":60}}}""".formatted(COURSE, Instant.now().minus(1, ChronoUnit.DAYS)))
                .post("/api/v1/sessions").then().statusCode(201);
        var sessions = Suite.as("npq-hub-a").get("/api/v1/sessions?filter[course_identifier]=" + COURSE + "&filter[cohort]=2026b");
        List<Map<String, Object>> all = sessions.path("data");
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> s : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) s.get("attributes");
            boolean units = "self_directed_study_unit".equals(a.get("kind"));
            rows.add("{\"participant_id\":\"" + participant + "\",\"session_id\":\"" + s.get("id") + "\",\"attended\":true"
                    + (units ? "" : ",\"minutes\":" + a.get("weight")) + "}");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-hub-a").contentType("application/json")
                        .body("{\"data\":{\"type\":\"attendance-upload\",\"attributes\":{\"rows\":[" + String.join(",", rows) + "]}}}")
                        .post("/api/v1/attendance").then().statusCode(200));

        // a window open today (or the one already open for the course), and the hub submits on the participant's behalf
        String firstDay = LocalDate.now(ZoneId.of("Europe/London")).minusDays(1).toString();
        var created = Suite.as("npq-lead-provider-a").contentType("application/json").body("""
                {"data":{"type":"assessment-window","attributes":{"course_identifier":"%s","cohort":"2026b","first_day":"%s",
                "criteria":[{"kind":"learn_that","statement":"Leaders use evidence"},{"kind":"learn_how_to","statement":"Plan implementation"}]}}}"""
                .formatted(COURSE, firstDay)).post("/api/v1/assessment-windows");
        String window = created.statusCode() == 201 ? created.path("data.id")
                : Suite.as("npq-lead-provider-a").get("/api/v1/assessment-windows?filter[course_identifier]=" + COURSE + "&filter[cohort]=2026b")
                        .path("data.find { it.attributes.status == 'open' }.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-hub-a").contentType("application/json")
                        .body("{\"data\":{\"type\":\"submission\",\"attributes\":{\"participant_id\":\"" + participant
                                + "\",\"text\":\"The school should start from its evidence and stage the change.\"}}}")
                        .post("/api/v1/assessment-windows/" + window + "/submissions").then().statusCode(oneOf(200, 201)));
        Suite.as("npq-lead-provider-b").get("/api/v1/assessment-windows/" + window).then().statusCode(404);

        // the provider declares completion with has_passed (its hub is a confirmed partner); the outcome follows
        Suite.as("npq-admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Hub A\",\"partnerships\":["
                        + "{\"lead_provider_id\":\"" + Suite.LP_A + "\",\"cohort\":\"2026b\"}]}}}")
                .put("/api/v1/delivery-partners/" + HUB_A).then().statusCode(oneOf(200, 201));
        String completed = "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + participant
                + "\",\"declaration_type\":\"completed\",\"declaration_date\":\"2026-11-01T10:00:00Z\",\"course_identifier\":\"" + COURSE
                + "\",\"has_passed\":true,\"delivery_partner_id\":\"" + HUB_A + "\"}}}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").contentType("application/json").body(completed).post("/api/v3/participant-declarations")
                        .then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/participants/npq/" + participant + "/outcomes").then().statusCode(200)
                        .body("data.attributes.state", hasItem("passed"))
                        .body("data[0].attributes.completion_date", equalTo("2026-11-01T00:00:00+00:00")));
        Suite.as("npq-lead-provider-b").get("/api/v3/participants/npq/" + participant + "/outcomes").then().statusCode(404);
    }
}
