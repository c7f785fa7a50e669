package uk.npq.engagement;

import uk.npq.platform.testing.SqlTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.STARTED;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.QueryPlans;
import uk.npq.platform.testing.TestDb;

/**
 * Every query of the declaration endpoints reaches the rows of the tables that grow (declarations, enrolments, statement
 * items, ...) through an index, never a sequential scan: the SQL each request really sends is captured ({@link SqlTrace})
 * and explained ({@link QueryPlans}) against tables seeded with thousands of rows and analysed, so the planner chooses
 * as it would in production. A query added without an index it can use fails here.
 */
@QuarkusTest
class IndexUseTest {
    /** Tables whose size grows with participants, declarations and partners (each is seeded below). */
    static final Set<String> GROWING = Set.of("declaration", "enrolment", "statement_item", "statement", "participant_id_change",
            "delivery_partner", "delivery_partnership", "contract");
    static final int ROWS = 4000;
    private static boolean seeded;

    /** ROWS enrolments (four in five accepted) with one declaration each, their billing items, partners, contracts, merges. */
    static synchronized void seed() {
        if (seeded) return;
        String lp = "('e5eed000-0000-4000-8000-0000000000' || lpad((g % 3)::text, 2, '0'))::uuid";
        // the enrolments and declarations are one provider's: its whole history, the worst case for a query whose only
        // indexed condition is the provider (the identical-request check before V13 read them all)
        String oneLp = "'e5eed000-0000-4000-8000-000000000000'::uuid";
        TestDb.execute("INSERT INTO enrolment (application_id, participant_id, lead_provider_id, course_identifier, cohort, status, "
                + "eligible_for_funding, funding_status_code, trn, teacher_catchment, school_urn, accepted_at, training_status, "
                + "schedule_identifier, funded_place, updated_at) SELECT gen_random_uuid(), gen_random_uuid(), " + oneLp + ", "
                + "(ARRAY['npq-headship','npq-senior-leadership','npq-leading-teaching'])[1 + g % 3], '2025a', "
                + "CASE WHEN g % 5 = 0 THEN 'pending' ELSE 'accepted' END, true, 'funded', lpad((5000000 + g)::text, 7, '0'), "
                + "'england', '100001', now() - g * interval '1 minute', 'active', 'npq-leadership-autumn', true, now() "
                + "FROM generate_series(1, " + ROWS + ") g");
        TestDb.execute("INSERT INTO statement (id, lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, state, "
                + "updated_at) SELECT gen_random_uuid(), " + lp + ", (ARRAY['2024a','2025a','2026a'])[1 + g % 3], 2025 + g % 3, 1 + g % 12, "
                + "current_date - 400 + g, current_date - 370 + g, g % 4 <> 0, (ARRAY['open','payable','paid'])[1 + g % 3], now() "
                + "FROM generate_series(1, 600) g");
        TestDb.execute("INSERT INTO declaration (id, application_id, participant_id, lead_provider_id, course_identifier, cohort, "
                + "declaration_type, declaration_date, state, request_digest, created_at, updated_at) SELECT gen_random_uuid(), "
                + "application_id, participant_id, lead_provider_id, course_identifier, cohort, 'started', now() - interval '30 days', "
                + "(ARRAY['submitted','eligible','payable','paid','voided'])[1 + (hashtext(application_id::text) & 4095) % 5], "
                + "encode(sha256(application_id::text::bytea), 'hex'), now() - (hashtext(application_id::text) & 65535) * interval '1 second', "
                + "now() FROM enrolment WHERE lead_provider_id::text LIKE 'e5eed000-%'");
        TestDb.execute("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at) "
                + "SELECT gen_random_uuid(), d.id, (SELECT s.id FROM statement s WHERE s.lead_provider_id = d.lead_provider_id LIMIT 1), "
                + "'billing', d.state, now(), now() FROM declaration d WHERE d.state IN ('eligible', 'payable', 'paid') "
                + "AND d.lead_provider_id::text LIKE 'e5eed000-%'");
        TestDb.execute("INSERT INTO delivery_partner (id, name, updated_at) SELECT ('e5eed000-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, "
                + "'Seeded hub ' || g, now() FROM generate_series(1, " + ROWS + ") g");
        TestDb.execute("INSERT INTO delivery_partnership (delivery_partner_id, lead_provider_id, cohort) SELECT "
                + "('e5eed000-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, " + lp + ", c FROM generate_series(1, " + ROWS + ") g, "
                + "unnest(ARRAY['2024a','2025a']) c");
        TestDb.execute("INSERT INTO contract (lead_provider_id, cohort, course_identifier, updated_at) SELECT " + lp + ", c, "
                + "'npq-seeded-' || g, now() FROM generate_series(0, 199) g, unnest(ARRAY['2023a','2024a','2025a','2026a']) c");
        TestDb.execute("INSERT INTO participant_id_change (from_participant_id, to_participant_id, changed_at) "
                + "SELECT gen_random_uuid(), gen_random_uuid(), now() FROM generate_series(1, " + ROWS + ")");
        for (String table : GROWING) TestDb.execute("ANALYZE " + table);
        seeded = true;
    }

