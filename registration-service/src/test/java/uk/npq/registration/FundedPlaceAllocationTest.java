package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static uk.npq.registration.Fixtures.accept;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.person;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.AllocationDefined;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;
import uk.npq.registration.domain.Messages;

/**
 * Funded-place allocations of capped cohorts: copied from funding's AllocationDefined, read with their usage by the
 * lead provider (its own only), admins and finance, and enforced where accept and change-funded-place happen.
 */
@QuarkusTest
class FundedPlaceAllocationTest {
    static final String CHANGE = "{\"data\":{\"type\":\"npq-application-change-funded-place\",\"attributes\":{\"funded_place\":%s}}}";

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    /** funding-service's event for an allocation, once registration holds it. */
    static void allocation(String lp, String cohort, String course, int places) {
        String key = lp + "/" + cohort + "/" + course;
        TestKafka.send(Topics.FUNDING_REFERENCE, key, AllocationDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(key).setLeadProviderId(lp).setCohort(cohort).setCourseIdentifier(course)
                .setFundedPlaces(places).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM registration.funded_place_allocation "
                + "WHERE lead_provider_id = '" + lp + "' AND cohort = '" + cohort + "' AND course_identifier = '" + course
                + "' AND funded_places = " + places) == 1);
    }

    static RequestSpecification as(String lp) {
        return given().auth().oauth2(TestTokens.leadProvider(lp)).contentType("application/json");
    }

    static RequestSpecification role(String role) {
        return given().auth().oauth2(TestTokens.token(role + "-" + UUID.randomUUID(), List.of(role), Map.of()));
    }

    static io.restassured.response.Response acceptApp(String lp, UUID app, boolean funded) {
        return as(lp).body(accept(funded, null)).post("/api/v3/npq-applications/" + app + "/accept");
    }

    static io.restassured.response.Response change(String lp, UUID app, boolean funded) {
        return as(lp).body(String.format(CHANGE, funded)).put("/api/v3/npq-applications/" + app + "/change-funded-place");
    }

    static UUID pending(String lp, String course) {
        return application(person(randomTrn(), true), lp, course, "2026b", true);
    }

    static void refusedAtTheLimit(io.restassured.response.Response r, int places, String course) {
        r.then().statusCode(422).contentType(startsWith("application/problem+json")).body("errors", hasSize(1))
                .body("errors[0].title", equalTo("funded_place"))
                .body("errors[0].detail", equalTo(Messages.fundedPlacesUsed(places, course, "2026b")));
    }

    static boolean funded(UUID app) {
        return TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + app + "' AND funded_place") == 1;
    }

    static String status(UUID app) {
        return TestDb.string("SELECT status FROM registration.application WHERE id = '" + app + "'");
    }

    @Test
    void acceptingAFundedPlaceBeyondTheAllocationIsRefusedAndChangesNothing() {
        String lp = UUID.randomUUID().toString();
        allocation(lp, "2026b", "npq-headship", 2);
        UUID first = pending(lp, "npq-headship"), second = pending(lp, "npq-headship"), third = pending(lp, "npq-headship");
        acceptApp(lp, first, true).then().statusCode(200).body("data.attributes.funded_place", equalTo(true));
        // an unfunded place uses nothing
        UUID unfunded = pending(lp, "npq-headship");
        acceptApp(lp, unfunded, false).then().statusCode(200);
        acceptApp(lp, second, true).then().statusCode(200);
        refusedAtTheLimit(acceptApp(lp, third, true), 2, "npq-headship");
        assertThat(status(third)).isEqualTo("pending");
        assertThat(TestDb.count("SELECT count(*) FROM registration.application_state WHERE application_id = '" + third + "'")).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM registration.outbox_event WHERE aggregateid = '" + third + "'")).isZero();
        // without a funded place it is accepted
        acceptApp(lp, third, false).then().statusCode(200).body("data.attributes.funded_place", equalTo(false));
        // the allocation is per course: another course of the provider with no allocation is not limited
        UUID senco = pending(lp, "npq-senco");
        acceptApp(lp, senco, true).then().statusCode(200);
        // another provider's usage is its own
        String other = UUID.randomUUID().toString();
        allocation(other, "2026b", "npq-headship", 1);
        acceptApp(other, pending(other, "npq-headship"), true).then().statusCode(200);
        // other rules keep their precedence: an ineligible application gets the DfE's eligibility text, not ours
        UUID ineligible = application(person(randomTrn(), true), lp, "npq-headship", "2026b", false);
        acceptApp(lp, ineligible, true).then().statusCode(422).body("errors[0].detail", equalTo(Messages.FUNDED_PLACE_NOT_ELIGIBLE));
    }

    @Test
    void aZeroAllocationRefusesEveryFundedPlaceAndARaisedOneFreesPlaces() {
        String lp = UUID.randomUUID().toString();
        allocation(lp, "2026b", "npq-leading-teaching", 0);
        UUID app = pending(lp, "npq-leading-teaching");
        refusedAtTheLimit(acceptApp(lp, app, true), 0, "npq-leading-teaching");
        allocation(lp, "2026b", "npq-leading-teaching", 1);
        acceptApp(lp, app, true).then().statusCode(200);
        // lowered below its usage: nothing is taken away, no new funded place is given
        allocation(lp, "2026b", "npq-leading-teaching", 0);
        assertThat(funded(app)).isTrue();
        refusedAtTheLimit(acceptApp(lp, pending(lp, "npq-leading-teaching"), true), 0, "npq-leading-teaching");
        given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v1/funded-place-allocations/" + lp + "/2026b/npq-leading-teaching")
                .then().statusCode(200).body("data.attributes.funded_places", equalTo(0)).body("data.attributes.used", equalTo(1))
                .body("data.attributes.remaining", equalTo(0));
    }

    @Test
    void changeFundedPlaceToTrueRespectsTheAllocation() {
        String lp = UUID.randomUUID().toString();
        allocation(lp, "2026b", "npq-senior-leadership", 1);
        UUID holder = pending(lp, "npq-senior-leadership"), waiting = pending(lp, "npq-senior-leadership");
        acceptApp(lp, holder, true).then().statusCode(200);
        acceptApp(lp, waiting, false).then().statusCode(200);
        refusedAtTheLimit(change(lp, waiting, true), 1, "npq-senior-leadership");
        assertThat(funded(waiting)).isFalse();
        // the holder keeps its place: setting true again changes nothing and is not refused
        change(lp, holder, true).then().statusCode(200).body("data.attributes.funded_place", equalTo(true));
        // the holder gives the place up, then the other may take it
        change(lp, holder, false).then().statusCode(200);
        change(lp, waiting, true).then().statusCode(200).body("data.attributes.funded_place", equalTo(true));
        refusedAtTheLimit(change(lp, holder, true), 1, "npq-senior-leadership");
        // a rejection frees a place too
        as(lp).post("/api/v3/npq-applications/" + waiting + "/reject").then().statusCode(200);
        change(lp, holder, true).then().statusCode(200);
    }

    @Test
    void aFundedPlaceMovedIntoAnotherCappedCohortTakesOneOfTheProvidersPlacesThere() {
        String course = "npq-leading-primary-mathematics"; // no other test moves this course of A into 2025a
        UUID person = person(randomTrn(), true);
        UUID app = application(person, Fixtures.LP_A, course, "2026b", true);
        acceptApp(Fixtures.LP_A, app, true).then().statusCode(200);
        String move = "{\"data\":{\"type\":\"participant-change-schedule\",\"attributes\":{\"course_identifier\":\"" + course
                + "\",\"schedule_identifier\":\"npq-specialist-spring\",\"cohort\":\"2025\"}}}";
        allocation(Fixtures.LP_A, "2025a", course, 0);
        as(Fixtures.LP_A).body(move).put("/api/v3/participants/npq/" + person + "/change-schedule").then().statusCode(422)
                .body("errors[0].title", equalTo("funded_place"))
                .body("errors[0].detail", equalTo(Messages.fundedPlacesUsed(0, course, "2025a")));
        assertThat(TestDb.string("SELECT cohort FROM registration.application WHERE id = '" + app + "'")).isEqualTo("2026b");
        allocation(Fixtures.LP_A, "2025a", course, 10_000);
        as(Fixtures.LP_A).body(move).put("/api/v3/participants/npq/" + person + "/change-schedule").then().statusCode(200);
        assertThat(TestDb.string("SELECT cohort FROM registration.application WHERE id = '" + app + "'")).isEqualTo("2025a");
        assertThat(funded(app)).isTrue();
    }

    @Test
    void twoAcceptsRacingForTheLastPlaceOnlyOneTakesIt() throws Exception {
        for (int round = 0; round < 4; round++) {
            String lp = UUID.randomUUID().toString();
            allocation(lp, "2026b", "npq-headship", 1);
            UUID a = pending(lp, "npq-headship");
            UUID b = pending(lp, "npq-headship");
            // every other round the second contender is an accepted application changing its funded place to true
            boolean viaChange = round % 2 == 1;
            if (viaChange) acceptApp(lp, b, false).then().statusCode(200);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(() -> {
                go.await();
                return acceptApp(lp, a, true).statusCode();
            }));
            results.add(pool.submit(() -> {
                go.await();
                return (viaChange ? change(lp, b, true) : acceptApp(lp, b, true)).statusCode();
            }));
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (var f : results) codes.add(f.get());
            pool.shutdown();
            assertThat(codes).containsExactlyInAnyOrder(200, 422);
            assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE lead_provider_id = '" + lp
                    + "' AND status = 'accepted' AND funded_place")).isEqualTo(1);
        }
    }

    /**
     * V16: an accept takes the counter row only at its end. While another transaction holds the provider's counter row, an
     * accept of the same course runs every other statement (the person's locks, the judge, the rejection of the person's
     * other pending application) and waits only on the guard's SET CONSTRAINTS; once the row is free it takes its place.
     * With V15's immediate triggers it waited at its first flush, on the application's UPDATE.
     */
    @Test
    void anAcceptWaitsForTheCounterRowOnlyAtItsLastStep() throws Exception {
        String lp = UUID.randomUUID().toString(), other = UUID.randomUUID().toString();
        allocation(lp, "2026b", "npq-headship", 5);
        acceptApp(lp, pending(lp, "npq-headship"), true).then().statusCode(200); // the counter row exists: used 1
        UUID person = person(randomTrn(), true);
        UUID app = application(person, lp, "npq-headship", "2026b", true);
        UUID rival = application(person, other, "npq-headship", "2026b", true); // rejected by the accept
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> accepted;
        try (var held = TestDb.hold()) {
            held.execute("SELECT used FROM registration.funded_place_usage WHERE lead_provider_id = '" + lp
                    + "' AND cohort = '2026b' AND course_identifier = 'npq-headship' FOR UPDATE");
            accepted = pool.submit(() -> acceptApp(lp, app, true).statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE 'SET CONSTRAINTS application_funded_place_usage%'") == 1);
            assertThat(status(app)).as("nothing is visible before the commit").isEqualTo("pending");
            assertThat(accepted).isNotDone();
        }
        assertThat(accepted.get()).isEqualTo(200);
        pool.shutdown();
        assertThat(status(app)).isEqualTo("accepted");
        assertThat(status(rival)).isEqualTo("rejected");
        assertThat(counter(lp, "2026b", "npq-headship")).isEqualTo(2);
    }

    /** The counter the guard reads (V15): a missing row is 0. */
    static long counter(String lp, String cohort, String course) {
        return TestDb.count("SELECT coalesce(sum(used), 0) FROM registration.funded_place_usage WHERE lead_provider_id = '" + lp
                + "' AND cohort = '" + cohort + "' AND course_identifier = '" + course + "'");
    }

    /** Counter rows that disagree with a recount of every provider, cohort and course in the database. */
    static long counterMismatches() {
        return TestDb.count("SELECT count(*) FROM (SELECT lead_provider_id, cohort, course_identifier, count(*) AS n "
                + "FROM registration.application WHERE status = 'accepted' AND funded_place GROUP BY 1, 2, 3) r "
                + "FULL JOIN registration.funded_place_usage u USING (lead_provider_id, cohort, course_identifier) "
                + "WHERE coalesce(r.n, 0) <> coalesce(u.used, 0)");
    }

    @Test
    void manyAcceptsRacingNeverTakeMoreThanTheAllocation() throws Exception {
        String lp = UUID.randomUUID().toString();
        allocation(lp, "2026b", "npq-headship", 5);
        // twelve accepts with a funded place and four accepted applications changing theirs to true, all at once
        List<UUID> accepts = new ArrayList<>(), changes = new ArrayList<>();
        for (int i = 0; i < 12; i++) accepts.add(pending(lp, "npq-headship"));
        for (int i = 0; i < 4; i++) {
            UUID app = pending(lp, "npq-headship");
            acceptApp(lp, app, false).then().statusCode(200);
            changes.add(app);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (UUID app : accepts) results.add(pool.submit(() -> {
            go.await();
            return acceptApp(lp, app, true).statusCode();
        }));
        for (UUID app : changes) results.add(pool.submit(() -> {
            go.await();
            return change(lp, app, true).statusCode();
        }));
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (var f : results) codes.add(f.get());
        pool.shutdown();
        assertThat(codes).filteredOn(c -> c == 200).hasSize(5);
        assertThat(codes).filteredOn(c -> c == 422).hasSize(11);
        assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE lead_provider_id = '" + lp
                + "' AND status = 'accepted' AND funded_place")).isEqualTo(5);
        assertThat(counter(lp, "2026b", "npq-headship")).isEqualTo(5);
        // the refused accepts changed nothing: their applications are still pending
        assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE lead_provider_id = '" + lp
                + "' AND status = 'pending'")).isEqualTo(12 - codes.subList(0, 12).stream().filter(c -> c == 200).count());
    }

    @Test
    void everyPathMovesTheCounterExactlyAndItEqualsARecount() {
        String lp = UUID.randomUUID().toString(), course = "npq-headship";
        allocation(lp, "2026b", course, 10);
        Fixtures.contract(lp, "2025a", course);
        UUID a1 = pending(lp, course), a2 = pending(lp, course);
        acceptApp(lp, a1, true).then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(1);
        acceptApp(lp, a2, false).then().statusCode(200); // an unfunded place counts nothing
        assertThat(counter(lp, "2026b", course)).isEqualTo(1);
        change(lp, a2, true).then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(2);
        change(lp, a1, false).then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(1);
        change(lp, a1, true).then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(2);
        as(lp).post("/api/v3/npq-applications/" + a1 + "/reject").then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(1);
        role("admin").contentType("application/json").post("/api/v1/admin/applications/" + a2 + "/revert-to-pending")
                .then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(0);

        // a withdrawal keeps the place counted (a withdrawn participant's place was funded)
        UUID withdrawnPerson = person(randomTrn(), true);
        UUID a3 = application(withdrawnPerson, lp, course, "2026b", true);
        acceptApp(lp, a3, true).then().statusCode(200);
        Fixtures.declaration(a3, "started", "eligible", Instant.parse("2026-10-01T10:00:00Z"));
        as(lp).body(Fixtures.action("participant-withdraw", "\"course_identifier\":\"" + course + "\",\"reason\":\"other\""))
                .put("/api/v3/participants/npq/" + withdrawnPerson + "/withdraw").then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(1);

        // a change of schedule into another cohort moves the place from one counter to the other
        UUID movedPerson = person(randomTrn(), true);
        UUID a4 = application(movedPerson, lp, course, "2026b", true);
        acceptApp(lp, a4, true).then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(2);
        as(lp).body(Fixtures.action("participant-change-schedule", "\"course_identifier\":\"" + course
                        + "\",\"schedule_identifier\":\"npq-leadership-autumn\",\"cohort\":\"2025\""))
                .put("/api/v3/participants/npq/" + movedPerson + "/change-schedule").then().statusCode(200);
        assertThat(counter(lp, "2026b", course)).isEqualTo(1);
        assertThat(counter(lp, "2025a", course)).isEqualTo(1);

        // the bulk import counts the funded places it brings (never refused by the allocation: the DfE accepted them)
        String rows = String.join(",", importRow(lp, course, "true"), importRow(lp, course, "true"), importRow(lp, course, "false"));
        role("admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"application-import\",\"attributes\":{\"rows\":[" + rows + "]}}}")
                .post("/api/v1/admin/imports/applications").then().statusCode(200).body("data.attributes.imported", equalTo(3));
        assertThat(counter(lp, "2026b", course)).isEqualTo(3);
        given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v1/funded-place-allocations/" + lp + "/2026b/" + course)
                .then().statusCode(200).body("data.attributes.used", equalTo(3)).body("data.attributes.remaining", equalTo(7));

        // whatever every test of this module did before, each counter equals a recount
        assertThat(counterMismatches()).isZero();
    }

    static String importRow(String lp, String course, String fundedPlace) {
        UUID participant = UUID.randomUUID();
        return "{\"participant_id\":\"" + participant + "\",\"trn\":\"" + randomTrn() + "\",\"trn_verified\":true,"
                + "\"full_name\":\"Ada Import\",\"date_of_birth\":\"1984-03-02\",\"email\":\"ada." + participant + "@example.org\","
                + "\"application_id\":\"" + UUID.randomUUID() + "\",\"lead_provider_id\":\"" + lp + "\",\"course_identifier\":\""
                + course + "\",\"cohort\":\"2026b\",\"schedule_identifier\":\"npq-leadership-autumn\",\"funded_place\":" + fundedPlace
                + ",\"training_status\":\"active\",\"accepted_at\":\"2026-09-01T10:00:00Z\",\"created_at\":\"2026-07-01T08:00:00Z\","
                + "\"work_setting\":\"a_school\",\"school_urn\":\"100001\",\"teacher_catchment\":\"england\",\"funding_choice\":\"school\"}";
    }

    @Test
    void providersReadTheirOwnAllocationsWithUsageAdminsAndFinanceEveryOne() {
        String lp = UUID.randomUUID().toString(), other = UUID.randomUUID().toString();
        allocation(lp, "2026b", "npq-headship", 3);
        allocation(lp, "2025a", "npq-headship", 5);
        allocation(other, "2026b", "npq-headship", 7);
        acceptApp(lp, pending(lp, "npq-headship"), true).then().statusCode(200);
        acceptApp(lp, pending(lp, "npq-headship"), false).then().statusCode(200);
        pending(lp, "npq-headship"); // pending uses nothing

        given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v1/funded-place-allocations").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data.find { it.id == '" + lp + "/2026b/npq-headship' }.type", equalTo("funded-place-allocation"))
                .body("data.find { it.id == '" + lp + "/2026b/npq-headship' }.attributes.funded_places", equalTo(3))
                .body("data.find { it.id == '" + lp + "/2026b/npq-headship' }.attributes.used", equalTo(1))
                .body("data.find { it.id == '" + lp + "/2026b/npq-headship' }.attributes.remaining", equalTo(2))
                .body("data.find { it.id == '" + lp + "/2025a/npq-headship' }.attributes.used", equalTo(0));
        given().auth().oauth2(TestTokens.leadProvider(lp)).queryParam("filter[cohort]", "2026b").get("/api/v1/funded-place-allocations")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].attributes.cohort", equalTo("2026b"));
        // another provider's: absent from the list, 404 by id
        given().auth().oauth2(TestTokens.leadProvider(lp)).queryParam("filter[lead_provider_id]", other).get("/api/v1/funded-place-allocations")
                .then().statusCode(200).body("data", empty());
        given().auth().oauth2(TestTokens.leadProvider(other)).get("/api/v1/funded-place-allocations").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].attributes.lead_provider_id", equalTo(other));
        given().auth().oauth2(TestTokens.leadProvider(other)).get("/api/v1/funded-place-allocations/" + lp + "/2026b/npq-headship")
                .then().statusCode(404).body("error", equalTo("Resource not found"));
        given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v1/funded-place-allocations/" + lp + "/2026b/npq-headship")
                .then().statusCode(200).body("data.attributes.used", equalTo(1)).body("data.attributes.remaining", equalTo(2));
        given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v1/funded-place-allocations/" + lp + "/2026b/npq-senco")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v1/funded-place-allocations/not-a-uuid/2026b/npq-headship")
                .then().statusCode(404);
        // admins and finance: every provider's
        for (String r : List.of("admin", "finance")) {
            role(r).queryParam("filter[lead_provider_id]", other).get("/api/v1/funded-place-allocations").then().statusCode(200)
                    .body("data", hasSize(1)).body("data[0].attributes.funded_places", equalTo(7));
            role(r).get("/api/v1/funded-place-allocations/" + lp + "/2026b/npq-headship").then().statusCode(200)
                    .body("data.attributes.used", equalTo(1));
            role(r).get("/api/v1/funded-place-allocations").then().statusCode(200)
                    .body("data.findAll { it.attributes.lead_provider_id == '" + lp + "' || it.attributes.lead_provider_id == '" + other + "' }",
                            hasSize(3));
        }
        role("admin").queryParam("filter[lead_provider_id]", "nope").get("/api/v1/funded-place-allocations").then().statusCode(400)
                .body("errors[0].title", equalTo("filter[lead_provider_id]"));
        // every other role is refused
        for (String r : List.of("school", "participant", "delivery-partner", "reporting")) {
            role(r).get("/api/v1/funded-place-allocations").then().statusCode(403);
            role(r).get("/api/v1/funded-place-allocations/" + lp + "/2026b/npq-headship").then().statusCode(403);
        }
        given().get("/api/v1/funded-place-allocations").then().statusCode(401);
    }
}
