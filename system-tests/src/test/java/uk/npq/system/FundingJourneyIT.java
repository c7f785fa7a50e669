package uk.npq.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Funding decisions across the running suite, judged against the demo reference data it loads at start. */
class FundingJourneyIT {

    static String check(String course, String urn) {
        return """
            {"data":{"type":"funding-eligibility-check","attributes":{"cohort":"2026b","course_identifier":"%s",
             "teacher_catchment":"england","work_setting":"a_school","school_urn":"%s"}}}""".formatted(course, urn);
    }

    @Test
    void thePreviewJudgesByTheReferenceDataAndAnyRoleMayAsk() {
        Suite.as("npq-lead-provider-a").contentType("application/json").body(check("npq-leading-teaching", "100009"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("funded"))
                .body("data.attributes.trace", hasItem("16: NPQLT is PP50 only and the setting is on the PP50 schools (URN) list"));
        Suite.as("npq-school-a").contentType("application/json").body(check("npq-leading-teaching", "100001"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("ineligible_establishment_not_a_pp50"))
                .body("data.attributes.message", equalTo("not_a_pp50"));
        Suite.as("npq-reporting").contentType("application/json").body(check("npq-headship", "999999"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(422).body("errors.title", hasItem("school_urn"));
        Suite.anonymous().contentType("application/json").body(check("npq-headship", "100001"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(401);
    }

    @Test
    void aRegistrationAtAnEligibleSchoolIsFundedEndToEnd() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        String id = Suite.as("npq-school-a").contentType("application/json")
                .body(RegistrationJourneyIT.registration(trn, "2026b", "england"))
                .post("/api/v1/registrations").then().statusCode(201).extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", equalTo(true)));
        Suite.as("npq-lead-provider-a").get("/api/v1/funding-decisions/" + id).then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("funded"));
        Suite.as("npq-admin").get("/api/v1/funding-decisions/" + id).then().statusCode(200)
                .body("data.attributes.trace", hasItem("18: NPQSL in an eligible establishment (type 1)"));
    }
}