    @Test
    void submittingChangingAndVoidingADeclarationReadThroughIndexes() {
        seed();
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        UUID[] e = DeclarationFixtures.enrolment(LP_A, "npq-leading-teaching", "2026b", "npq-specialist-autumn", true, true, trn, "england");
        UUID dp = DeclarationFixtures.partner(LP_A, "2026b"), secondary = DeclarationFixtures.partner(LP_A, "2026b");
        String request = body(e[0], "started", STARTED, "npq-leading-teaching",
                "\"delivery_partner_id\":\"" + dp + "\",\"secondary_delivery_partner_id\":\"" + secondary + "\"");
        String trace = SqlTrace.newId();
        String id = as(LP_A).header("X-Correlation-Id", trace).body(request).post("/api/v3/participant-declarations")
                .then().statusCode(200).extract().path("data.id");
        as(LP_A).header("X-Correlation-Id", trace).body(request).post("/api/v3/participant-declarations")
                .then().statusCode(200).header("Idempotent-Replayed", "true"); // the identical request's lookup
        as(LP_A).header("X-Correlation-Id", trace).body("{\"data\":{\"type\":\"participant-declaration\",\"attributes\":"
                + "{\"delivery_partner_id\":\"" + secondary + "\"}}}").put("/api/v3/participant-declarations/" + id + "/change-delivery-partner")
                .then().statusCode(200);
        as(LP_A).header("X-Correlation-Id", trace).put("/api/v3/participant-declarations/" + id + "/void").then().statusCode(200);

        List<String> sql = SqlTrace.statements(trace);
        // the lookups this test is about were really made (so it cannot pass by tracing nothing)
        assertThat(sql).anyMatch(s -> s.contains("request_digest") && s.toLowerCase().startsWith("select"));
        assertThat(sql).anyMatch(s -> s.contains("delivery_partnership"));
        assertThat(sql).anyMatch(s -> s.contains("from engagement.contract") || s.contains("FROM contract"));
        assertThat(sql).anyMatch(s -> s.contains("trn")); // another record's declaration of the milestone (c3 duplicates)
        // the POST's two statements of DeclarationFactsResolver: the facts with the locks, and the checks after them
        assertThat(sql).anyMatch(s -> s.contains("pg_advisory_xact_lock_shared") && s.contains("next_statement") && s.contains("delivery_partnership"))
                .anyMatch(s -> s.contains("duplicate_of") && s.contains("statement_open") && s.contains("request_digest"));
        assertNoSequentialScans(sql);
        // the checks' lookups of an application's billable declarations (the milestone's, another record's) are served by the
        // partial unique index, whose predicate is theirs (V17 dropped declaration_application, which only duplicated it)
        String checks = sql.stream().filter(s -> s.contains("duplicate_of") && s.contains("statement_open")).findFirst().orElseThrow();
        assertThat(QueryPlans.plan(checks).toString()).as(checks).contains("declaration_one_billable").doesNotContain("declaration_application");
    }

    /**
     * Every index of declaration is maintained by every declaration INSERT (issue 16: 4,000 a second is the bar): each one here is
     * used by a query of the request paths (the comment beside it says which); a new one needs its reason added here.
     */
    @Test
    void declarationHasOnlyTheIndexesItsQueriesUse() {
        List<String> indexes = List.of(TestDb.string("SELECT string_agg(indexname, ',') FROM pg_indexes "
                + "WHERE schemaname = current_schema() AND tablename = 'declaration'").split(","));
        assertThat(indexes).containsExactlyInAnyOrder(
                "declaration_pkey",            // GET one, the void's and the change's lock, statement items' foreign key
                "declaration_one_billable",    // one billable declaration per milestone; the checks' and the import's billable lookups
                "declaration_request",         // the identical-request check
                "declaration_lead_provider",   // the list's order (created_at, id) within a provider
                "declaration_participant",     // filter[participant_id]
                "declaration_updated",         // filter[updated_since]
                "declaration_feed");           // the change feed (page[cursor])
    }

