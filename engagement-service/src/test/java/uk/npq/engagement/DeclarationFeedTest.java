package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.LP_B;
import static uk.npq.engagement.DeclarationFixtures.as;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.testing.FeedSync;
import uk.npq.platform.testing.TestDb;

/**
 * GET /api/v3/participant-declarations by page[cursor]: the provider's declarations in commit order, with writing
 * transactions held open across a sync. Each test declares for a participant of its own and syncs with
 * filter[participant_id], so the filters work with the cursor too.
 */
@QuarkusTest
class DeclarationFeedTest {
    final UUID participant = UUID.randomUUID();

    /** A declaration of this test's participant by provider {@code lp}, created at the clock's {@code createdAt}. */
    String insertSql(UUID id, String lp, String type, String createdAt) {
        return "INSERT INTO declaration (id, application_id, participant_id, lead_provider_id, course_identifier, cohort, declaration_type, "
                + "declaration_date, state, created_at, updated_at) VALUES ('" + id + "', gen_random_uuid(), '" + participant + "', '" + lp
                + "', 'npq-headship', '2026b', '" + type + "', timestamptz '2026-10-01 10:00:00+00', 'submitted', " + createdAt + ", now())";
    }

    String declaration(String lp, String type) {
        UUID id = UUID.randomUUID();
        TestDb.execute(insertSql(id, lp, type, "now()"));
        return id.toString();
    }

    FeedSync feed(String lp) {
        return new FeedSync(cursor -> as(lp).queryParam("page[per_page]", 2).queryParam("filter[participant_id]", participant.toString())
                .queryParam("page[cursor]", cursor).get("/api/v3/participant-declarations"));
    }

    @Test
    void aDeclarationHeldOpenAcrossASyncIsServedOnceWhenItCommitsAndNothingIsSkipped() {
        String a = declaration(LP_A, "started"), b = declaration(LP_A, "retained-1"), c = declaration(LP_A, "retained-2");
        UUID held = UUID.randomUUID();
        FeedSync sync = feed(LP_A);
        String later;
        try (TestDb.Held tx = TestDb.hold().execute(insertSql(held, LP_A, "completed", "now() - interval '1 day'"))) {
            later = declaration(LP_A, "started"); // commits first, though the held one began writing before it
            sync.until(List.of(a, b, c));
            assertThat(sync.seen()).containsExactly(a, b, c);
            tx.commit();
        }
        sync.until(5);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(a, b, c, held.toString(), later);
    }

    @Test
    void aDeclarationChangedDuringASyncComesOnceMoreAtTheEndAndALaterCommitWaitsForIt() {
        String a = declaration(LP_A, "started"), b = declaration(LP_A, "retained-1");
        FeedSync sync = feed(LP_A).until(List.of(a, b));
        String younger;
        try (TestDb.Held older = TestDb.hold().execute("UPDATE declaration SET state = 'voided', updated_at = now() WHERE id = '" + a + "'")) {
            younger = declaration(LP_A, "retained-2");
            assertThat(sync.toEnd()).as("nothing is served past the open change").isEmpty();
            older.commit();
        }
        sync.until(4);
        assertThat(sync.toEnd()).isEmpty();
        assertThat(sync.seen()).containsExactly(a, b, a, younger);
    }

    @Test
    void aCursorNeverServesAnotherProvidersDeclarationsAndAGarbledOneIsA400() {
        String mine = declaration(LP_A, "started"), theirs = declaration(LP_B, "started");
        long xid = TestDb.count("SELECT change_xid FROM declaration WHERE id = '" + theirs + "'");
        String forged = new ListQuery.Cursor(xid - 1, new UUID(-1L, -1L)).encode(); // after every row of the position before theirs
        String after = declaration(LP_A, "retained-1");
        assertThat(feed(LP_A).from(forged).until(List.of(after)).seen()).containsExactly(after);
        assertThat(feed(LP_A).until(List.of(mine, after)).seen()).containsExactly(mine, after);
        assertThat(feed(LP_B).until(List.of(theirs)).seen()).containsExactly(theirs);
        for (String garbled : List.of("garbled", "f1.eHl6", "MTIzfDQ1Ng")) {
            as(LP_A).queryParam("page[cursor]", garbled).get("/api/v3/participant-declarations").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.title", hasItem("page[cursor]"));
        }
    }

