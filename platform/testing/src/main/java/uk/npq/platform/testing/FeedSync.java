package uk.npq.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A client's sync of a change feed by page[cursor], as a lead provider's system runs it: from the feed's start (the
 * empty cursor), page after page, each from the previous page's X-Next-Cursor, keeping every id served in order. A
 * change reaches the feed only when every older transaction has finished (the service's own background work too), so
 * {@link #until} keeps syncing from where it stopped until the ids expected have come, never re-reading from the start.
 */
public final class FeedSync {
    private final Function<String, Response> get;
    private final List<String> seen = new ArrayList<>();
    private String cursor = "";

    /** {@code get} requests one page with the given page[cursor] (and the caller's own page size and filters). */
    public FeedSync(Function<String, Response> get) {
        this.get = get;
    }

    /** Starts (or goes on) from this cursor instead of the feed's start. */
    public FeedSync from(String cursor) {
        this.cursor = cursor;
        return this;
    }

    /** Reads on from the current cursor to the feed's end as it stands now; the ids served by this call. */
    public List<String> toEnd() {
        List<String> served = new ArrayList<>();
        while (true) {
            Response page = get.apply(cursor);
            page.then().statusCode(200);
            List<String> ids = page.path("data.id");
            served.addAll(ids);
            String next = page.header("X-Next-Cursor");
            assertThat(next).as("a cursor page always says where to continue").isNotBlank();
            if (ids.isEmpty()) {
                assertThat(next).as("an empty page continues from where it was asked").isEqualTo(cursor.isEmpty() ? next : cursor);
                assertThat(page.header("Link")).as("no next link on an empty page").isNull();
            }
            cursor = next;
            if (page.header("Link") == null) break;
            assertThat(page.header("Link")).contains("rel=\"next\"").contains(next);
        }
        seen.addAll(served);
        return served;
    }

    /** Syncs on (waiting, never from the start again) until every one of these ids has been served. */
    public FeedSync until(Collection<String> expected) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            toEnd();
            return seen.containsAll(expected);
        });
        return this;
    }

    /** Syncs on (waiting, never from the start again) until this many ids in all have been served. */
    public FeedSync until(int served) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            toEnd();
            return seen.size() >= served;
        });
        return this;
    }

    /** Every id served so far, in the order served. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    public String cursor() {
        return cursor;
    }
}
