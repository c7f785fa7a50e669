package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MultivaluedHashMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.testing.TestDb;

/**
 * The change feed's promise, with transactions held open across a sync: a row written by a transaction that commits
 * after a reader passed its place is still served, once, and nothing is served twice. Each test has a tenant of its own.
 */
@QuarkusTest
class ChangeFeedTest {
    @Inject EntityManager em;
    UUID tenant;

    @BeforeEach
    void table() {
        TestDb.execute("CREATE TABLE IF NOT EXISTS feed_item (id uuid PRIMARY KEY, tenant uuid NOT NULL, label text NOT NULL, "
                + "change_xid bigint NOT NULL DEFAULT 0)");
        TestDb.execute("CREATE OR REPLACE FUNCTION feed_position() RETURNS trigger LANGUAGE plpgsql AS $$ "
                + ChangeFeed.POSITION_FUNCTION + " $$");
        TestDb.execute("CREATE OR REPLACE TRIGGER feed_item_position BEFORE INSERT OR UPDATE ON feed_item "
                + "FOR EACH ROW EXECUTE FUNCTION feed_position()");
        tenant = UUID.randomUUID();
    }

    String insert(String label) {
        UUID id = UUID.randomUUID();
        TestDb.execute(insertSql(id, label));
        return id.toString();
    }

    String insertSql(UUID id, String label) {
        return "INSERT INTO feed_item (id, tenant, label) VALUES ('" + id + "', '" + tenant + "', '" + label + "')";
    }

