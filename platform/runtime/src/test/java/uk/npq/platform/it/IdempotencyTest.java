package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.TestDb;

@QuarkusTest
@TestSecurity(user = "admin-1", roles = "admin")
class IdempotencyTest {

    static String note(String title) {
        return "{\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"" + title + "\",\"pages\":3,\"written_on\":\"2026-01-05\"}}}";
    }

    static Response post(String key, String body, boolean fail) {
        return given().header("Idempotency-Key", key).contentType("application/json").body(body).post("/test/notes?fail=" + fail);
    }

    @Test
    void aRetryWithTheSameKeyAndRequestGetsTheFirstResponseAndChangesNothing() {
        String key = UUID.randomUUID().toString(), title = "idem-" + key;
        Response first = post(key, note(title), false);
        first.then().statusCode(200);
        Response again = post(key, note(title), false);
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(again.<String>path("id")).isEqualTo(first.path("id"));
        assertThat(TestDb.count("SELECT count(*) FROM note WHERE title = '" + title + "'")).isEqualTo(1);
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event WHERE aggregateid = '" + first.path("id") + "'")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentRequestIs422AndWritesNothing() {
        String key = UUID.randomUUID().toString();
        post(key, note("one-" + key), false).then().statusCode(200);
        post(key, note("two-" + key), false).then().statusCode(422).body("errors.title", hasItem("Idempotency-Key"));
        assertThat(TestDb.count("SELECT count(*) FROM note WHERE title = 'two-" + key + "'")).isZero();
        given().header("Idempotency-Key", "k".repeat(201)).contentType("application/json").body(note("x")).post("/test/notes").then().statusCode(400);
    }

    @Test
    void twentyIdenticalRequestsAtOnceMakeOneChange() throws Exception {
        String key = UUID.randomUUID().toString(), title = "burst-" + key;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) calls.add(() -> post(key, note(title), false));
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                ids.add(r.path("id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestDb.count("SELECT count(*) FROM note WHERE title = '" + title + "'")).isEqualTo(1);
    }

    @Test
    void aFailedRequestDoesNotUseUpItsKey() {
        String key = UUID.randomUUID().toString(), title = "retry-" + key;
        post(key, note(title), true).then().statusCode(500);
        post(key, note(title), false).then().statusCode(200);
        assertThat(TestDb.count("SELECT count(*) FROM note WHERE title = '" + title + "'")).isEqualTo(1);
    }
}
