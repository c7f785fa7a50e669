package uk.npq.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Public money once per NPQ (d3), across the running suite: one teacher (a TRN the Teacher Record System verifies)
 * registers for NPQH in 2025 with lead provider A and in 2026 with lead provider B, both judged funded while pending.
 * Once A accepts with a funded place, B's application is previously funded at once; B may still accept it with a funded
 * place (as the DfE allows) but its declarations are not fundable: submitted, on no statement. Paid once, not twice.
 */
class PreviouslyFundedJourneyIT {
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";

    static String registration(String cohort, String leadProvider) {
        return """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"2000007","full_name":"Ivy Twin","date_of_birth":"1995-07-07","email":"ivy@example.org",
              "course_identifier":"npq-headship","cohort":"%s","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}""".formatted(cohort, leadProvider);
    }

    static String register(String cohort, String leadProvider, String client) {
        String id = Suite.as("npq-school-a").contentType("application/json").body(registration(cohort, leadProvider))
                .post("/api/v1/registrations").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as(client).get("/api/v3/npq-applications/" + id).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", equalTo(true)));
        return id;
    }

    @Test
    void aTeacherFundedForNpqhIn2025IsNotFundedAgainIn2026() {
        String npqh2025 = register("2025a", Suite.LP_A, "npq-lead-provider-a");
        String npqh2026 = register("2026b", LP_B, "npq-lead-provider-b");

        Suite.as("npq-lead-provider-a").contentType("application/json")
                .body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":true}}}")
                .post("/api/v3/npq-applications/" + npqh2025 + "/accept").then().statusCode(200)
                .body("data.attributes.eligible_for_funding", equalTo(true));
        Suite.as("npq-lead-provider-b").get("/api/v3/npq-applications/" + npqh2026).then().statusCode(200)
                .body("data.attributes.eligible_for_funding", equalTo(false))
                .body("data.attributes.ineligible_for_funding_reason", equalTo("previously-funded"));

        String participant = Suite.as("npq-lead-provider-b").contentType("application/json")
                .body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":true}}}")
                .post("/api/v3/npq-applications/" + npqh2026 + "/accept").then().statusCode(200)
                .body("data.attributes.ineligible_for_funding_reason", equalTo("previously-funded"))
                .extract().path("data.attributes.participant_id");
        String dp = UUID.randomUUID().toString();
        Suite.as("npq-admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Once Hub " + dp + "\",\"partnerships\":["
                        + "{\"lead_provider_id\":\"" + LP_B + "\",\"cohort\":\"2026b\"}]}}}")
                .put("/api/v1/delivery-partners/" + dp).then().statusCode(201);
        String body = "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + participant
                + "\",\"declaration_type\":\"started\",\"declaration_date\":\"2026-10-01T10:00:00Z\","
                + "\"course_identifier\":\"npq-headship\",\"delivery_partner_id\":\"" + dp + "\"}}}";
        String[] declaration = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var r = Suite.as("npq-lead-provider-b").contentType("application/json").body(body).post("/api/v3/participant-declarations");
            r.then().statusCode(200).body("data.attributes.state", equalTo("submitted")).body("data.attributes.statement_id", nullValue());
            declaration[0] = r.path("data.id");
        });

        // leave the teacher as found, so the journey can run again on the same suite
        Suite.as("npq-lead-provider-b").put("/api/v3/participant-declarations/" + declaration[0] + "/void").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-lead-provider-b").post("/api/v3/npq-applications/" + npqh2026 + "/reject").then().statusCode(200));
        Suite.as("npq-lead-provider-a").post("/api/v3/npq-applications/" + npqh2025 + "/reject").then().statusCode(200);
    }
}
