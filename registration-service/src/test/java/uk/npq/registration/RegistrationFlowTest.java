package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.testing.Management;
import uk.npq.platform.testing.TestSpans;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

@QuarkusTest
class RegistrationFlowTest {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";


    static String registration(String trn, String schoolUrn) {
        return """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"Ada Example","date_of_birth":"1985-04-12","email":"ada@example.org",
              "course_identifier":"npq-headship","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"%s","teacher_catchment":"england"}}}""".formatted(trn, LP_A, schoolUrn);
    }

    @org.junit.jupiter.api.BeforeEach
    void reference() {
        Fixtures.reference();
    }

    @Test
    void startsWithMigrationsAppliedAndIsReady() throws Exception {
        Management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // health and metrics answer on the management interface only, never on the service port (issue 17)
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        assertThat(TestDb.count("SELECT count(*) FROM registration.flyway_schema_history WHERE success")).isGreaterThanOrEqualTo(2);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void unauthenticatedIs401() {
        given().contentType("application/json").body(registration("1234567", "100001"))
                .post("/api/v1/registrations").then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().get("/api/v3/npq-applications/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "reporting", roles = "reporting")
    void wrongRoleIs403() {
        given().contentType("application/json").body(registration("1234567", "100001"))
                .post("/api/v1/registrations").then().statusCode(403);
        given().get("/api/v3/npq-applications/" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "school-a", roles = "school")
    @OidcSecurity(claims = @Claim(key = "school_urn", value = "100001"))
    void aSchoolRegistersOnlyItsOwnStaff() throws Exception {
        long before = TestDb.count("SELECT count(*) FROM application");
        given().contentType("application/json").body(registration("2345678", "100002"))
                .post("/api/v1/registrations").then().statusCode(403).contentType(startsWith("application/problem+json"));
        assertThat(TestDb.count("SELECT count(*) FROM application")).isEqualTo(before);
        String id = given().contentType("application/json").body(registration("2345678", "100001"))
                .post("/api/v1/registrations").then().statusCode(201).extract().path("data.id");
        // issue 17: the application's event carries the request's trace on (outbox, relay, Kafka); no span holds the TRN
        String traceId = TestSpans.traceOfEvent(id);
        await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestSpans.trace(traceId))
                .anySatisfy(s -> assertThat(s.getName()).isEqualTo("POST /api/v1/registrations"))
                .anySatisfy(s -> assertThat(s.getName()).endsWith(" publish")));
        for (var span : TestSpans.trace(traceId)) {
            span.getAttributes().forEach((k, v) -> assertThat(String.valueOf(v)).as(k.getKey()).doesNotContain("2345678"));
        }
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void invalidAnswersAre422NamingEachFieldAndWriteNothing() throws Exception {
        long people = TestDb.count("SELECT count(*) FROM person");
        String body = registration("12", "100001").replace("\"npq-headship\"", "\"npq-juggling\"");
        given().contentType("application/json").body(body).post("/api/v1/registrations").then()
                .statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.title", hasItem("trn"))
                .body("errors.detail", hasItem("TRN is the wrong length (should be 7 characters)"))
                .body("errors.title", hasItem("course_identifier"));
        assertThat(TestDb.count("SELECT count(*) FROM person")).isEqualTo(people);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aCourseTheLeadProviderDoesNotOfferInTheCohortIs422AndWritesNothing() {
        long people = TestDb.count("SELECT count(*) FROM person"), applications = TestDb.count("SELECT count(*) FROM application");
        String base = registration("RP99/" + (10000 + (int) (Math.random() * 89999)), "100001").replace(LP_A, LP_B);
        // B never offered early years leadership in 2026b, and withdrew its leading literacy offer there
        for (String course : List.of("npq-early-years-leadership", "npq-leading-literacy")) {
            given().contentType("application/json").body(base.replace("npq-headship", course)).post("/api/v1/registrations").then()
                    .statusCode(422).contentType(startsWith("application/problem+json"))
                    .body("errors.title", equalTo(List.of("course_identifier")))
                    .body("errors.detail", hasItem("The chosen lead provider does not offer '" + course
                            + "' in cohort 2026b. Choose a course it offers, or another lead provider."));
        }
        // the same course in another cohort of B, or with A, is offered
        given().contentType("application/json").body(base.replace("npq-headship", "npq-leading-literacy").replace("\"2026b\"", "\"2025a\""))
                .post("/api/v1/registrations").then().statusCode(201);
        assertThat(TestDb.count("SELECT count(*) FROM application")).isEqualTo(applications + 1);
        assertThat(TestDb.count("SELECT count(*) FROM person")).isEqualTo(people + 1);
        // a start year names its latest cohort: 2026 is 2026b, where B does not offer leading literacy
        given().contentType("application/json").body(base.replace("npq-headship", "npq-leading-literacy").replace("\"2026b\"", "\"2026\""))
                .post("/api/v1/registrations").then().statusCode(422).body("errors.title", hasItem("course_identifier"));
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void registrationIsStoredPublishedOnceAndARetryFindsIt() {
        String trn = "RP99/" + (10000 + (int) (Math.random() * 89999));
        String id = given().contentType("application/json").body(registration(trn, "100001"))
                .post("/api/v1/registrations").then().statusCode(201)
                .body("data.type", equalTo("npq-registration"))
                .body("data.attributes.status", equalTo("pending")).extract().path("data.id");
        given().contentType("application/json").body(registration(trn, "100001"))
                .post("/api/v1/registrations").then().statusCode(200).body("data.id", equalTo(id));

        var record = TestKafka.awaitRecord(Topics.APPLICATION, r -> id.equals(r.key()), Duration.ofSeconds(30));
        ApplicationSubmitted e = (ApplicationSubmitted) record.value();
        assertThat(e.getApplicationId()).isEqualTo(id);
        assertThat(e.getTrn()).isEqualTo(trn.replaceAll("[^0-9]", ""));
        assertThat(e.getCourseIdentifier()).isEqualTo("npq-headship");
        assertThat(e.getLeadProviderId()).isEqualTo(LP_A);
        assertThat(TestKafka.readAll(Topics.APPLICATION).stream()
                .filter(r -> id.equals(r.key())).count()).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void anIdempotencyKeyReplaysTheFirstRegistrationAndRefusesADifferentOne() {
        String trn = String.valueOf(2_000_000 + (int) (Math.random() * 7_000_000));
        String key = UUID.randomUUID().toString();
        String id = given().header("Idempotency-Key", key).contentType("application/json").body(registration(trn, "100001"))
                .post("/api/v1/registrations").then().statusCode(201).extract().path("data.id");
        given().header("Idempotency-Key", key).contentType("application/json").body(registration(trn, "100001"))
                .post("/api/v1/registrations").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("data.id", equalTo(id));
        given().header("Idempotency-Key", key).contentType("application/json").body(registration(trn, "100002"))
                .post("/api/v1/registrations").then().statusCode(422).body("errors.title", hasItem("Idempotency-Key"));
        assertThat(TestDb.count("SELECT count(*) FROM application a JOIN person p ON p.id = a.person_id WHERE p.trn = '" + trn + "'"))
                .isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "lp-a", roles = "lead-provider")
    @OidcSecurity(claims = @Claim(key = "lead_provider_id", value = LP_A))
    void theFundingDecisionShowsOnTheApplicationOfItsOwnLeadProvider() throws Exception {
        String id = insertApplication(LP_A);
        given().get("/api/v3/npq-applications/" + id).then().statusCode(200)
                .body("data.type", equalTo("npq_application"))
                .body("data.attributes.eligible_for_funding", nullValue());
        FundingDecisionMade d = FundingDecisionMade.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(id)
                .setEligibleForFunding(false).setFundingEligibilityStatusCode("not_in_england").setRuleSet("2026")
                .setDecidedAt(Instant.now()).build();
        TestKafka.send(Topics.FUNDING_DECISION, id, d, d);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v3/npq-applications/" + id).then()
                .statusCode(200)
                .body("data.attributes.eligible_for_funding", equalTo(false))
                .body("data.attributes", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("funding_eligibility_status_code"))) // not a DfE attribute
                .body("data.attributes.ineligible_for_funding_reason", equalTo("establishment-ineligible")));
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + d.getEventId() + "'")).isEqualTo(1);
        assertThat(TestDb.string("SELECT funding_eligibility_status_code FROM application WHERE id = '" + id + "'")).isEqualTo("not_in_england");
    }

    /**
     * targeted_delivery_funding_eligibility is funding-service's verdict, as the DfE sets it when it judges funding: it was
     * always false before. An admin override of eligible_for_funding leaves it as the decision set it.
     */
    @Test
    @TestSecurity(user = "lp-a", roles = "lead-provider")
    @OidcSecurity(claims = @Claim(key = "lead_provider_id", value = LP_A))
    void theTargetedDeliveryFundingOfTheDecisionShowsOnTheApplication() throws Exception {
        String id = insertApplication(LP_A);
        given().get("/api/v3/npq-applications/" + id).then().statusCode(200)
                .body("data.attributes.targeted_delivery_funding_eligibility", equalTo(false));
        FundingDecisionMade d = FundingDecisionMade.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(id)
                .setEligibleForFunding(true).setFundingEligibilityStatusCode("funded").setRuleSet("2026")
                .setDecidedAt(Instant.now()).setTargetedDeliveryFundingEligibility(true).build();
        TestKafka.send(Topics.FUNDING_DECISION, id, d, d);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v3/npq-applications/" + id).then()
                .statusCode(200).body("data.attributes.targeted_delivery_funding_eligibility", equalTo(true)));
        var o = uk.npq.contracts.funding.FundingDecisionOverridden.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setApplicationId(id).setParticipantId(id)
                .setEligibleForFunding(false).setFundingEligibilityStatusCode("marked_ineligible_by_policy").setPreviousStatusCode("funded")
                .setOverriddenAt(Instant.now()).build();
        TestKafka.send(Topics.FUNDING_DECISION, id, o, o);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v3/npq-applications/" + id).then()
                .statusCode(200).body("data.attributes.eligible_for_funding", equalTo(false))
                .body("data.attributes.targeted_delivery_funding_eligibility", equalTo(true)));
    }

    @Test
    @TestSecurity(user = "lp-b", roles = "lead-provider")
    @OidcSecurity(claims = @Claim(key = "lead_provider_id", value = LP_B))
    void anotherLeadProvidersApplicationIsNotFound() throws Exception {
        String id = insertApplication(LP_A);
        given().get("/api/v3/npq-applications/" + id).then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().get("/api/v3/npq-applications/not-a-uuid").then().statusCode(404);
    }

    private String insertApplication(String leadProvider) {
        return Fixtures.application(Fixtures.person(null, false), leadProvider, "npq-headship", "2026b", null).toString();
    }

}
