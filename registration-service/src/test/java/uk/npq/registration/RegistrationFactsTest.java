package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.accept;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * The facts of an application the DfE service derives rather than asks for (npq-registration HandleSubmissionForStore,
 * Application), through a real registration and the v3 read: funded_place in an unfunded cohort, the catchment's country
 * and ISO code, lead_mentor, and ineligible_for_funding_reason for the funding codes.
 */
@QuarkusTest
class RegistrationFactsTest {
    static final String UK = "United Kingdom of Great Britain and Northern Ireland";

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("application/json");
    }

    static RequestSpecification asLeadProvider() {
        return given().auth().oauth2(TestTokens.leadProvider(LP_A)).contentType("application/json");
    }

    /** A registration through POST /api/v1/registrations with the given extra attributes; its application id. */
    static String register(String course, String cohort, String workSetting, String extra) {
        String body = """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"Fay Facts","date_of_birth":"1984-02-02","email":"fay.%s@example.org",
              "course_identifier":"%s","cohort":"%s","lead_provider_id":"%s","work_setting":"%s"%s}}}"""
                .formatted(Fixtures.randomTrn(), UUID.randomUUID(), course, cohort, LP_A, workSetting, extra);
        return asAdmin().body(body).post("/api/v1/registrations").then().statusCode(201).extract().path("data.id");
    }

    static String inSchool(String catchment) {
        return ",\"school_urn\":\"100001\",\"teacher_catchment\":\"" + catchment + "\"";
    }

    @Test
    void anApplicationInAnUnfundedCohortHasFundedPlaceFalseFromSubmissionToAcceptanceAndBackToPending() {
        String zero = register("npq-leading-teaching", "2026a", "a_school", inSchool("england"));
        String capped = register("npq-leading-teaching", "2026b", "a_school", inSchool("england"));
        asLeadProvider().get("/api/v3/npq-applications/" + zero).then().statusCode(200)
                .body("data.attributes.status", equalTo("pending"))
                .body("data.attributes.funded_place", equalTo(false));
        asLeadProvider().get("/api/v3/npq-applications/" + capped).then().statusCode(200)
                .body("data.attributes.funded_place", nullValue());

        asLeadProvider().body(accept(true, null)).post("/api/v3/npq-applications/" + zero + "/accept").then().statusCode(422)
                .body("errors.title", hasItem("funded_place"))
                .body("errors.detail", hasItem("The '#/funded_place' field should be false for unfunded cohorts."));
        asLeadProvider().get("/api/v3/npq-applications/" + zero).then()
                .body("data.attributes.status", equalTo("pending")).body("data.attributes.funded_place", equalTo(false));

        asLeadProvider().body(accept(false, null)).post("/api/v3/npq-applications/" + zero + "/accept").then().statusCode(200)
                .body("data.attributes.funded_place", equalTo(false));
        asAdmin().post("/api/v1/admin/applications/" + zero + "/revert-to-pending").then().statusCode(200)
                .body("data.attributes.status", equalTo("pending"))
                .body("data.attributes.funded_place", equalTo(false));
    }

    @Test
    void theCatchmentCountryAndItsIsoCodeAreDerivedAsTheDfeDerivesThem() {
        String france = register("npq-headship", "2026b", "another_setting",
                ",\"teacher_catchment\":\"another\",\"teacher_catchment_country\":\"France\"");
        asLeadProvider().get("/api/v3/npq-applications/" + france).then().statusCode(200)
                .body("data.attributes.teacher_catchment", equalTo(false))
                .body("data.attributes.teacher_catchment_country", equalTo("France"))
                .body("data.attributes.teacher_catchment_iso_country_code", equalTo("FRA"));
        for (String catchment : List.of("england", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man")) {
            String uk = register("npq-headship", "2026b", "another_setting", ",\"teacher_catchment\":\"" + catchment + "\"");
            asLeadProvider().get("/api/v3/npq-applications/" + uk).then().statusCode(200)
                    .body("data.attributes.teacher_catchment", equalTo(true))
                    .body("data.attributes.teacher_catchment_country", equalTo(UK))
                    .body("data.attributes.teacher_catchment_iso_country_code", equalTo("GBR"));
        }
        String unknown = register("npq-headship", "2026b", "another_setting",
                ",\"teacher_catchment\":\"another\",\"teacher_catchment_country\":\"Atlantis\"");
        asLeadProvider().get("/api/v3/npq-applications/" + unknown).then()
                .body("data.attributes.teacher_catchment_country", equalTo("Atlantis"))
                .body("data.attributes.teacher_catchment_iso_country_code", nullValue());

        // a code that contradicts the country is refused, naming the field
        asAdmin().body("""
                {"data":{"type":"npq-registration","attributes":{"trn":"%s","full_name":"Fay Facts","date_of_birth":"1984-02-02",
                 "email":"fay@example.org","course_identifier":"npq-headship","cohort":"2026b","lead_provider_id":"%s",
                 "work_setting":"another_setting","teacher_catchment":"another","teacher_catchment_country":"France",
                 "teacher_catchment_iso_country_code":"DEU"}}}""".formatted(Fixtures.randomTrn(), LP_A))
                .post("/api/v1/registrations").then().statusCode(422)
                .body("errors.title", equalTo(List.of("teacher_catchment_iso_country_code")));
    }

    @Test
    void leadMentorIsTrueExactlyForALeadMentorForAnAccreditedIttProvider() {
        String mentor = register("npq-leading-teaching-development", "2026b", "another_setting",
                ",\"teacher_catchment\":\"england\",\"employment_type\":\"lead_mentor_for_accredited_itt_provider\","
                        + "\"itt_provider\":\"Example ITT Partnership\"");
        String other = register("npq-headship", "2026b", "another_setting",
                ",\"teacher_catchment\":\"england\",\"employment_type\":\"hospital_school\"");
        String school = register("npq-headship", "2026b", "a_school", inSchool("england"));
        asLeadProvider().get("/api/v3/npq-applications/" + mentor).then().body("data.attributes.lead_mentor", equalTo(true));
        asLeadProvider().get("/api/v3/npq-applications/" + other).then().body("data.attributes.lead_mentor", equalTo(false));
        asLeadProvider().get("/api/v3/npq-applications/" + school).then().body("data.attributes.lead_mentor", equalTo(false));
        var e = (ApplicationSubmitted) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> mentor.equals(r.key()) && r.value() instanceof ApplicationSubmitted, Duration.ofSeconds(30)).value();
        assertThat(e.getLeadMentor()).isTrue();
    }

    @Test
    void ineligibleForFundingReasonFollowsTheFundingCodeAsTheDfeShowsIt() {
        for (var c : List.of(new String[] {"unfunded_cohort", "establishment-ineligible"},
                new String[] {"subject_to_review", "establishment-ineligible"},
                new String[] {"previously_funded", "previously-funded"})) {
            String id = Fixtures.application(Fixtures.person(null, false), LP_A, "npq-headship", "2026b", null).toString();
            FundingDecisionMade d = FundingDecisionMade.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(id)
                    .setEligibleForFunding(false).setFundingEligibilityStatusCode(c[0]).setRuleSet("2026")
                    .setDecidedAt(Instant.now()).build();
            TestKafka.send(Topics.FUNDING_DECISION, id, d);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asLeadProvider().get("/api/v3/npq-applications/" + id).then()
                    .statusCode(200)
                    .body("data.attributes", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("funding_eligibility_status_code")))
                    .body("data.attributes.eligible_for_funding", equalTo(false))
                    .body("data.attributes.ineligible_for_funding_reason", equalTo(c[1])));
        }
    }
}
