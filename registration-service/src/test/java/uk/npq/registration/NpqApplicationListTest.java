package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.FeedSync;
import uk.npq.platform.testing.TestDb;

/** GET /api/v3/npq-applications: DfE filters, sort, paging and error texts, tenant scope, and the cursor. */
@QuarkusTest
@TestSecurity(user = "lp-list", roles = "lead-provider")
@OidcSecurity(claims = @Claim(key = "lead_provider_id", value = NpqApplicationListTest.LP))
class NpqApplicationListTest {
    static final String LP = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0003";
    static final String OTHER_LP = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0004";

    @BeforeEach
    void clean() {
        Fixtures.reference();
        TestDb.execute("DELETE FROM application WHERE lead_provider_id IN ('" + LP + "', '" + OTHER_LP + "')");
    }

    /** An application created at 2026-01-01 + minute, for the given provider and cohort; returns its id. */
    static String application(String lp, String cohort, int minute) {
        String id = UUID.randomUUID().toString();
        for (String sql : applicationSql(id, lp, cohort, minute)) TestDb.execute(sql);
        return id;
    }

    /** The statements that insert application {@code id} of a new person, to run at once or in a held transaction. */
    static List<String> applicationSql(String id, String lp, String cohort, int minute) {
        String person = UUID.randomUUID().toString();
        String at = "timestamptz '2026-01-01 00:00:00+00' + interval '" + minute + " minutes'";
        return List.of("INSERT INTO person (id, full_name, date_of_birth, email, created_at, updated_at, significantly_updated_at) "
                + "VALUES ('" + person + "', 'List Example', '1980-01-01', 'list@example.org', " + at + ", " + at + ", " + at + ")",
                "INSERT INTO application (id, person_id, lead_provider_id, course_identifier, cohort, work_setting, "
                + "teacher_catchment, created_at, updated_at) VALUES ('" + id + "', '" + person + "', '" + lp
                + "', 'npq-headship', '" + cohort + "', 'a_school', 'england', " + at + ", " + at + ")");
    }

    static List<String> ids(String query) {
        return given().get("/api/v3/npq-applications" + query).then().statusCode(200).extract().path("data.id");
    }

