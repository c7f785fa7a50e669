package uk.npq.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A lead provider's day across the running suite, with real Keycloak tokens through the edge: a teacher
 * registers and the (stand-in) Teacher Record System's answer decides whether the TRN is shown,
 * funding-service decides, the provider accepts (schedule chosen from funding-service's schedules, which
 * reached registration-service as events), sees the participant, and reads its delivery partners, which an
 * admin set up; declares the start (engagement-service), after which registration-service lets it defer the
 * participant. Another provider sees none of it.
 */
class LeadProviderJourneyIT {

    static String register(String trn, String name, String dob) {
        String body = """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"%s","date_of_birth":"%s","email":"journey.%s@example.org",
              "course_identifier":"npq-leading-literacy","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}"""
                .formatted(trn, name, dob, UUID.randomUUID(), Suite.LP_A);
        String id = Suite.as("npq-school-a").contentType("application/json").body(body).post("/api/v1/registrations")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", org.hamcrest.Matchers.notNullValue()));
        return id;
    }

    @Test
    void aTeacherTheRecordKnowsIsShownWithAVerifiedTrnAndAnUnknownOneWithout() {
        // Ada Example is a seeded teacher of deploy/trs-stand-in: her TRN is verified at registration
        String ada = register("1234567", "Ada Example", "1985-04-12");
        Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + ada).then()
                .body("data.attributes.teacher_reference_number", equalTo("1234567"))
                .body("data.attributes.teacher_reference_number_validated", equalTo(true));
        String unknown = register(String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextInt(4_000_000, 9_000_000)),
                "Una Known", "1990-01-01");
        Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + unknown).then()
                .body("data.attributes.teacher_reference_number", org.hamcrest.Matchers.nullValue())
                .body("data.attributes.teacher_reference_number_validated", equalTo(false));
    }

    @Test
    void registerDecideAcceptAndSeeTheParticipant() {
        String id = register(String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextInt(4_000_000, 9_000_000)),
                "Jo Journey", "1988-03-03");
        var application = Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id);
        boolean eligible = application.path("data.attributes.eligible_for_funding");
        String participant = application.path("data.attributes.participant_id");

        Suite.as("npq-lead-provider-b").contentType("application/json").post("/api/v3/npq-applications/" + id + "/accept")
                .then().statusCode(404);
        Suite.as("npq-lead-provider-a").contentType("application/json")
                .body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":" + eligible + "}}}")
                .post("/api/v3/npq-applications/" + id + "/accept").then().statusCode(200)
                .body("data.attributes.status", equalTo("accepted"))
                .body("data.attributes.schedule_identifier", equalTo("npq-specialist-autumn"));

        Suite.as("npq-lead-provider-a").get("/api/v3/participants/npq/" + participant).then().statusCode(200)
                .body("data.attributes.npq_enrolments.npq_application_id", hasItem(id))
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("active"));
        Suite.as("npq-lead-provider-b").get("/api/v3/participants/npq/" + participant).then().statusCode(404);

        // the provider declares the start with its delivery partner (engagement-service knows both from events),
        // and registration-service, hearing of the declaration, lets the provider defer the participant
        String dp = UUID.randomUUID().toString();
        Suite.as("npq-admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Declaring Hub " + dp + "\",\"partnerships\":["
                        + "{\"lead_provider_id\":\"" + Suite.LP_A + "\",\"cohort\":\"2026b\"}]}}}")
                .put("/api/v1/delivery-partners/" + dp).then().statusCode(201);
        String declaration = "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + participant
                + "\",\"declaration_type\":\"started\",\"declaration_date\":\"2026-10-01T10:00:00Z\","
                + "\"course_identifier\":\"npq-leading-literacy\",\"delivery_partner_id\":\"" + dp + "\"}}}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").contentType("application/json").body(declaration)
                        .post("/api/v3/participant-declarations").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                        .body("data.attributes.state", org.hamcrest.Matchers.oneOf("eligible", "submitted")));
        Suite.as("npq-lead-provider-b").get("/api/v3/participant-declarations?filter[participant_id]=" + participant).then()
                .statusCode(200).body("data", org.hamcrest.Matchers.hasSize(0));
        String defer = "{\"data\":{\"type\":\"participant-defer\",\"attributes\":{\"course_identifier\":\"npq-leading-literacy\","
                + "\"reason\":\"parental-leave\"}}}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").contentType("application/json").body(defer)
                        .put("/api/v3/participants/npq/" + participant + "/defer").then().statusCode(200)
                        .body("data.attributes.npq_enrolments[0].training_status", equalTo("deferred")));
    }

    @Test
    void anAdminSetsUpADeliveryPartnerThatOnlyItsLeadProviderSees() {
        String dp = UUID.randomUUID().toString();
        Suite.as("npq-admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Journey Hub " + dp + "\",\"partnerships\":["
                        + "{\"lead_provider_id\":\"" + Suite.LP_A + "\",\"cohort\":\"2026b\"}]}}}")
                .put("/api/v1/delivery-partners/" + dp).then().statusCode(201);
        Suite.as("npq-lead-provider-a").get("/api/v3/delivery-partners/" + dp).then().statusCode(200)
                .body("data.attributes.cohort", equalTo(List.of("2026")));
        Suite.as("npq-lead-provider-b").get("/api/v3/delivery-partners/" + dp).then().statusCode(404);
        List<String> ids = Suite.as("npq-lead-provider-a").get("/api/v3/delivery-partners?page[per_page]=3000").path("data.id");
        assertThat(ids).contains(dp);
    }
}