    @Test
    void importingDeclarationsReadsThroughIndexes() {
        seed();
        UUID[] e = DeclarationFixtures.simple();
        UUID declaration = UUID.randomUUID();
        String request = "{\"data\":{\"type\":\"declaration-import\",\"attributes\":{\"rows\":[{\"declaration_id\":\"" + declaration
                + "\",\"application_id\":\"" + e[1] + "\",\"declaration_type\":\"started\",\"declaration_date\":\"" + STARTED
                + "\",\"state\":\"submitted\"}]}}}";
        String trace = SqlTrace.newId();
        var admin = io.restassured.RestAssured.given().auth().oauth2(uk.npq.platform.testing.TestTokens.token("admin", List.of("admin"),
                java.util.Map.of())).contentType("application/json").header("X-Correlation-Id", trace);
        admin.body(request).post("/api/v1/admin/imports/declarations").then().statusCode(200);

        List<String> sql = SqlTrace.statements(trace);
        // the batch's lookups were really made: enrolments, declarations held, billable ones of the applications
        assertThat(sql).anyMatch(s -> s.contains("FROM enrolment WHERE application_id = ANY"));
        assertThat(sql).anyMatch(s -> s.contains("FROM declaration WHERE application_id = ANY"));
        assertNoSequentialScans(sql);
    }

    @Test
    void listingAndReadingDeclarationsReadThroughIndexes() {
        seed();
        UUID[] e = DeclarationFixtures.simple();
        String id = DeclarationFixtures.declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null))
                .then().statusCode(200).extract().path("data.id");
        String trace = SqlTrace.newId();
        for (String query : List.of("", "?page[per_page]=5", "?filter[participant_id]=" + e[0], "?filter[updated_since]=2026-01-01T00:00:00Z",
                "?filter[cohort]=2026")) {
            as(LP_A).header("X-Correlation-Id", trace).get("/api/v3/participant-declarations" + query).then().statusCode(200);
        }
        String cursor = as(LP_A).get("/api/v3/participant-declarations?page[per_page]=1&page[cursor]=").then().statusCode(200)
                .extract().header("X-Next-Cursor");
        String cursorTrace = SqlTrace.newId();
        for (String filter : List.of("", "&filter[participant_id]=" + e[0], "&filter[updated_since]=2026-01-01T00:00:00Z", "&filter[cohort]=2026")) {
            as(LP_A).header("X-Correlation-Id", cursorTrace).get("/api/v3/participant-declarations?page[cursor]=" + cursor + filter)
                    .then().statusCode(200);
        }
        as(LP_A).header("X-Correlation-Id", trace).get("/api/v3/participant-declarations/" + id).then().statusCode(200);
        List<String> sql = SqlTrace.statements(trace);
        assertThat(sql).anyMatch(s -> s.toLowerCase().contains("order by"));
        assertNoSequentialScans(sql);
        // a feed page (page[cursor]) starts at the cursor in the index (lead_provider_id, change_xid, id), not by filtering
        // every earlier declaration of the provider
        assertNoSequentialScans(SqlTrace.statements(cursorTrace));
        List<String> feedPages = SqlTrace.statements(cursorTrace).stream().filter(s -> s.contains("change_xid")).distinct().toList();
        assertThat(feedPages).hasSize(4); // the four filters' statements (a participant's may rather use declaration_participant)
        assertThat(QueryPlans.indexConditions(feedPages.get(0), "declaration")).as(feedPages.get(0)).anyMatch(c -> c.contains("change_xid"));
    }

    static void assertNoSequentialScans(List<String> sql) {
        List<String> problems = new ArrayList<>();
        int explained = 0;
        for (String s : sql.stream().distinct().toList()) {
            if (!QueryPlans.touches(s, GROWING)) continue;
            explained++;
            List<String> scans = QueryPlans.seqScans(s, GROWING);
            if (!scans.isEmpty()) problems.add(scans + " in: " + s + "\n  plan: " + QueryPlans.plan(s));
        }
        assertThat(explained).as("statements on growing tables explained").isPositive();
        assertThat(problems).as("request-path statements that scan a growing table").isEmpty();
    }
}
