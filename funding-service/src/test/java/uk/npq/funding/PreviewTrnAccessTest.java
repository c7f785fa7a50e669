package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * The preview answers "previously funded" (d3), so a TRN in it is taken only from an admin or from a participant for
 * their own verified TRN; every other caller sending one is refused with 403 naming trn, and without one is answered.
 */
@QuarkusTest
class PreviewTrnAccessTest {
    static final io.restassured.filter.Filter CONTRACT = uk.npq.platform.testing.ContractValidator.forService("funding-service").filter();
    static final String SCHOOL = "740101";

    String fundedTrn;
    UUID owner;

    @BeforeEach
    void aSchoolAndAPreviouslyFundedTrn() {
        TestDb.execute("INSERT INTO establishment (urn, ukprn, name, type_code, la_code, phase_code, number_of_pupils, imported_at) "
                + "VALUES ('" + SCHOOL + "', '10074101', 'Preview Primary', 1, '202', '2', 200, now()) ON CONFLICT DO NOTHING");
        fundedTrn = String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
        owner = UUID.randomUUID();
        // the participant's accepted, eligible, funded headship: their TRN, verified by the Teacher Record System
        TestDb.execute("INSERT INTO application_funding (application_id, participant_id, trn, course_family, cohort, accepted, "
                + "eligible_for_funding, funded_place, trn_verified, updated_at) VALUES (gen_random_uuid(), '" + owner + "', '"
                + fundedTrn + "', 'npq-headship', '2025a', true, true, true, true, now())");
    }

    static String token(String role, Map<String, String> claims) {
        return "Bearer " + TestTokens.token(role + "-" + UUID.randomUUID(), List.of(role), claims);
    }

    static String participant(UUID id) {
        return token("participant", Map.of("participant_id", id.toString()));
    }

    static String preview(String trn) {
        return "{\"data\":{\"type\":\"funding-eligibility-check\",\"attributes\":{\"cohort\":\"2026b\",\"course_identifier\":\"npq-headship\","
                + "\"teacher_catchment\":\"england\",\"work_setting\":\"a_school\",\"school_urn\":\"" + SCHOOL + "\""
                + (trn == null ? "" : ",\"trn\":\"" + trn + "\"") + "}}}";
    }

    static io.restassured.response.ValidatableResponse post(String auth, String body) {
        return given().filter(CONTRACT).header("Authorization", auth).contentType("application/json").body(body)
                .post("/api/v1/funding-eligibility-checks").then();
    }

    static void refused(io.restassured.response.ValidatableResponse r) {
        r.statusCode(403).contentType(startsWith("application/problem+json")).body("errors", hasSize(1))
                .body("errors[0].title", equalTo("trn"));
    }

    @Test
    void everyOtherRoleIsRefusedATrnAndNothingChanges() {
        long decisions = TestDb.count("SELECT count(*) FROM funding_decision");
        long history = TestDb.count("SELECT count(*) FROM application_funding");
        for (String auth : List.of("Bearer " + TestTokens.leadProvider(FundingDecisionFlowTest.LP_A),
                token("school", Map.of("school_urn", "100001")),
                token("delivery-partner", Map.of("delivery_partner_id", UUID.randomUUID().toString(), "lead_provider_id", FundingDecisionFlowTest.LP_A)),
                token("reporting", Map.of()), token("finance", Map.of()),
                // a participant role without its participant_id claim has no TRN of its own
                token("participant", Map.of()))) {
            refused(post(auth, preview(fundedTrn)));
            // the same TRN or any other, funded or not: the refusal tells nothing about it
            refused(post(auth, preview("1000000")));
        }
        assertThat(TestDb.count("SELECT count(*) FROM funding_decision")).isEqualTo(decisions);
        assertThat(TestDb.count("SELECT count(*) FROM application_funding")).isEqualTo(history);
    }

    @Test
    void everyRoleIsStillAnsweredWithoutATrn() {
        for (String auth : List.of("Bearer " + TestTokens.leadProvider(FundingDecisionFlowTest.LP_A),
                token("school", Map.of("school_urn", "100001")),
                token("delivery-partner", Map.of("delivery_partner_id", UUID.randomUUID().toString())),
                token("reporting", Map.of()), token("finance", Map.of()), token("admin", Map.of()),
                participant(UUID.randomUUID()), participant(owner))) {
            post(auth, preview(null)).statusCode(200).body("data.attributes.funding_eligibility_status_code", equalTo("funded"))
                    .body("data.attributes.eligible_for_funding", equalTo(true));
        }
    }

    @Test
    void anAdminGetsThePreviouslyFundedAnswer() {
        post(token("admin", Map.of()), preview(fundedTrn)).statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("previously_funded"))
                .body("data.attributes.eligible_for_funding", equalTo(false));
        post(token("admin", Map.of()), preview("1000001")).statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("funded"));
    }

    @Test
    void aParticipantGetsTheAnswerForTheirOwnVerifiedTrnOnly() {
        post(participant(owner), preview(fundedTrn)).statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("previously_funded"));
        // someone else's TRN, funded or not
        String otherTrn = String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
        UUID other = UUID.randomUUID();
        TestDb.execute("INSERT INTO application_funding (application_id, participant_id, trn, course_family, cohort, accepted, "
                + "eligible_for_funding, funded_place, trn_verified, updated_at) VALUES (gen_random_uuid(), '" + other + "', '"
                + otherTrn + "', 'npq-senco', '2025a', true, true, true, true, now())");
        refused(post(participant(owner), preview(otherTrn)));
        refused(post(participant(other), preview(fundedTrn)));
        refused(post(participant(owner), preview("1000002")));
        post(participant(other), preview(otherTrn)).statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("funded"));
    }

    @Test
    void aParticipantWhoseTrnIsNotVerifiedIsRefused() {
        UUID unverified = UUID.randomUUID();
        String typed = String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
        TestDb.execute("INSERT INTO application_funding (application_id, participant_id, trn, course_family, cohort, accepted, "
                + "eligible_for_funding, funded_place, trn_verified, updated_at) VALUES (gen_random_uuid(), '" + unverified + "', '"
                + typed + "', 'npq-headship', '2026b', false, true, null, false, now())");
        refused(post(participant(unverified), preview(typed)));
        // and one funding has never heard of
        refused(post(participant(UUID.randomUUID()), preview(typed)));
    }
}