    @Test
    void pagesOnlyTheCallersApplicationsInCreationOrder() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) mine.add(application(LP, "2026b", i));
        application(OTHER_LP, "2026b", 2);
        assertThat(ids("?page[per_page]=2")).containsExactly(mine.get(0), mine.get(1));
        assertThat(ids("?page[per_page]=2&page[page]=2")).containsExactly(mine.get(2), mine.get(3));
        assertThat(ids("?page[per_page]=2&page[page]=3")).containsExactly(mine.get(4));
        assertThat(ids("?page[per_page]=2&page[page]=4")).isEmpty();
        assertThat(ids("?page[per_page]=5000")).containsExactlyElementsOf(mine); // silently capped at 3000
        assertThat(ids("?page[page]=2147483647&page[per_page]=3000")).isEmpty();
        given().get("/api/v3/npq-applications").then().statusCode(200).body("data[0].type", equalTo("npq_application"))
                .body("data[0].attributes.cohort", equalTo("2026")).body("data[0].attributes.cohort_suffix", equalTo("b"));
    }

    @Test
    void badParametersAre400WithTheDfeTexts() {
        String page = "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number";
        for (String q : List.of("?page[page]=0", "?page[per_page]=-3", "?page[page]=abc", "?page[per_page]=1.5")) {
            given().get("/api/v3/npq-applications" + q).then().statusCode(400).body("errors.detail", hasItem(page));
        }
        given().get("/api/v3/npq-applications?filter=2025").then().statusCode(400)
                .body("errors.detail", hasItem("'#/filter' is not a valid field"));
        given().get("/api/v3/npq-applications?filter[updated_since]=yesterday").then().statusCode(400)
                .body("errors.detail", hasItem("The filter '#/updated_since' must be a valid ISO 8601 date"));
        given().get("/api/v3/npq-applications?filter[participant_id]=abc").then().statusCode(400);
        given().get("/api/v3/npq-applications?filter[cohort]=twenty").then().statusCode(400);
        for (String cursor : List.of("not-a-cursor", "f1.bm90LWEtY3Vyc29y", "f1." + java.util.Base64.getUrlEncoder().encodeToString(
                ("-5." + UUID.randomUUID()).getBytes()), "MTIzfDQ1Ng")) {
            given().queryParam("page[cursor]", cursor).get("/api/v3/npq-applications").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.title", hasItem("page[cursor]"));
        }
    }

    @Test
    void filtersByCohortYearParticipantAndUpdatedSince() {
        String a2026a = application(LP, "2026a", 1), a2026b = application(LP, "2026b", 2), a2025 = application(LP, "2025a", 3);
        assertThat(ids("?filter[cohort]=2026")).containsExactly(a2026a, a2026b);
        assertThat(ids("?filter[cohort]=2025,2026")).containsExactly(a2026a, a2026b, a2025);
        String person = given().get("/api/v3/npq-applications/" + a2025).then().extract().path("data.attributes.participant_id");
        assertThat(ids("?filter[participant_id]=" + person + "," + UUID.randomUUID())).containsExactly(a2025);
        assertThat(ids("?filter[updated_since]=2026-06-01T00:00:00Z")).isEmpty();
        // a change to the person counts for their applications, and '+' unencoded (read as a space) still works
        TestDb.execute("UPDATE person SET significantly_updated_at = timestamptz '2026-07-01 00:00:00+00' WHERE id = '" + person + "'");
        assertThat(ids("?filter[updated_since]=2026-06-01T01:00:00+01:00")).containsExactly(a2025);
        assertThat(ids("?filter[updated_since]=2026-06-01")).containsExactly(a2025);
        given().get("/api/v3/npq-applications/" + a2025).then().body("data.attributes.updated_at", equalTo("2026-07-01T00:00:00Z"));
    }

    @Test
    void sortsByCreatedOrUpdatedEitherWayAndIgnoresUnknownFields() {
        String first = application(LP, "2026b", 1), second = application(LP, "2026b", 2), third = application(LP, "2026b", 3);
        TestDb.execute("UPDATE application SET updated_at = timestamptz '2026-03-01 00:00:00+00' WHERE id = '" + first + "'");
        assertThat(ids("?sort=-created_at")).containsExactly(third, second, first);
        assertThat(ids("?sort=-updated_at")).containsExactly(first, third, second);
        assertThat(ids("?sort=updated_at")).containsExactly(second, third, first);
        assertThat(ids("?sort=colour")).containsExactly(first, second, third);
    }

    static FeedSync feed(int perPage) {
        return new FeedSync(cursor -> given().queryParam("page[per_page]", perPage).queryParam("page[cursor]", cursor)
                .get("/api/v3/npq-applications"));
    }

    /**
     * A feed page's JSON is byte for byte what each application's own GET answers (the entity's path), for rows with every
     * optional attribute set (verified and unverified TRN, school and childcare details, catchment abroad, SENCO, funding
     * verdicts, previously funded, rejection, a person's later significant change) and timestamps with microseconds. The
     * feed reads its rows as plain values, so this is what keeps its shape the DfE's.
     */
    @Test
    void aFeedPageShowsEachApplicationExactlyAsItsOwnGetDoes() {
        String accepted = UUID.randomUUID().toString(), rejected = UUID.randomUUID().toString();
        String verified = UUID.randomUUID().toString(), unverified = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO person (id, trn, trn_verified, trn_verification_status, full_name, date_of_birth, email, created_at, "
                + "updated_at, significantly_updated_at) VALUES ('" + verified + "', '" + Fixtures.randomTrn() + "', true, 'verified', 'Rich Example', "
                + "'1980-01-01', 'rich@example.org', now(), now(), timestamptz '2026-01-01 00:00:00.000001+00'), ('" + unverified + "', '"
                + Fixtures.randomTrn() + "', false, 'unchecked', 'Other Example', '1981-02-03', 'other@example.org', now(), now(), "
                + "timestamptz '2026-03-04 05:06:07.891234+00')");
        // two statements, so two transactions: the accepted one is first in the feed (one statement's rows share a position)
        String insert = "INSERT INTO application (id, person_id, lead_provider_id, course_identifier, cohort, status, accepted_at, training_status, "
                + "schedule_identifier, funded_place, work_setting, school_urn, school_ukprn, private_childcare_provider_urn, employment_role, "
                + "employer_name, headteacher_status, teacher_catchment, teacher_catchment_country, teacher_catchment_iso_country_code, "
                + "itt_provider, lead_mentor, senco_in_role, senco_start_date, funding_choice, eligible_for_funding, previously_funded, "
                + "funding_eligibility_status_code, targeted_delivery_funding_eligibility, reason_for_rejection, created_at, updated_at) VALUES ";
        TestDb.execute(insert + "('" + accepted + "', '" + verified + "', '" + LP + "', 'npq-headship', '2026b', 'accepted', now(), 'active', "
                + "'npq-leadership-autumn', true, 'a_school', '100001', '10000001', 'EY123456', 'Head of year', 'A School', "
                + "'yes_in_first_two_years', 'another', 'France', 'FRA', 'An ITT provider', true, 'yes', date '2024-09-01', 'school', true, "
                + "false, 'funded', true, NULL, timestamptz '2026-01-02 03:04:05.123456+00', timestamptz '2026-01-02 03:04:05.654321+00')");
        TestDb.execute(insert + "('" + rejected + "', '" + unverified + "', '" + LP + "', 'npq-senco', '2025a', 'rejected', NULL, NULL, NULL, false, "
                + "'a_nursery', NULL, NULL, 'EY654321', 'Manager', 'A Nursery', 'no', 'england', NULL, NULL, NULL, false, 'no', NULL, "
                + "'trust', false, true, 'previously_funded', false, 'rejected_by_provider', timestamptz '2026-01-02 03:04:06+00', timestamptz '2026-01-02 03:04:06.5+00')");
        // a background transaction of the service may hold the feed's horizon briefly
        String page = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> given()
                .queryParam("page[per_page]", 3).queryParam("page[cursor]", "").get("/api/v3/npq-applications")
                .then().statusCode(200).extract().asString(), body -> body.contains(accepted) && body.contains(rejected));
        assertThat(page).isEqualTo("{\"data\":[" + ownGet(accepted) + "," + ownGet(rejected) + "]}");
        assertThat(page).contains("\"teacher_catchment_iso_country_code\":\"FRA\"", "\"senco_start_date\":\"2024-09-01\"",
                "\"teacher_reference_number_validated\":true", "\"ineligible_for_funding_reason\":\"previously-funded\"",
                "\"reason_for_rejection\":\"rejected_by_provider\"", "\"updated_at\":\"2026-03-04T05:06:07.891234Z\"");
    }

    /** The "data" object of GET /{id}, as its bytes. */
    static String ownGet(String id) {
        String body = given().get("/api/v3/npq-applications/" + id).then().statusCode(200).extract().asString();
        assertThat(body).startsWith("{\"data\":{").endsWith("}}");
        return body.substring("{\"data\":".length(), body.length() - 1);
    }

    @Test
    void pagesByNumberCarryNoCursorAndTheFeedStartsAtTheEmptyCursor() {
        String a = application(LP, "2026b", 1), b = application(LP, "2026b", 2);
        Response page = given().get("/api/v3/npq-applications?page[per_page]=1");
        assertThat(page.header("X-Next-Cursor")).isNull();
        assertThat(page.header("Link")).isNull();
        assertThat(feed(1).until(List.of(a, b)).seen()).containsExactly(a, b);
    }

    @Test
    void aSyncByCursorServesAnApplicationHeldOpenAcrossItOnceWhenItCommitsAndSkipsNothing() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) before.add(application(LP, "2026b", i));
        String held = UUID.randomUUID().toString();
        FeedSync sync = feed(2);
        List<String> after = new ArrayList<>();
        try (TestDb.Held tx = TestDb.hold()) {
            applicationSql(held, LP, "2026b", 50).forEach(tx::execute);
            // committed after the held transaction wrote: behind it in commit order, and created earlier by the clock
            after.add(application(LP, "2026b", 0));
            after.add(application(LP, "2026b", 60));
            sync.until(before);
            assertThat(sync.seen()).containsExactlyElementsOf(before);
            tx.commit();
        }
        sync.until(6);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(before.get(0), before.get(1), before.get(2), held, after.get(0), after.get(1));
    }

    @Test
    void anApplicationChangedDuringASyncComesOnceMoreAtTheEndWhenTheChangeCommits() {
        String a = application(LP, "2026b", 1), b = application(LP, "2026b", 2), c = application(LP, "2026b", 3);
        FeedSync sync = feed(2).until(List.of(a, b, c));
        try (TestDb.Held tx = TestDb.hold().execute("UPDATE application SET eligible_for_funding = true, updated_at = now() WHERE id = '" + a + "'")) {
            assertThat(sync.toEnd()).as("the open change is not served yet").isEmpty();
            tx.commit();
        }
        sync.until(4);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(a, b, c, a);
        // a significant change of the person is a change of each of its applications (updated_since matches it too)
        TestDb.execute("UPDATE person SET significantly_updated_at = now() WHERE id = (SELECT person_id FROM application WHERE id = '" + b + "')");
        sync.until(5);
        assertThat(sync.seen()).containsExactly(a, b, c, a, b);
    }

    @Test
    void aLaterTransactionThatCommitsFirstIsServedAfterTheEarlierOneCommits() {
        String first = UUID.randomUUID().toString(), second = UUID.randomUUID().toString();
        FeedSync sync = feed(2);
        try (TestDb.Held older = TestDb.hold(); TestDb.Held younger = TestDb.hold()) {
            applicationSql(first, LP, "2026b", 9).forEach(older::execute);
            applicationSql(second, LP, "2026b", 1).forEach(younger::execute);
            younger.commit();
            assertThat(sync.toEnd()).as("the younger change waits behind the older open one").isEmpty();
            older.commit();
        }
        sync.until(2);
        assertThat(sync.seen()).containsExactly(first, second);
    }

    @Test
    void aCursorServesOnlyTheCallersApplicationsWhateverPositionItNames() {
        String mine = application(LP, "2026b", 1), theirs = application(OTHER_LP, "2026b", 1), mineToo = application(LP, "2026b", 2);
        // a cursor forged at the other provider's application, just before it: still only the caller's rows after it
        long xid = TestDb.count("SELECT change_xid FROM application WHERE id = '" + theirs + "'");
        String forged = new uk.npq.platform.rest.ListQuery.Cursor(xid - 1, new UUID(-1L, -1L)).encode(); // after every row of the position before theirs
        assertThat(feed(100).from(forged).until(List.of(mineToo)).seen()).containsExactly(mineToo);
        assertThat(feed(100).until(List.of(mine, mineToo)).seen()).containsExactly(mine, mineToo);
    }

    @Test
    @TestSecurity(user = "school", roles = "school")
    void aSchoolMayNotList() {
        given().get("/api/v3/npq-applications").then().statusCode(403);
    }

    @Test
    @TestSecurity
    void anonymousMayNotList() {
        given().get("/api/v3/npq-applications").then().statusCode(401);
    }
}
