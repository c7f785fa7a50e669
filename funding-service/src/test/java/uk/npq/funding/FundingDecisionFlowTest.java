package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.FundingDecisionOverridden;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.testing.Management;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestSpans;

@QuarkusTest
class FundingDecisionFlowTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";
    static final String SCHOOL = "740001";
    static final String PARTICIPANT = "9d2f4c1a-0000-4000-8000-000000000001";

    @BeforeEach
    void aSchool() {
        TestDb.execute("INSERT INTO establishment (urn, ukprn, name, type_code, la_code, phase_code, number_of_pupils, imported_at) "
                + "VALUES ('" + SCHOOL + "', '10074001', 'Test Primary', 1, '202', '2', 200, now()) ON CONFLICT DO NOTHING");
    }

    static ApplicationSubmitted submitted(String id, String participant, String trn, String course, String cohort,
                                          String catchment, String urn) {
        return ApplicationSubmitted.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setAggregateId(id).setApplicationId(id).setParticipantId(participant).setTrn(trn)
                .setCourseIdentifier(course).setCohort(cohort).setLeadProviderId(LP_A).setWorkSetting("a_school")
                .setSchoolUrn(urn).setTeacherCatchment(catchment).setSubmittedAt(Instant.now()).build();
    }

    static String trn() {
        return String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
    }

    static FundingDecisionMade decisionOn(String id) {
        return (FundingDecisionMade) TestKafka.awaitRecord(Topics.FUNDING_DECISION,
                r -> id.equals(r.key()) && r.value() instanceof FundingDecisionMade, Duration.ofSeconds(30)).value();
    }

    @Test
    void startsWithMigrationsAppliedAndIsReady() {
        Management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // health and metrics answer on the management interface only, never on the service port (issue 17)
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        assertThat(TestDb.count("SELECT count(*) FROM schedule")).isGreaterThan(40);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void everySubmittedApplicationGetsExactlyOneStoredDecisionAndEvent() {
        String id = UUID.randomUUID().toString();
        ApplicationSubmitted e = submitted(id, UUID.randomUUID().toString(), trn(), "npq-headship", "2026b", "england", SCHOOL);
        TestKafka.send(Topics.APPLICATION, id, e, e); // and a redelivery
        FundingDecisionMade d = decisionOn(id);
        assertThat(d.getFundingEligibilityStatusCode()).isEqualTo("funded");
        assertThat(d.getEligibleForFunding()).isTrue();
        assertThat(d.getMessageKey()).isEqualTo("scholarship_eligibility");
        assertThat(TestKafka.readAll(Topics.FUNDING_DECISION).stream().filter(r -> id.equals(r.key())).count()).isEqualTo(1);
        assertThat(TestDb.count("SELECT count(*) FROM funding_decision WHERE application_id = '" + id + "'")).isEqualTo(1);
        given().get("/api/v1/funding-decisions/" + id).then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("funded"))
                .body("data.attributes.rule_set", equalTo("2026"))
                .body("data.attributes.list_versions.pp50-schools", equalTo(
                        (int) TestDb.count("SELECT coalesce(max(version), 0) FROM eligibility_list_version WHERE list_type = 'pp50-schools'")))
                .body("data.attributes.trace", hasItem("18: NPQH in an eligible establishment (type 1)"));
    }

    /**
     * Issue 17: a submission that arrives in a trace (registration's relay sends the request's traceparent) is decided in that
     * trace, and the decision event funding publishes carries it on (one registration, one trace); the decision is counted
     * by its code in the scrape of the management interface.
     */
    @Test
    void aDecisionContinuesTheTraceOfItsSubmissionAndIsCountedByItsCode() {
        String counter = "npq_funding_decisions_total";
        Double before = Management.sample(Management.scrape(), counter, "code=\"funded\"");
        String traceId = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(UUID.randomUUID().getMostSignificantBits()).putLong(UUID.randomUUID().getLeastSignificantBits()).array());
        String id = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, id, java.util.Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"),
                submitted(id, UUID.randomUUID().toString(), trn(), "npq-headship", "2026b", "england", SCHOOL));
        assertThat(decisionOn(id).getFundingEligibilityStatusCode()).isEqualTo("funded");
        assertThat(TestSpans.traceOfEvent(id)).isEqualTo(traceId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestSpans.trace(traceId)).extracting(s -> s.getName())
                .anyMatch(n -> n.endsWith(" process")).contains(Topics.FUNDING_DECISION + " publish"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Management.sample(Management.scrape(), counter, "code=\"funded\""))
                .isGreaterThanOrEqualTo((before == null ? 0 : before) + 1));
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void theEngineTakesRegistrationsJudgementOfPreviouslyFundedAndKeepsItCurrent() {
        // registration judges d3 where its facts live and sends it with the submission: the engine's input
        String judged = UUID.randomUUID().toString(), person = UUID.randomUUID().toString();
        ApplicationSubmitted s = submitted(judged, person, trn(), "npq-headship", "2026b", "england", SCHOOL);
        s.setPreviouslyFunded(true);
        TestKafka.send(Topics.APPLICATION, judged, s);
        assertThat(decisionOn(judged).getFundingEligibilityStatusCode()).isEqualTo("previously_funded");
        given().get("/api/v1/funding-decisions/" + judged).then().statusCode(200)
                .body("data.attributes.previously_funded", equalTo(true)).body("data.attributes.eligible_for_dfe_funding", equalTo(false));

        // funded at submission, judged previously funded later (another application was accepted): the decision shows both
        String later = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, later, submitted(later, person, trn(), "npq-headship", "2025a", "england", SCHOOL));
        assertThat(decisionOn(later).getFundingEligibilityStatusCode()).isEqualTo("funded");
        TestKafka.send(Topics.APPLICATION, later, uk.npq.contracts.registration.PreviouslyFundedChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(later).setApplicationId(later)
                .setParticipantId(person).setPreviouslyFunded(true).setChangedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '" + later + "' AND previously_funded") == 1);
        given().get("/api/v1/funding-decisions/" + later).then().statusCode(200)
                .body("data.attributes.eligible_for_funding", equalTo(true))
                .body("data.attributes.previously_funded", equalTo(true)).body("data.attributes.eligible_for_dfe_funding", equalTo(false));
        given().get("/api/v1/funding-reviews?filter[review_status]=needs_review").then().statusCode(200);
    }

    @Test
    void aPreviewMatchesItsTrnOnlyAgainstVerifiedHoldersOfAFundedPlace() {
        String t = trn();
        // a person who typed t (unverified) holds an accepted funded place: it makes no history for the real holder of t
        String typed = UUID.randomUUID().toString(), typist = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, typed, submitted(typed, typist, t, "npq-headship", "2025a", "england", SCHOOL));
        decisionOn(typed);
        TestKafka.send(Topics.APPLICATION, typed, ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(typed).setApplicationId(typed).setParticipantId(typist)
                .setCourseIdentifier("npq-headship").setCohort("2025a").setLeadProviderId(LP_A).setFundedPlace(true)
                .setAcceptedAt(Instant.now()).build()); // no TRN on the acceptance: registration sends only verified ones
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '" + typed + "' AND accepted") == 1);
        assertThat(previewCode(t)).isEqualTo("funded");

        // once the Teacher Record System verifies t for that person, t has a funded place
        TestKafka.send(Topics.PARTICIPANT, typist, uk.npq.contracts.registration.TrnVerified.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(typist).setParticipantId(typist)
                .setTrn(t).setVerified(true).setOutcome("verified").setCheckedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '" + typed + "' AND trn_verified") == 1);
        assertThat(previewCode(t)).isEqualTo("previously_funded");
    }

    static String previewCode(String t) {
        String admin = uk.npq.platform.testing.TestTokens.token("admin-" + UUID.randomUUID(), List.of("admin"), java.util.Map.of());
        return given().auth().oauth2(admin).contentType("application/json")
                .body("{\"data\":{\"type\":\"funding-eligibility-check\",\"attributes\":{\"cohort\":\"2026b\",\"course_identifier\":\"npq-headship\","
                        + "\"teacher_catchment\":\"england\",\"work_setting\":\"a_school\",\"school_urn\":\"" + SCHOOL + "\",\"trn\":\"" + t + "\"}}}")
                .post("/api/v1/funding-eligibility-checks").then().statusCode(200).extract().path("data.attributes.funding_eligibility_status_code");
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void anApplicationWhoseSchoolIsUnknownGoesToReviewNotToFunded() {
        String id = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, id, submitted(id, UUID.randomUUID().toString(), trn(), "npq-headship", "2026b", "england", "799999"));
        FundingDecisionMade d = decisionOn(id);
        assertThat(d.getFundingEligibilityStatusCode()).isEqualTo("subject_to_review");
        assertThat(d.getEligibleForFunding()).isFalse();
        given().get("/api/v1/funding-reviews").then().statusCode(200).body("data.id", hasItem(id));
        given().contentType("application/json").body("{\"data\":{\"type\":\"funding-review\",\"attributes\":{\"review_status\":\"awaiting_information\",\"note\":\"asked for the URN\"}}}")
                .put("/api/v1/funding-reviews/" + id).then().statusCode(200).body("data.attributes.review_status", equalTo("awaiting_information"));
        given().contentType("application/json").body("{\"data\":{\"type\":\"funding-review\",\"attributes\":{\"review_status\":\"maybe\"}}}")
                .put("/api/v1/funding-reviews/" + id).then().statusCode(422);
        given().get("/api/v1/funding-reviews?filter[review_status]=nonsense").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aPendingApplicationWithNoFundedPlaceYetCanBeMarkedIneligible() {
        String id = UUID.randomUUID().toString(), person = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, id, submitted(id, person, trn(), "npq-headship", "2026b", "england", SCHOOL));
        decisionOn(id);
        assertThat(TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '" + id + "' AND funded_place IS NULL"))
                .isEqualTo(1); // pending: no funded place yet (this used to be a NullPointerException, a 500)
        given().contentType("application/json")
                .body("{\"data\":{\"type\":\"funding-override\",\"attributes\":{\"eligible_for_funding\":false,\"reason\":\"policy\"}}}")
                .post("/api/v1/funding-decisions/" + id + "/override").then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("marked_ineligible_by_policy"));
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void overridesFollowTheGuardsOfD4AndArePublished() {
        String id = UUID.randomUUID().toString(), person = UUID.randomUUID().toString(), t = trn();
        TestKafka.send(Topics.APPLICATION, id, submitted(id, person, t, "npq-headship", "2026b", "england", SCHOOL));
        decisionOn(id);
        String ineligible = "{\"data\":{\"type\":\"funding-override\",\"attributes\":{\"eligible_for_funding\":false,\"reason\":\"policy\"}}}";
        TestKafka.send(Topics.APPLICATION, id, ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(person).setTrn(t)
                .setCourseIdentifier("npq-headship").setCohort("2026b").setLeadProviderId(LP_A).setFundedPlace(true)
                .setAcceptedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM application_funding WHERE application_id = '" + id + "' AND funded_place") == 1);
        given().contentType("application/json").body(ineligible).post("/api/v1/funding-decisions/" + id + "/override").then()
                .statusCode(422).body("errors.detail", hasItem("The application has a funded place, so it cannot be marked ineligible for funding."));

        TestDb.execute("UPDATE application_funding SET funded_place = false WHERE application_id = '" + id + "'");
        String declaration = UUID.randomUUID().toString();
        TestKafka.send(Topics.DECLARATION, declaration, DeclarationStateChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(declaration).setDeclarationId(declaration).setApplicationId(id)
                .setDeclarationType("started").setState("eligible").setChangedAt(Instant.now()).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM declaration_state WHERE declaration_id = '" + declaration + "'") == 1);
        given().contentType("application/json").body(ineligible).post("/api/v1/funding-decisions/" + id + "/override").then()
                .statusCode(422).body("errors.title", hasItem("eligible_for_funding"));
        assertThat(TestDb.count("SELECT count(*) FROM funding_decision WHERE application_id = '" + id + "' AND status_code = 'funded'")).isEqualTo(1);

        TestDb.execute("UPDATE declaration_state SET state = 'voided' WHERE declaration_id = '" + declaration + "'");
        // issue 14: -1 was read as true and the application marked funded by policy; no wrong JSON type is coerced
        for (String wrong : List.of("-1", "1", "\"true\"", "\"\"")) {
            given().contentType("application/json").body("{\"data\":{\"type\":\"funding-override\",\"attributes\":{\"eligible_for_funding\":"
                    + wrong + ",\"reason\":\"policy\"}}}").post("/api/v1/funding-decisions/" + id + "/override").then()
                    .statusCode(422).body("errors.title", contains("eligible_for_funding"))
                    .body("errors[0].detail", equalTo("'#/eligible_for_funding' must be true or false."));
        }
        given().contentType("text/plain").body(ineligible).post("/api/v1/funding-decisions/" + id + "/override").then().statusCode(415);
        assertThat(TestDb.count("SELECT count(*) FROM funding_decision WHERE application_id = '" + id + "' AND status_code = 'funded'")).isEqualTo(1);
        given().contentType("application/json").body(ineligible).post("/api/v1/funding-decisions/" + id + "/override").then()
                .statusCode(200).body("data.attributes.funding_eligibility_status_code", equalTo("marked_ineligible_by_policy"))
                .body("data.attributes.engine_status_code", equalTo("funded"));
        var overridden = (FundingDecisionOverridden) TestKafka.awaitRecord(Topics.FUNDING_DECISION,
                r -> id.equals(r.key()) && r.value() instanceof FundingDecisionOverridden, Duration.ofSeconds(30)).value();
        assertThat(overridden.getPreviousStatusCode()).isEqualTo("funded");
        assertThat(overridden.getEligibleForFunding()).isFalse();
        given().contentType("application/json").body("{\"data\":{\"type\":\"funding-override\",\"attributes\":{\"reason\":\"\"}}}")
                .post("/api/v1/funding-decisions/" + id + "/override").then().statusCode(422)
                .body("errors.title", hasItem("eligible_for_funding")).body("errors.title", hasItem("reason"));
    }

    @Test
    @TestSecurity(user = "school", roles = "school")
    void anyRoleMayPreviewAndNothingIsStored() {
        long decisions = TestDb.count("SELECT count(*) FROM funding_decision");
        given().contentType("application/json").body(preview("npq-leading-teaching", SCHOOL, "england"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(200)
                .body("data.type", equalTo("funding-eligibility-check"))
                .body("data.attributes.eligible_for_funding", equalTo(false))
                .body("data.attributes.funding_eligibility_status_code", equalTo("ineligible_establishment_not_a_pp50"))
                .body("data.attributes.message", equalTo("not_a_pp50"))
                .body("data.attributes.rule_set", equalTo("2026"))
                .body("data.attributes.trace", hasItem(startsWith("17: NPQLT is PP50 only")));
        assertThat(TestDb.count("SELECT count(*) FROM funding_decision")).isEqualTo(decisions);
    }

    @Test
    @TestSecurity(user = "participant", roles = "participant")
    void previewAnswersMissingOrUnknownInputsWith422NamingTheField() {
        given().contentType("application/json").body(preview("npq-headship", "799999", "england"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(422)
                .body("errors.title", hasItem("school_urn"));
        given().contentType("application/json").body(preview("npq-headship", null, "england"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(422).body("errors.title", hasItem("school_urn"));
        given().contentType("application/json").body(preview("npq-juggling", SCHOOL, "england").replace("2026b", "2031x"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(422)
                .body("errors.title", hasItem("course_identifier")).body("errors.title", hasItem("cohort"));
        // outside England the school does not matter: no 422 for its absence
        given().contentType("application/json").body(preview("npq-headship", null, "another"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("not_in_england"));
        // an unknown catchment is not "outside England": it is a 422 naming it
        given().contentType("application/json").body(preview("npq-headship", null, "x"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(422).body("errors.title", hasItem("teacher_catchment"));
        given().contentType("application/json").body("{\"data\":{\"type\":\"funding-eligibility-check\",\"attributes\":{\"lead_mentor\":\"sometimes\"}}}")
                .post("/api/v1/funding-eligibility-checks").then().statusCode(422).body("errors.title", hasItem("lead_mentor"));
    }

    static String preview(String course, String urn, String catchment) {
        return "{\"data\":{\"type\":\"funding-eligibility-check\",\"attributes\":{\"cohort\":\"2026b\",\"course_identifier\":\"" + course
                + "\",\"teacher_catchment\":\"" + catchment + "\",\"work_setting\":\"a_school\""
                + (urn == null ? "" : ",\"school_urn\":\"" + urn + "\"") + "}}}";
    }

    @Test
    void unauthenticatedIs401() {
        given().get("/api/v1/funding-decisions/" + UUID.randomUUID()).then().statusCode(401);
        given().contentType("application/json").body(preview("npq-headship", SCHOOL, "england"))
                .post("/api/v1/funding-eligibility-checks").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "school", roles = "school")
    void wrongRoleIs403() {
        given().get("/api/v1/funding-decisions/" + UUID.randomUUID()).then().statusCode(403);
        given().get("/api/v1/funding-reviews").then().statusCode(403);
        given().contentType("application/json").body("{}").post("/api/v1/funding-decisions/" + UUID.randomUUID() + "/override")
                .then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "lp-b", roles = "lead-provider")
    @OidcSecurity(claims = @Claim(key = "lead_provider_id", value = LP_B))
    void anotherLeadProvidersDecisionIsNotFound() {
        String id = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, id, submitted(id, UUID.randomUUID().toString(), trn(), "npq-headship", "2026b", "another", SCHOOL));
        decisionOn(id);
        given().get("/api/v1/funding-decisions/" + id).then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "participant", roles = "participant")
    @OidcSecurity(claims = @Claim(key = "participant_id", value = PARTICIPANT))
    void aParticipantSeesOnlyTheirOwnDecision() {
        String mine = UUID.randomUUID().toString(), theirs = UUID.randomUUID().toString();
        TestKafka.send(Topics.APPLICATION, mine, submitted(mine, PARTICIPANT, trn(), "npq-headship", "2026a", "england", SCHOOL));
        TestKafka.send(Topics.APPLICATION, theirs, submitted(theirs, UUID.randomUUID().toString(), trn(), "npq-headship", "2026a", "england", SCHOOL));
        decisionOn(mine);
        decisionOn(theirs);
        given().get("/api/v1/funding-decisions/" + mine).then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("unfunded_cohort"))
                .body("data.attributes.message", equalTo("unfunded_cohort"));
        given().get("/api/v1/funding-decisions/" + theirs).then().statusCode(404);
    }
}
