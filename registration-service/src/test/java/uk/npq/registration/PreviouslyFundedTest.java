package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;
import static uk.npq.registration.Fixtures.accept;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.person;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.PreviouslyFundedChanged;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * "Previously funded" as the DfE judges it whenever it reads an application (d3): another application of the same person
 * for the course family, in ANY cohort, accepted, eligible for funding and with funded_place null or true makes this one
 * not eligible for DfE funding (v3 eligible_for_funding false, reason previously-funded), unless funded by policy. The same
 * person is the same person record, or records sharing a verified TRN; an unverified TRN makes no history.
 */
@QuarkusTest
class PreviouslyFundedTest {

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static RequestSpecification as(String lp) {
        return given().auth().oauth2(TestTokens.leadProvider(lp)).contentType("application/json");
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.token("admin-" + UUID.randomUUID(), List.of("admin"), java.util.Map.of()))
                .contentType("application/json");
    }

    static Response v3(String lp, UUID application) {
        Response r = as(lp).get("/api/v3/npq-applications/" + application);
        r.then().statusCode(200);
        return r;
    }

    static void funded(String lp, UUID application) {
        v3(lp, application).then().body("data.attributes.eligible_for_funding", equalTo(true))
                .body("data.attributes.ineligible_for_funding_reason", nullValue());
    }

    static void previouslyFunded(String lp, UUID application) {
        v3(lp, application).then().body("data.attributes.eligible_for_funding", equalTo(false))
                .body("data.attributes.ineligible_for_funding_reason", equalTo("previously-funded"));
    }

    static ApplicationAccepted acceptance(UUID application) {
        return (ApplicationAccepted) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> application.toString().equals(r.key()) && r.value() instanceof ApplicationAccepted, Duration.ofSeconds(30)).value();
    }

    static List<PreviouslyFundedChanged> judgements(UUID application) {
        return TestKafka.readAll(Topics.APPLICATION).stream()
                .filter(r -> application.toString().equals(r.key()) && r.value() instanceof PreviouslyFundedChanged)
                .map(r -> (PreviouslyFundedChanged) r.value()).toList();
    }

    @Test
    void acrossCohortsTheOtherApplicationIsPreviouslyFundedFromTheMomentOneIsAcceptedWithAFundedPlace() {
        UUID p = person(randomTrn(), true);
        UUID npqh2025 = application(p, LP_A, "npq-headship", "2025a", true);
        UUID npqh2026 = application(p, LP_B, "npq-headship", "2026b", true);
        UUID npqsl2026 = application(p, LP_B, "npq-senior-leadership", "2026b", true); // another family
        funded(LP_A, npqh2025);
        funded(LP_B, npqh2026);

        Instant before = Instant.now();
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + npqh2025 + "/accept").then().statusCode(200);
        previouslyFunded(LP_B, npqh2026); // at once: judged in the acceptance's own transaction
        funded(LP_A, npqh2025);
        funded(LP_B, npqsl2026);
        assertThat(acceptance(npqh2025).getPreviouslyFunded()).isFalse();
        assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + npqh2026 + "' AND updated_at >= '"
                + before + "'")).as("a client syncing with filter[updated_since] sees the change").isEqualTo(1);
        TestKafka.awaitRecord(Topics.APPLICATION, r -> npqh2026.toString().equals(r.key()) && r.value() instanceof PreviouslyFundedChanged c
                && c.getPreviouslyFunded(), Duration.ofSeconds(30));

        // accepting the other with a funded place is what the DfE allows (its stored verdict is eligible); the acceptance
        // itself says it is previously funded, and the first is judged so too, as the DfE judges both ways
        as(LP_B).body(accept(true, null)).post("/api/v3/npq-applications/" + npqh2026 + "/accept").then().statusCode(200)
                .body("data.attributes.eligible_for_funding", equalTo(false))
                .body("data.attributes.ineligible_for_funding_reason", equalTo("previously-funded"));
        assertThat(acceptance(npqh2026).getPreviouslyFunded()).isTrue();
        previouslyFunded(LP_A, npqh2025);

        // the second provider gives the funded place back: the first is funded again, the second stays previously funded
        as(LP_B).body("{\"data\":{\"type\":\"npq-application-change-funded-place\",\"attributes\":{\"funded_place\":false}}}")
                .put("/api/v3/npq-applications/" + npqh2026 + "/change-funded-place").then().statusCode(200);
        funded(LP_A, npqh2025);
        previouslyFunded(LP_B, npqh2026);
        assertThat(judgements(npqh2025)).extracting(PreviouslyFundedChanged::getPreviouslyFunded).containsExactly(true, false);

        // the first is rejected (no declarations): nobody holds a funded place any more
        as(LP_A).post("/api/v3/npq-applications/" + npqh2025 + "/reject").then().statusCode(200);
        funded(LP_B, npqh2026);
    }

    @Test
    void theLaterCohortSubmittedAndAcceptedFirstMakesTheEarlierSubmissionPreviouslyFundedAtSubmission() {
        // the stand-in Teacher Record System verifies TRN 1234567 for Ada Example: both registrations are one person record
        String later = RegistrationFlowTest.registration("1234567", "100001").replace("npq-headship", "npq-leading-behaviour-culture");
        UUID npqlbc2026 = UUID.fromString(admin().body(later).post("/api/v1/registrations")
                .then().statusCode(201).extract().path("data.id"));
        TestDb.execute("UPDATE registration.application SET eligible_for_funding = true, funding_eligibility_status_code = 'funded' "
                + "WHERE id = '" + npqlbc2026 + "'"); // funding-service's verdict
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + npqlbc2026 + "/accept").then().statusCode(200);

        String earlier = later.replace("\"2026b\"", "\"2025a\"").replace(LP_A, LP_B);
        UUID npqlbc2025 = UUID.fromString(admin().body(earlier).post("/api/v1/registrations")
                .then().statusCode(201).extract().path("data.id"));
        var submitted = (uk.npq.contracts.registration.ApplicationSubmitted) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> npqlbc2025.toString().equals(r.key()) && r.value() instanceof uk.npq.contracts.registration.ApplicationSubmitted,
                Duration.ofSeconds(30)).value();
        assertThat(submitted.getPreviouslyFunded()).as("the funding engine's input d3, judged at submission").isTrue();
        v3(LP_B, npqlbc2025).then().body("data.attributes.ineligible_for_funding_reason", equalTo("previously-funded"));
    }

    @Test
    void fundedByPolicyIsEligibleThoughPreviouslyFundedAndAVerdictArrivingIsJudged() {
        UUID p = person(randomTrn(), true);
        UUID accepted = application(p, LP_B, "npq-headship", "2026b", true);
        as(LP_B).body(accept(true, null)).post("/api/v3/npq-applications/" + accepted + "/accept").then().statusCode(200);
        UUID other = application(p, LP_A, "npq-headship", "2025a", null); // no verdict yet
        TestKafka.send(Topics.FUNDING_DECISION, other.toString(), uk.npq.contracts.funding.FundingDecisionMade.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(other.toString())
                .setApplicationId(other.toString()).setParticipantId(p.toString()).setEligibleForFunding(true)
                .setFundingEligibilityStatusCode("marked_funded_by_policy").setRuleSet("autumn-2025").setDecidedAt(Instant.now()).build());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM registration.application "
                + "WHERE id = '" + other + "' AND previously_funded AND funding_eligibility_status_code = 'marked_funded_by_policy'") == 1);
        // funded by policy: eligible although previously funded, and the DfE still names the reason
        v3(LP_A, other).then().body("data.attributes.eligible_for_funding", equalTo(true))
                .body("data.attributes.ineligible_for_funding_reason", equalTo("previously-funded"));
        funded(LP_B, accepted); // the 2025 one is not accepted: the 2026 one keeps its place
    }

    @Test
    void onlyTheSamePersonOrAVerifiedSharedTrnCounts() {
        String trn = randomTrn();
        UUID holder = person(trn, true);
        UUID typist = person(trn, false); // typed someone else's TRN (or a typo); the Teacher Record System did not verify it
        UUID typed = application(typist, LP_B, "npq-headship", "2025a", true);
        as(LP_B).body(accept(true, null)).post("/api/v3/npq-applications/" + typed + "/accept").then().statusCode(200);
        UUID real = application(holder, LP_A, "npq-headship", "2026b", true);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + real + "/accept").then().statusCode(200)
                .body("data.attributes.eligible_for_funding", equalTo(true)); // an unverified TRN denies nobody funding
        funded(LP_B, typed);
        assertThat(acceptance(real).getPreviouslyFunded()).isFalse();
    }

    @Test
    void twoProvidersAcceptingOnePersonsTwoCohortsAtTheSameMomentLeaveAtMostOneFundedPlace() throws Exception {
        for (int round = 0; round < 5; round++) {
            UUID p = person(randomTrn(), true);
            UUID a = application(p, LP_A, "npq-headship", "2025a", true);
            UUID b = application(p, LP_B, "npq-headship", "2026b", true);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Integer>> both = List.of(
                        () -> as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + a + "/accept").statusCode(),
                        () -> as(LP_B).body(accept(true, null)).post("/api/v3/npq-applications/" + b + "/accept").statusCode());
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(both)) codes.add(f.get());
                assertThat(codes).containsOnly(200);
            } finally {
                pool.shutdown();
            }
            // whichever went second saw the first: at most one acceptance was ever a fundable place, and now neither is
            long fundableAcceptances = List.of(a, b).stream().filter(x -> !acceptance(x).getPreviouslyFunded()).count();
            assertThat(fundableAcceptances).isEqualTo(1);
            previouslyFunded(LP_A, a);
            previouslyFunded(LP_B, b);
        }
    }
}
