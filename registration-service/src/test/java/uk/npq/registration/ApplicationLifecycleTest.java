package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;
import static uk.npq.registration.Fixtures.accept;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.declaration;
import static uk.npq.registration.Fixtures.person;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.FundedPlaceChanged;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;
import uk.npq.registration.domain.Messages;

/** accept, reject and change-funded-place (npq-domain.md c1, d5, f3) through the DfE v3 endpoints, with real tokens. */
@QuarkusTest
class ApplicationLifecycleTest {

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static RequestSpecification as(String leadProvider) {
        return given().auth().oauth2(TestTokens.leadProvider(leadProvider)).contentType("application/json");
    }

    static String status(UUID application) {
        return TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + application + "' AND status = 'accepted'") == 1
                ? "accepted" : TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + application
                + "' AND status = 'rejected'") == 1 ? "rejected" : "pending";
    }

    @Test
    void acceptInACappedCohortStoresTheFundedPlaceChoosesTheScheduleAndPublishes() {
        UUID app = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(200)
                .body("data.type", equalTo("npq_application"))
                .body("data.attributes.status", equalTo("accepted"))
                .body("data.attributes.funded_place", equalTo(true))
                .body("data.attributes.schedule_identifier", equalTo("npq-leadership-autumn"))
                .body("data.attributes.cohort", equalTo("2026")).body("data.attributes.cohort_suffix", equalTo("b"));
        assertThat(TestDb.count("SELECT count(*) FROM registration.application_state WHERE application_id = '" + app
                + "' AND state = 'active'")).isEqualTo(1);
        var e = (ApplicationAccepted) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> app.toString().equals(r.key()) && r.value() instanceof ApplicationAccepted, Duration.ofSeconds(30)).value();
        assertThat(e.getScheduleIdentifier()).isEqualTo("npq-leadership-autumn");
        assertThat(e.getFundedPlace()).isTrue();
    }

    @Test
    void fundedPlaceFollowsTheCohortsFunding() {
        UUID full = application(person(randomTrn(), true), LP_A, "npq-leading-teaching", "2023a", true);
        // even where funded_place is ignored, a value that is no JSON boolean is refused, not read as absent
        for (String wrong : List.of("\"true\"", "1", "\"\"")) {
            expect422(as(LP_A).body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":" + wrong + "}}}")
                    .post("/api/v3/npq-applications/" + full + "/accept"), "funded_place", Messages.FUNDED_PLACE_REQUIRED);
        }
        assertThat(status(full)).isEqualTo("pending");
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + full + "/accept").then().statusCode(200)
                .body("data.attributes.funded_place", nullValue()); // full cohorts: ignored, null counts as funded
        UUID zero = application(person(randomTrn(), true), LP_A, "npq-leading-teaching", "2026a", false);
        as(LP_A).body(accept(false, null)).post("/api/v3/npq-applications/" + zero + "/accept").then().statusCode(200)
                .body("data.attributes.funded_place", equalTo(false))
                .body("data.attributes.schedule_identifier", equalTo("npq-specialist-spring"));
    }

    @Test
    void inAnUnfundedCohortAcceptTakesOnlyFundedPlaceFalseAsTheDfeDoes() {
        UUID zero = application(person(randomTrn(), true), LP_A, "npq-leading-teaching", "2026a", false);
        String url = "/api/v3/npq-applications/" + zero + "/accept";
        String text = "The '#/funded_place' field should be false for unfunded cohorts."; // en.yml funded_place.cannot_be_funded_for_unfunded_cohort
        expect422(as(LP_A).body(accept(true, null)).post(url), "funded_place", text);
        expect422(as(LP_A).post(url), "funded_place", text); // no body: funded_place absent is not false
        expect422(as(LP_A).body(accept(null, "npq-specialist-spring")).post(url), "funded_place", text);
        // the string "false" is no JSON boolean: refused as such before the cohort is judged, on every cohort (734e88f; the
        // DfE reads it untyped and here would say the unfunded-cohort text), a deliberate departure listed in the README
        expect422(as(LP_A).body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":\"false\"}}}").post(url),
                "funded_place", Messages.FUNDED_PLACE_REQUIRED);
        // checked before the application's state, as the DfE orders its validations
        UUID rejected = application(person(randomTrn(), true), LP_A, "npq-leading-teaching", "2026a", false);
        as(LP_A).post("/api/v3/npq-applications/" + rejected + "/reject").then().statusCode(200);
        expect422(as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + rejected + "/accept"), "funded_place", text);
        expect422(as(LP_A).body(accept(false, null)).post("/api/v3/npq-applications/" + rejected + "/accept"),
                "application", Messages.CANNOT_CHANGE_ONCE_REJECTED);
        assertThat(status(zero)).isEqualTo("pending");
        assertThat(TestDb.count("SELECT count(*) FROM registration.outbox_event WHERE aggregateid = '" + zero + "'")).isZero();

        as(LP_A).body(accept(false, null)).post(url).then().statusCode(200)
                .body("data.attributes.status", equalTo("accepted")).body("data.attributes.funded_place", equalTo(false));
        var e = (ApplicationAccepted) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> zero.toString().equals(r.key()) && r.value() instanceof ApplicationAccepted, Duration.ofSeconds(30)).value();
        assertThat(e.getFundedPlace()).isFalse();
    }

    @Test
    void acceptRefusalsNameTheFieldWithTheDfeTextAndChangeNothing() {
        UUID capped = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", false);
        expect422(as(LP_A).post("/api/v3/npq-applications/" + capped + "/accept"), "funded_place", Messages.FUNDED_PLACE_REQUIRED);
        expect422(as(LP_A).body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":\"true\"}}}")
                .post("/api/v3/npq-applications/" + capped + "/accept"), "funded_place", Messages.FUNDED_PLACE_REQUIRED);
        expect422(as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + capped + "/accept"),
                "application", Messages.FUNDED_PLACE_NOT_ELIGIBLE);
        expect422(as(LP_A).body(accept(false, "npq-leadership-winter")).post("/api/v3/npq-applications/" + capped + "/accept"),
                "schedule_identifier", Messages.SCHEDULE_NOT_FOUND);
        expect422(as(LP_A).body(accept(false, "npq-specialist-autumn")).post("/api/v3/npq-applications/" + capped + "/accept"),
                "schedule_identifier", Messages.SCHEDULE_WRONG_COURSE);
        assertThat(status(capped)).isEqualTo("pending");
        as(LP_A).body(accept(false, "npq-leadership-autumn")).post("/api/v3/npq-applications/" + capped + "/accept").then().statusCode(200);
        expect422(as(LP_A).body(accept(false, null)).post("/api/v3/npq-applications/" + capped + "/accept"),
                "application", Messages.ALREADY_ACCEPTED);

        UUID rejected = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        as(LP_A).post("/api/v3/npq-applications/" + rejected + "/reject").then().statusCode(200)
                .body("data.attributes.status", equalTo("rejected"))
                .body("data.attributes.reason_for_rejection", equalTo("rejected_by_provider"));
        expect422(as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + rejected + "/accept"),
                "application", Messages.CANNOT_CHANGE_ONCE_REJECTED);
        expect422(as(LP_A).post("/api/v3/npq-applications/" + rejected + "/reject"), "application", Messages.ALREADY_REJECTED);
    }

    @Test
    void anApplicationWhoseCohortOrScheduleIsUnknownCannotBeAccepted() {
        UUID noSchedule = application(person(randomTrn(), true), LP_A, "npq-headship", "2024a", true); // 2024a: no schedules here
        expect422(as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + noSchedule + "/accept"),
                "schedule", Messages.NO_SCHEDULE);
        UUID noCohort = application(person(randomTrn(), true), LP_A, "npq-headship", "2029a", true);
        expect422(as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + noCohort + "/accept"),
                "cohort", Messages.UNKNOWN_COHORT);
        assertThat(status(noSchedule)).isEqualTo("pending");
        assertThat(status(noCohort)).isEqualTo("pending");
    }

    @Test
    void acceptingRejectsThePersonsOtherPendingApplicationsForTheCourseFamilyAndBlocksASecondAcceptance() {
        UUID p = person(randomTrn(), true);
        UUID mine = application(p, LP_A, "npq-early-headship-coaching-offer", "2026b", true);
        UUID theirs = application(p, LP_B, "npq-additional-support-offer", "2026b", true); // same family
        UUID otherCourse = application(p, LP_B, "npq-headship", "2026b", true);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + mine + "/accept").then().statusCode(200);
        as(LP_B).get("/api/v3/npq-applications/" + theirs).then().statusCode(200)
                .body("data.attributes.status", equalTo("rejected"))
                .body("data.attributes.reason_for_rejection", equalTo("other_application_in_this_cohort_accepted"));
        assertThat(status(otherCourse)).isEqualTo("pending");
        var e = (ApplicationRejected) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> theirs.toString().equals(r.key()) && r.value() instanceof ApplicationRejected, Duration.ofSeconds(30)).value();
        assertThat(e.getReasonForRejection()).isEqualTo("other_application_in_this_cohort_accepted");

        // a later application of the same person for the family (e.g. after a merge) cannot be accepted too
        UUID later = application(p, LP_B, "npq-early-headship-coaching-offer", "2026b", true);
        expect422(as(LP_B).body(accept(true, null)).post("/api/v3/npq-applications/" + later + "/accept"),
                "application", Messages.OTHER_ACCEPTED);
    }

    @Test
    void twoProvidersAcceptingTheSamePersonsApplicationsAtOnceOnlyOneWins() throws Exception {
        for (int round = 0; round < 3; round++) {
            UUID p = person(randomTrn(), true);
            UUID a = application(p, LP_A, "npq-senior-leadership", "2026b", true);
            UUID b = application(p, LP_B, "npq-senior-leadership", "2026b", true);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (var pair : List.of(List.of(LP_A, a.toString()), List.of(LP_B, b.toString()))) {
                results.add(pool.submit(() -> {
                    go.await();
                    return as(pair.get(0)).body(accept(true, null)).post("/api/v3/npq-applications/" + pair.get(1) + "/accept").statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (var f : results) codes.add(f.get());
            pool.shutdown();
            assertThat(codes).containsExactlyInAnyOrder(200, 422);
            assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE person_id = '" + p + "' AND status = 'accepted'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void rejectingAnAcceptedApplicationNeedsItsDeclarationsVoided() {
        UUID app = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        as(LP_A).body(accept(true, null)).post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(200);
        UUID d = declaration(app, "started", "eligible", Instant.parse("2026-10-01T10:00:00Z"));
        // the DfE's text (en.yml application.cannot_reject_with_declarations), written out so another cannot creep back
        expect422(as(LP_A).post("/api/v3/npq-applications/" + app + "/reject"), "application",
                "This application has declarations that prevent it from being rejected. Void the declarations first, or contact us for assistance.");
        assertThat(status(app)).isEqualTo("accepted");
        Fixtures.declarationState(d, app, "started", "voided");
        as(LP_A).post("/api/v3/npq-applications/" + app + "/reject").then().statusCode(200)
                .body("data.attributes.status", equalTo("rejected"));
    }

    @Test
    void changeFundedPlaceFollowsD5() {
        UUID pending = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        String body = "{\"data\":{\"type\":\"npq-application-change-funded-place\",\"attributes\":{\"funded_place\":%s}}}";
        expect422(as(LP_A).body(body.formatted("true")).put("/api/v3/npq-applications/" + pending + "/change-funded-place"),
                "application", Messages.FUNDED_PLACE_NOT_ACCEPTED);
        as(LP_A).body(accept(false, null)).post("/api/v3/npq-applications/" + pending + "/accept").then().statusCode(200);
        expect422(as(LP_A).body(body.formatted("null")).put("/api/v3/npq-applications/" + pending + "/change-funded-place"),
                "funded_place", Messages.FUNDED_PLACE_REQUIRED);
        as(LP_A).body(body.formatted("true")).put("/api/v3/npq-applications/" + pending + "/change-funded-place").then().statusCode(200)
                .body("data.attributes.funded_place", equalTo(true));
        var e = (FundedPlaceChanged) TestKafka.awaitRecord(Topics.APPLICATION,
                r -> pending.toString().equals(r.key()) && r.value() instanceof FundedPlaceChanged, Duration.ofSeconds(30)).value();
        assertThat(e.getFundedPlace()).isTrue();
        declaration(pending, "started", "eligible", Instant.parse("2026-10-01T10:00:00Z"));
        expect422(as(LP_A).body(body.formatted("false")).put("/api/v3/npq-applications/" + pending + "/change-funded-place"),
                "application", Messages.FUNDED_PLACE_WITH_DECLARATIONS);

        UUID ineligible = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", false);
        as(LP_A).body(accept(false, null)).post("/api/v3/npq-applications/" + ineligible + "/accept").then().statusCode(200);
        expect422(as(LP_A).body(body.formatted("true")).put("/api/v3/npq-applications/" + ineligible + "/change-funded-place"),
                "application", Messages.FUNDED_PLACE_CHANGE_NOT_ELIGIBLE);

        UUID full = application(person(randomTrn(), true), LP_A, "npq-headship", "2023a", true);
        as(LP_A).post("/api/v3/npq-applications/" + full + "/accept").then().statusCode(200);
        expect422(as(LP_A).body(body.formatted("false")).put("/api/v3/npq-applications/" + full + "/change-funded-place"),
                "application", Messages.FUNDED_PLACE_BLANK_FOR_FULL);
    }

    @Test
    void anotherLeadProviderGets404OnEveryApplicationEndpointAndChangesNothing() {
        UUID app = application(person(randomTrn(), true), LP_A, "npq-headship", "2026b", true);
        as(LP_B).get("/api/v3/npq-applications/" + app).then().statusCode(404).body("errors.title", hasItem("Resource not found"));
        as(LP_B).body(accept(true, null)).post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(404);
        as(LP_B).post("/api/v3/npq-applications/" + app + "/reject").then().statusCode(404);
        as(LP_B).body("{\"data\":{\"type\":\"npq-application-change-funded-place\",\"attributes\":{\"funded_place\":true}}}")
                .put("/api/v3/npq-applications/" + app + "/change-funded-place").then().statusCode(404);
        assertThat(status(app)).isEqualTo("pending");
        given().auth().oauth2(TestTokens.token("school", List.of("school"), java.util.Map.of("school_urn", "100001")))
                .post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(403);
        given().post("/api/v3/npq-applications/" + app + "/accept").then().statusCode(401);
    }

    static void expect422(io.restassured.response.Response response, String title, String detail) {
        response.then().statusCode(422).body("errors.title", hasItem(title)).body("errors.detail", hasItem(detail));
    }
}