    /**
     * A feed page's JSON is byte for byte what the declaration's own GET answers (the entity's path), for rows with every
     * optional attribute set: both delivery partners with names, has_passed, statement and clawback statement, uplift_paid
     * true (a paid started declaration of an application with targeted delivery funding), an ineligible one's reason, and
     * dates with microseconds. The feed reads its rows as plain values, so this is what keeps its shape the DfE's.
     */
    @Test
    void aFeedPageShowsEachDeclarationExactlyAsItsOwnGetDoes() {
        String lp = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO lead_provider (id, name, updated_at) VALUES ('" + lp + "', 'Provider " + lp + "', now())");
        UUID dp = DeclarationFixtures.partner(lp, "2026b"), secondary = DeclarationFixtures.partner(lp, "2026b");
        UUID application = UUID.randomUUID();
        TestDb.execute("INSERT INTO enrolment (application_id, participant_id, lead_provider_id, course_identifier, cohort, status, "
                + "targeted_delivery_funding_eligibility, updated_at) VALUES ('" + application + "', '" + participant + "', '" + lp
                + "', 'npq-headship', '2026b', 'accepted', true, now())");
        UUID paid = UUID.randomUUID(), ineligible = UUID.randomUUID();
        for (String[] row : List.of(new String[] {paid.toString(), "started", "paid", "NULL", "true"},
                new String[] {ineligible.toString(), "retained-1", "ineligible", "'duplicate'", "false"})) {
            TestDb.execute("INSERT INTO declaration (id, application_id, participant_id, lead_provider_id, course_identifier, cohort, "
                    + "declaration_type, declaration_date, state, state_reason, delivery_partner_id, secondary_delivery_partner_id, has_passed, "
                    + "statement_id, clawback_statement_id, created_at, updated_at) VALUES ('" + row[0] + "', '" + application + "', '"
                    + participant + "', '" + lp + "', 'npq-headship', '2026b', '" + row[1] + "', timestamptz '2026-10-01 10:00:00.123456+00', '"
                    + row[2] + "', " + row[3] + ", '" + dp + "', '" + secondary + "', " + row[4] + ", gen_random_uuid(), gen_random_uuid(), "
                    + "timestamptz '2026-09-30 08:15:00.5+00', now())");
        }
        // a background transaction of the service may hold the feed's horizon briefly
        String page = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> as(lp)
                .queryParam("page[per_page]", 3).queryParam("page[cursor]", "").get("/api/v3/participant-declarations")
                .then().statusCode(200).extract().asString(), body -> body.contains(paid.toString()) && body.contains(ineligible.toString()));
        String expected = "{\"data\":[" + ownGet(lp, paid) + "," + ownGet(lp, ineligible) + "]}";
        assertThat(page).isEqualTo(expected);
        assertThat(page).contains("\"uplift_paid\":true", "\"ineligible_for_funding_reason\":\"duplicate_declaration\"",
                "\"has_passed\":false", "\"secondary_delivery_partner_name\":\"Hub " + secondary + "\"", "\"lead_provider_name\":\"Provider ");
    }

    /** The "data" object of GET /{id}, as its bytes. */
    static String ownGet(String lp, UUID id) {
        String body = as(lp).get("/api/v3/participant-declarations/" + id).then().statusCode(200).extract().asString();
        assertThat(body).startsWith("{\"data\":{").endsWith("}}");
        return body.substring("{\"data\":".length(), body.length() - 1);
    }
}
