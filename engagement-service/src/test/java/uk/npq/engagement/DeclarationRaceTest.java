package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.LP_B;
import static uk.npq.engagement.DeclarationFixtures.body;
import static uk.npq.engagement.DeclarationFixtures.enrolment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * Never paid twice, when the requests differ: one person (one TRN) under two records with two lead providers, and twenty
 * different POSTs of the same milestone at the same moment (each its own bytes, so no request is a retry of another).
 * Exactly one declaration of the milestone is billable; every other was refused as declared already (the same record) or
 * made ineligible as a duplicate of that one (the other record). The milestone lock on the TRN and course family is what
 * orders the two records' requests: the partial unique index knows one application only.
 */
@QuarkusTest
class DeclarationRaceTest {

    @Test
    void conflictingPostsOfOneMilestoneAtTheSameMomentMakeOneBillableDeclaration() throws Exception {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        UUID[] first = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, trn, "another");
        UUID[] second = enrolment(LP_B, "npq-headship", "2026b", "npq-leadership-autumn", true, true, trn, "another");
        String tokenA = TestTokens.leadProvider(LP_A), tokenB = TestTokens.leadProvider(LP_B);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<io.restassured.response.Response>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean a = i % 2 == 0;
            String date = Instant.parse("2026-10-01T10:00:00Z").plusSeconds(i).toString();
            String request = body(a ? first[0] : second[0], "started", date, "npq-headship", null);
            results.add(pool.submit(() -> {
                go.await();
                return RestAssured.given().auth().oauth2(a ? tokenA : tokenB).contentType("application/json").body(request)
                        .post("/api/v3/participant-declarations");
            }));
        }
        go.countDown();
        int made = 0;
        for (var f : results) {
            var r = f.get();
            if (r.statusCode() == 200) made++;
            else assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
            if (r.statusCode() == 422) assertThat(r.<List<String>>path("errors.detail")).containsExactly(DeclarationMessages.DUPLICATE);
        }
        pool.shutdown();
        String apps = "('" + first[1] + "', '" + second[1] + "')";
        assertThat(made).isPositive();
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id IN " + apps + " AND state IN "
                + "('submitted', 'eligible', 'payable', 'paid')")).as("billable declarations of the milestone").isEqualTo(1);
        String original = TestDb.string("SELECT id::text FROM declaration WHERE application_id IN " + apps + " AND state = 'eligible'");
        // every other one made is an ineligible duplicate of that one, and the original's record made no second one
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id IN " + apps + " AND id <> '" + original
                + "' AND (state <> 'ineligible' OR superseded_by_id IS DISTINCT FROM '" + original + "')")).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id IN " + apps)).isEqualTo(made);
        assertThat(TestDb.count("SELECT count(*) FROM declaration d JOIN declaration o ON o.id = '" + original
                + "' WHERE d.application_id = o.application_id")).isEqualTo(1);
    }
}
