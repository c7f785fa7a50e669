package uk.npq.assessment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.rest.OutcomeResource;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.testing.FeedSync;
import uk.npq.platform.testing.QueryPlans;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * GET /api/v3/participants/npq/outcomes by page[cursor]: the provider's outcomes in commit order, with writing
 * transactions held open across a sync; each test is a lead provider of its own. And the feed's page is read through
 * the index (lead_provider_id, change_xid, id), never a sequential scan, against thousands of analysed outcomes.
 */
@QuarkusTest
class OutcomeFeedTest {
    static {
        // every response to /api/ in these tests must match our OpenAPI document
        io.restassured.RestAssured.filters(OutcomeTest.CONTRACT.filter());
    }

    final String lp = UUID.randomUUID().toString();

    /** A completed declaration of the provider (committed), the parent every outcome needs; returns its id. */
    String declaration() {
        String id = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO completed_declaration (declaration_id, application_id, participant_id, lead_provider_id, "
                + "course_identifier, declaration_date, state, created_at, updated_at) VALUES ('" + id + "', gen_random_uuid(), "
                + "gen_random_uuid(), '" + lp + "', 'npq-headship', now(), 'eligible', now(), now())");
        return id;
    }

    String outcomeSql(UUID id, String declaration, String createdAt) {
        return "INSERT INTO participant_outcome (id, declaration_id, application_id, participant_id, lead_provider_id, course_identifier, "
                + "state, completion_date, source, created_at, updated_at) SELECT '" + id + "', declaration_id, application_id, "
                + "participant_id, lead_provider_id, course_identifier, 'passed', date '2026-11-01', 'lead_provider', " + createdAt
                + ", now() FROM completed_declaration WHERE declaration_id = '" + declaration + "'";
    }

    String outcome() {
        UUID id = UUID.randomUUID();
        TestDb.execute(outcomeSql(id, declaration(), "now()"));
        return id.toString();
    }

    FeedSync feed(String provider) {
        return new FeedSync(cursor -> given().auth().oauth2(TestTokens.leadProvider(provider)).queryParam("page[per_page]", 2)
                .queryParam("page[cursor]", cursor).get("/api/v3/participants/npq/outcomes"));
    }

    @Test
    void anOutcomeHeldOpenAcrossASyncIsServedOnceWhenItCommitsAndNothingIsSkipped() {
        String a = outcome(), b = outcome(), c = outcome();
        String parent = declaration();
        UUID held = UUID.randomUUID();
        FeedSync sync = feed(lp);
        String later;
        try (TestDb.Held tx = TestDb.hold().execute(outcomeSql(held, parent, "now() - interval '1 day'"))) {
            later = outcome(); // commits first, though the held one began writing before it
            sync.until(List.of(a, b, c));
            assertThat(sync.seen()).containsExactly(a, b, c);
            tx.commit();
        }
        sync.until(5);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(a, b, c, held.toString(), later);
    }

    @Test
    void aChangedOutcomeComesOnceMoreAfterItsChangeCommitsAndTheLaterTransactionWaitsForTheEarlier() {
        String a = outcome(), b = outcome();
        FeedSync sync = feed(lp).until(List.of(a, b));
        UUID first = UUID.randomUUID(), second = UUID.randomUUID();
        String p1 = declaration(), p2 = declaration();
        try (TestDb.Held older = TestDb.hold().execute("UPDATE participant_outcome SET updated_at = now() WHERE id = '" + a + "'")
                .execute(outcomeSql(first, p1, "now()"));
             TestDb.Held younger = TestDb.hold().execute(outcomeSql(second, p2, "now() - interval '1 hour'"))) {
            younger.commit();
            assertThat(sync.toEnd()).as("the younger outcome waits behind the older open transaction").isEmpty();
            older.commit();
        }
        sync.until(5);
        assertThat(sync.toEnd()).isEmpty();
        // the older transaction's two changes (in id order within it), then the younger's
        assertThat(sync.seen().subList(0, 2)).containsExactly(a, b);
        assertThat(sync.seen().subList(2, 4)).containsExactlyInAnyOrder(a, first.toString());
        assertThat(sync.seen().get(4)).isEqualTo(second.toString());
    }

    @Test
    void aCursorNeverServesAnotherProvidersOutcomesAndAGarbledOneIsA400() {
        String mine = outcome();
        String other = UUID.randomUUID().toString();
        assertThat(feed(other).toEnd()).isEmpty();
        FeedSync sync = feed(lp).until(List.of(mine));
        assertThat(feed(other).from(sync.cursor()).toEnd()).isEmpty();
        // a position forged just before the provider's own outcome, used by the other provider: still nothing of ours
        long xid = TestDb.count("SELECT change_xid FROM participant_outcome WHERE id = '" + mine + "'");
        assertThat(feed(other).from(new ListQuery.Cursor(xid - 1, new UUID(0, 0)).encode()).toEnd()).isEmpty();
        for (String garbled : List.of("garbled", "f1.eHl6", "MTIzfDQ1Ng")) {
            given().auth().oauth2(TestTokens.leadProvider(lp)).queryParam("page[cursor]", garbled).get("/api/v3/participants/npq/outcomes")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.title", hasItem("page[cursor]"));
        }
        // page by number as the DfE's clients do: no cursor headers
        var page = given().auth().oauth2(TestTokens.leadProvider(lp)).get("/api/v3/participants/npq/outcomes?page[per_page]=1");
        page.then().statusCode(200);
        assertThat(page.header("X-Next-Cursor")).isNull();
    }

    @Test
    void theFeedPageReadsOutcomesThroughTheProvidersIndex() {
        String seeded = "f00dfeed-0000-4000-8000-0000000000";
        TestDb.execute("INSERT INTO completed_declaration (declaration_id, application_id, participant_id, lead_provider_id, course_identifier, "
                + "declaration_date, state, created_at, updated_at) SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), "
                + "('" + seeded + "' || lpad((g % 3)::text, 2, '0'))::uuid, 'npq-headship', now(), 'eligible', now(), now() "
                + "FROM generate_series(1, 4000) g");
        TestDb.execute("INSERT INTO participant_outcome (id, declaration_id, application_id, participant_id, lead_provider_id, course_identifier, "
                + "state, completion_date, source, created_at, updated_at) SELECT gen_random_uuid(), declaration_id, application_id, "
                + "participant_id, lead_provider_id, course_identifier, 'passed', date '2026-11-01', 'lead_provider', now(), now() "
                + "FROM completed_declaration WHERE lead_provider_id::text LIKE 'f00dfeed-%'");
        TestDb.execute("ANALYZE participant_outcome");
        TestDb.execute("ANALYZE completed_declaration");
        for (Map<String, String> filters : List.of(Map.<String, String>of(), Map.of("filter[created_since]", "2026-01-01T00:00:00Z"),
                Map.of("page[per_page]", "3000"))) {
            var params = new MultivaluedHashMap<String, String>();
            params.add("page[cursor]", new ListQuery.Cursor(1000, UUID.randomUUID()).encode());
            filters.forEach(params::add);
            String sql = OutcomeResource.feedSql(UUID.fromString(seeded + "01"), ListQuery.of(params));
            assertThat(QueryPlans.seqScans(sql, Set.of("participant_outcome"))).as(QueryPlans.plan(sql).toString()).isEmpty();
            assertThat(QueryPlans.indexConditions(sql, "participant_outcome")).as(QueryPlans.plan(sql).toString())
                    .anyMatch(c -> c.contains("lead_provider_id") && c.contains("change_xid"));
        }
    }
}
