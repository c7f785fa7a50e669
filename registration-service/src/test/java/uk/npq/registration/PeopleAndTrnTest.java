package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.ApplicationLifecycleTest.expect422;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.accept;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.person;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * People and TRNs end to end against the stand-in Teacher Record System (deploy/trs-stand-in): verification
 * at registration (e3), what lead providers see (e1), TRN requests (e2) and merges with 410 Gone (c6).
 */
@QuarkusTest
class PeopleAndTrnTest {

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("application/json");
    }

    static String registration(String trn, String name, String dob, String nino, String email, String course) {
        return """
            {"data":{"type":"npq-registration","attributes":{%s
              "full_name":"%s","date_of_birth":"%s",%s"email":"%s",
              "course_identifier":"%s","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}"""
                .formatted(trn == null ? "" : "\"trn\":\"" + trn + "\",", name, dob,
                        nino == null ? "" : "\"national_insurance_number\":\"" + nino + "\",", email, course, LP_A);
    }

    /** Registers and returns {application id, participant id}. */
    static String[] register(String body) {
        var r = admin().body(body).post("/api/v1/registrations").then().statusCode(201).extract();
        return new String[] {r.path("data.id"), r.path("data.attributes.participant_id")};
    }

    @Test
    void aVerifiedTrnIsShownAndTheRecordIsTheOneThatHoldsIt() {
        String[] first = register(registration("RP12/34567", "Ada Example", "1985-04-12", null, "ada@example.org", "npq-headship"));
        var r = as(LP_A).get("/api/v3/npq-applications/" + first[0]);
        r.then().statusCode(200)
                .body("data.attributes.teacher_reference_number", equalTo("1234567"))
                .body("data.attributes.teacher_reference_number_validated", equalTo(true));
        ContractValidator.forService("registration-service").assertResponse("GET", "/api/v3/npq-applications/" + first[0], r);
        // the same teacher from another login and email, for another course: the same person
        String[] second = register(registration("1234567", "Dr Ada Example", "1985-04-12", "QQ123456A", "ada.work@example.org",
                "npq-senco").replace("\"work_setting\"", "\"senco_in_role\":\"no_but_i_plan_to_become_one\",\"work_setting\""));
        assertThat(second[1]).isEqualTo(first[1]);
    }

    @Test
    void anUnverifiedTrnIsHiddenWithItsReason() {
        String[] wrongDob = register(registration("2000001", "Brian Sample", "1979-11-30", null, "brian@example.org", "npq-headship"));
        as(LP_A).get("/api/v3/npq-applications/" + wrongDob[0]).then().statusCode(200)
                .body("data.attributes.teacher_reference_number", nullValue())
                .body("data.attributes.teacher_reference_number_validated", equalTo(false));
        assertThat(status(wrongDob[1])).isEqualTo("no_match_found");
        String[] inactive = register(registration("2000005", "Eve Gone", "1975-05-05", null, "eve@example.org", "npq-headship"));
        assertThat(status(inactive[1])).isEqualTo("found_but_not_active");
        String[] outage = register(registration("9000503", "Olly Outage", "1980-01-03", null, "olly@example.org", "npq-headship"));
        assertThat(status(outage[1])).isEqualTo("unavailable");
    }

    @Test
    void someoneWhoTypedAnotherPersonsTrnIsFoundByNinoAndGetsTheirOwn() {
        String[] typo = register(registration("2000001", "Hana Typo", "1992-12-12", "QQ 20 00 06 C", "hana@example.org", "npq-headship"));
        as(LP_A).get("/api/v3/npq-applications/" + typo[0]).then().statusCode(200)
                .body("data.attributes.teacher_reference_number", equalTo("2000006"));
    }

    @Test
    void anApplicantWithoutATrnGetsOneRequestedOnAcceptanceAndVerifiedWhenItArrives() {
        String[] none = register(registration(null, "Nia Newcomer", "1996-02-02", null, "nia@example.org", "npq-headship"));
        assertThat(status(none[1])).isEqualTo("trn_requested");
        TestDb.execute("UPDATE registration.application SET eligible_for_funding = true WHERE id = '" + none[0] + "'");
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + none[0] + "/accept").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "verified".equals(status(none[1])));
        as(LP_A).get("/api/v3/participants/npq/" + none[1]).then().statusCode(200)
                .body("data.attributes.teacher_reference_number", equalTo("3000001"));
        assertThat(TestDb.count("SELECT count(*) FROM registration.trn_request WHERE person_id = '" + none[1]
                + "' AND status = 'completed'")).isEqualTo(1);
    }

    @Test
    void aMergeRetiresTheIdWhichThenAnswers410AndMovesTheApplications() {
        String trn = Fixtures.randomTrn();
        UUID survivor = person(trn, true);
        UUID duplicate = person(trn, false);
        UUID kept = application(survivor, LP_A, "npq-headship", "2026b", true);
        UUID moved = application(duplicate, LP_A, "npq-leading-teaching", "2026b", true);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + moved + "/accept").then().statusCode(200);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + kept + "/accept").then().statusCode(200);

        expect422(admin().body(merge(duplicate)).post("/api/v1/people/" + duplicate + "/merge"), "into",
                "A participant cannot be merged into itself.");
        admin().body(merge(survivor)).post("/api/v1/people/" + duplicate + "/merge").then().statusCode(200)
                .body("data.attributes.participant_id", equalTo(survivor.toString()));

        var gone = as(LP_A).get("/api/v3/participants/npq/" + duplicate);
        gone.then().statusCode(410)
                .body("errors[0].title", equalTo("Participant ID has been changed"))
                .body("errors[0].participant_id_changes[0].from_participant_id", equalTo(duplicate.toString()))
                .body("errors[0].participant_id_changes[0].to_participant_id", equalTo(survivor.toString()));
        ContractValidator.forService("registration-service").assertResponse("GET", "/api/v3/participants/npq/" + duplicate, gone);
        as(LP_A).get("/api/v3/participants/npq/" + survivor).then().statusCode(200)
                .body("data.attributes.npq_enrolments.npq_application_id", hasItem(moved.toString()))
                .body("data.attributes.participant_id_changes[0].from_participant_id", equalTo(duplicate.toString()));
        assertThat(as(LP_A).get("/api/v3/participants/npq?filter[from_participant_id]=" + duplicate).<List<String>>path("data.id"))
                .containsExactly(survivor.toString());
        var e = (ParticipantIdChanged) TestKafka.awaitRecord(Topics.PARTICIPANT,
                r -> survivor.toString().equals(r.key()) && r.value() instanceof ParticipantIdChanged, Duration.ofSeconds(30)).value();
        assertThat(e.getFromParticipantId()).isEqualTo(duplicate.toString());
        assertThat(e.getMovedApplicationIds()).containsExactly(moved.toString());

        // no cycles: a retired record cannot be merged again, nor can anything be merged into it
        expect422(admin().body(merge(duplicate)).post("/api/v1/people/" + survivor + "/merge"), "into",
                "A participant can only be merged into a live record, not a retired one.");
        expect422(admin().body(merge(survivor)).post("/api/v1/people/" + duplicate + "/merge"), "participant_id",
                "This participant has already been merged into another record.");
        UUID stranger = person(Fixtures.randomTrn(), false);
        expect422(admin().body(merge(survivor)).post("/api/v1/people/" + stranger + "/merge"), "into",
                "Only records with the same TRN can be merged.");
        as(LP_A).body(merge(survivor)).post("/api/v1/people/" + stranger + "/merge").then().statusCode(403);
    }

    @Test
    void aRecordWhoseTrnIsVerifiedLaterIsMergedIntoTheRecordThatHoldsIt() {
        String[] holder = register(registration("2000001", "Brian Sample", "1979-11-03", null, "brian.sample@example.org", "npq-headship"));
        UUID late = UUID.randomUUID();
        TestDb.execute("INSERT INTO registration.person (id, trn, trn_verified, trn_verification_status, full_name, date_of_birth, email, "
                + "created_at, updated_at, significantly_updated_at) VALUES ('" + late + "', '2000001', false, 'unavailable', 'Brian Sample', "
                + "'1979-11-03', 'b.sample@example.org', now(), now(), now())");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM registration.person WHERE id = '" + late + "' AND merged_into = '" + holder[1] + "'") == 1);
    }

    static String merge(UUID into) {
        return "{\"data\":{\"type\":\"participant-merge\",\"attributes\":{\"into\":\"" + into + "\"}}}";
    }

    static String status(String participant) {
        for (String s : List.of("verified", "no_match_found", "found_but_not_active", "trn_and_nino_blank", "unavailable", "trn_requested")) {
            if (TestDb.count("SELECT count(*) FROM registration.person WHERE id = '" + participant + "' AND trn_verification_status = '"
                    + s + "'") == 1) return s;
        }
        return "unchecked";
    }
}