    /** One page of the tenant's feed after the cursor, as a service reads it. */
    List<ListQuery.Cursor> page(ListQuery.Cursor after, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ChangeFeed.readTransaction(em);
            return ChangeFeed.page(em, "feed_item", "t.tenant = :tenant", Map.of("tenant", tenant), after, size);
        });
    }

    /** A client's sync of the tenant's feed, two rows a page, from the feed's start. */
    final class Sync {
        ListQuery.Cursor at = ListQuery.Cursor.START;
        final List<String> seen = new ArrayList<>();

        /** Reads on to the feed's current end. */
        Sync toEnd() {
            while (true) {
                List<ListQuery.Cursor> page = page(at, 2);
                page.forEach(c -> seen.add(c.id().toString()));
                if (page.isEmpty()) return this;
                at = page.get(page.size() - 1);
            }
        }

        /** Reads on until `count` ids have been served (a background transaction of the app may hold the horizon briefly). */
        Sync until(int count) {
            await().atMost(Duration.ofSeconds(20)).until(() -> toEnd().seen.size() >= count);
            return this;
        }
    }

    /** rows: each row's position then the asked columns, in feed order, its position the one page() answers; timestamps as Instants. */
    @Test
    void rowsAnswerThePositionThenTheColumnsInFeedOrder() {
        String a = insert("first"), b = insert("second");
        TestDb.execute("ALTER TABLE feed_item ADD COLUMN IF NOT EXISTS at timestamptz NOT NULL DEFAULT timestamptz '2026-10-01 10:00:00.123456+00'");
        // a background transaction of the app may hold the horizon briefly
        List<Object[]> rows = await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            ChangeFeed.readTransaction(em);
            return ChangeFeed.rows(em, "feed_item", "t.label, t.at", "t.tenant = :tenant", Map.of("tenant", tenant), ListQuery.Cursor.START, 5);
        }), r -> r.size() == 2);
        assertThat(rows).extracting(r -> r[1].toString(), r -> r[2], r -> ChangeFeed.instant(r[3]))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, "first", java.time.Instant.parse("2026-10-01T10:00:00.123456Z")),
                        org.assertj.core.groups.Tuple.tuple(b, "second", java.time.Instant.parse("2026-10-01T10:00:00.123456Z")));
        assertThat(rows.stream().map(ChangeFeed::position).toList()).isEqualTo(page(ListQuery.Cursor.START, 5));
    }

    @Test
    void aRowInsertedByATransactionHeldOpenAcrossTheSyncIsServedOnceWhenItCommits() {
        String a = insert("a");
        UUID late = UUID.randomUUID();
        Sync sync = new Sync();
        String b, c;
        try (TestDb.Held held = TestDb.hold().execute(insertSql(late, "late"))) {
            // rows committed after the held transaction began writing are behind it in commit order: not yet served
            b = insert("b");
            c = insert("c");
            sync.until(1);
            assertThat(sync.seen).containsExactly(a);
            held.commit();
        }
        sync.until(4);
        assertThat(sync.toEnd().seen).containsExactly(a, late.toString(), b, c);
    }

    @Test
    void anUpdateHeldOpenAcrossTheSyncMovesTheRowToTheEndAndIsServedAfterItCommits() {
        String a = insert("a"), b = insert("b"), c = insert("c");
        Sync sync = new Sync().until(3);
        assertThat(sync.seen).containsExactly(a, b, c);
        try (TestDb.Held held = TestDb.hold().execute("UPDATE feed_item SET label = 'changed' WHERE id = '" + a + "'")) {
            assertThat(sync.toEnd().seen).as("nothing new while the update is open").containsExactly(a, b, c);
            held.commit();
        }
        // the update is a new change: served once more, after everything the sync had seen, and only once
        sync.until(4);
        assertThat(sync.toEnd().seen).containsExactly(a, b, c, a);
    }

    @Test
    void aLaterTransactionThatCommitsFirstWaitsForTheEarlierOne() {
        UUID first = UUID.randomUUID(), second = UUID.randomUUID();
        Sync sync = new Sync();
        try (TestDb.Held older = TestDb.hold().execute(insertSql(first, "older"));
             TestDb.Held younger = TestDb.hold().execute(insertSql(second, "younger"))) {
            younger.commit();
            assertThat(sync.toEnd().seen).as("the younger change waits behind the older open transaction").isEmpty();
            older.commit();
        }
        sync.until(2);
        assertThat(sync.toEnd().seen).containsExactly(first.toString(), second.toString());
    }

    @Test
    void aRolledBackTransactionLeavesNoGapAndNoRow() {
        String a = insert("a");
        Sync sync = new Sync();
        try (TestDb.Held held = TestDb.hold().execute(insertSql(UUID.randomUUID(), "never"))) {
            sync.toEnd();
        } // rolled back
        String b = insert("b");
        sync.until(2);
        assertThat(sync.toEnd().seen).containsExactly(a, b);
    }

    @Test
    void anotherTenantsRowsAreNeverServedWhateverTheCursor() {
        String mine = insert("mine");
        UUID me = tenant;
        tenant = UUID.randomUUID();
        String theirs = insert("theirs");
        assertThat(new Sync().until(1).toEnd().seen).containsExactly(theirs);
        tenant = me;
        assertThat(new Sync().until(1).toEnd().seen).containsExactly(mine);
    }

    @Test
    void aCursorRoundTripsAndAnythingElseIsA400NamingPageCursor() {
        var cursor = new ListQuery.Cursor(123_456_789_012L, UUID.randomUUID());
        assertThat(query(cursor.encode()).cursor()).contains(cursor);
        assertThat(query("").cursor()).contains(ListQuery.Cursor.START);
        for (String bad : List.of("garbled", "f1.!!!", "f1." + b64("12"), "f1." + b64("-1." + UUID.randomUUID()),
                "f1." + b64("x." + UUID.randomUUID()), "f1." + b64("1.not-a-uuid"), "f1." + b64("1." + UUID.randomUUID() + ".2"),
                b64("1." + UUID.randomUUID()))) {
            assertThatThrownBy(() -> query(bad)).as(bad).isInstanceOfSatisfying(HttpProblem.class, p -> {
                assertThat(p.getStatusCode()).isEqualTo(400);
                assertThat(p.getDetail()).contains("page[cursor]");
            });
        }
    }

    static String b64(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static ListQuery query(String cursor) {
        var params = new MultivaluedHashMap<String, String>();
        params.add("page[cursor]", cursor);
        return ListQuery.of(params);
    }
}
