package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.engagement.DeclarationFixtures.STARTED;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;
import static uk.npq.engagement.DeclarationFixtures.declare;
import static uk.npq.engagement.DeclarationFixtures.expect422;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.funding.StatementDefined;
import uk.npq.contracts.funding.StatementState;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.engagement.service.StatementItems;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/**
 * Statement items (c3, c4): a declaration that leaves submitted is on its provider's next output-fee statement, moves
 * with that statement (payable, paid), is voided or clawed back on the next one, never billable on two statements.
 */
@QuarkusTest
class StatementItemTest {
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/London"));

    @Inject StatementItems items;
    @Inject jakarta.persistence.EntityManager em;

    /** A provider of its own (so moving its statements disturbs no other test) with a contract for headship in 2026b. */
    static String provider() {
        String lp = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO contract (lead_provider_id, cohort, course_identifier, updated_at) VALUES ('" + lp
                + "', '2026b', 'npq-headship', now())");
        return lp;
    }

    static UUID participant(String lp, boolean fundable) {
        return DeclarationFixtures.uncontractedEnrolment(lp, "npq-headship", "2026b", "npq-leadership-autumn", fundable, fundable, null,
                "another")[0];
    }

    static String declareStarted(String lp, UUID participant) {
        return declare(lp, body(participant, "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .extract().path("data.id");
    }

    /** funding-service's StatementDefined for an existing statement in a new state, through Kafka; waits for the copy. */
    static void moveTo(String statement, StatementState state) {
        String lp = TestDb.string("SELECT lead_provider_id::text FROM statement WHERE id = '" + statement + "'");
        LocalDate deadline = LocalDate.parse(TestDb.string("SELECT deadline_date::text FROM statement WHERE id = '" + statement + "'"));
        TestKafka.send(Topics.FUNDING_REFERENCE, statement, StatementDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(statement).setStatementId(statement).setLeadProviderId(lp).setCohort("2026b")
                .setYear(deadline.plusDays(6).getYear()).setMonth(deadline.plusDays(6).getMonthValue()).setDeadlineDate(deadline)
                .setPaymentDate(deadline.plusMonths(1)).setOutputFee(true).setState(state)
                .setMarkedAsPaidAt(state == StatementState.paid ? Instant.now() : null).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM statement WHERE id = '" + statement
                + "' AND state = '" + state + "'") == 1);
    }

    static String state(String declaration) {
        return TestDb.string("SELECT state FROM declaration WHERE id = '" + declaration + "'");
    }

    static String items(String declaration) {
        return TestDb.string("SELECT string_agg(kind || ':' || state || ':' || statement_id, ',' ORDER BY kind) FROM statement_item "
                + "WHERE declaration_id = '" + declaration + "'");
    }

    @Test
    void aDeclarationIsPaidOnItsStatementAndAVoidAfterPaymentIsClawedBackOnTheNext() {
        String lp = provider();
        String later = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(60), true, "open").toString();
        String next = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(5), false, "open"); // not output fee: never receives declarations
        String unfunded = declareStarted(lp, participant(lp, false));
        UUID person = participant(lp, true);

        // eligible: on the next output-fee statement (earliest deadline of today or later), shown as statement_id
        String id = declare(lp, body(person, "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible"))
                .body("data.attributes.statement_id", equalTo(next))
                .body("data.attributes.clawback_statement_id", nullValue()).extract().path("data.id");
        assertThat(items(id)).isEqualTo("billing:eligible:" + next);
        assertThat(items(unfunded)).isNull(); // submitted: on no statement
        var event = (DeclarationStateChanged) TestKafka.awaitRecord(Topics.DECLARATION, r -> id.equals(r.key())
                && r.value() instanceof DeclarationStateChanged, Duration.ofSeconds(30)).value();
        assertThat(event.getStatementId()).isEqualTo(next);
        assertThat(event.getCourseIdentifier()).isEqualTo("npq-headship");

        // the deadline passed: the statement is payable, and so is the declaration and its item
        moveTo(next, StatementState.payable);
        await().atMost(Duration.ofSeconds(30)).until(() -> "payable".equals(state(id)));
        assertThat(items(id)).isEqualTo("billing:payable:" + next);
        as(lp).get("/api/v3/participant-declarations/" + id).then().statusCode(200).body("data.attributes.state", equalTo("payable"));
        var payable = (DeclarationStateChanged) TestKafka.awaitRecord(Topics.DECLARATION, r -> id.equals(r.key())
                && r.value() instanceof DeclarationStateChanged c && "payable".equals(c.getState()), Duration.ofSeconds(30)).value();
        assertThat(payable.getPreviousState()).isEqualTo("eligible");
        assertThat(payable.getStatementId()).isEqualTo(next);

        // finance authorised payment: paid
        moveTo(next, StatementState.paid);
        await().atMost(Duration.ofSeconds(30)).until(() -> "paid".equals(state(id)));
        assertThat(items(id)).isEqualTo("billing:paid:" + next);
        assertThat(items(unfunded)).isNull();

        // void after payment: a clawback, a refund item on the next open output-fee statement; the billing item stays paid
        as(lp).put("/api/v3/participant-declarations/" + id + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("awaiting-clawback"))
                .body("data.attributes.statement_id", equalTo(next))
                .body("data.attributes.clawback_statement_id", equalTo(later));
        assertThat(items(id)).isEqualTo("billing:paid:" + next + ",refund:awaiting_clawback:" + later);
        // a second void is refused with the DfE text and changes nothing
        expect422(as(lp).put("/api/v3/participant-declarations/" + id + "/void"), "declaration", DeclarationMessages.REFUNDED);

        // the next statement becomes payable (the refund waits) and then paid: clawed back
        moveTo(later, StatementState.payable);
        assertThat(state(id)).isEqualTo("awaiting_clawback");
        moveTo(later, StatementState.paid);
        await().atMost(Duration.ofSeconds(30)).until(() -> "clawed_back".equals(state(id)));
        assertThat(items(id)).isEqualTo("billing:paid:" + next + ",refund:clawed_back:" + later);
        as(lp).get("/api/v3/participant-declarations/" + id).then().statusCode(200).body("data.attributes.state", equalTo("clawed-back"))
                .body("data.attributes.clawback_statement_id", equalTo(later));
    }

    @Test
    void voidingBeforePaymentVoidsTheItemAndAPayableDeclarationIsNotPaidOnceVoided() {
        String lp = provider();
        String statement = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        String eligible = declareStarted(lp, participant(lp, true));
        String payable = declareStarted(lp, participant(lp, true));
        as(lp).put("/api/v3/participant-declarations/" + eligible + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("voided")).body("data.attributes.statement_id", equalTo(statement));
        assertThat(items(eligible)).isEqualTo("billing:voided:" + statement);

        moveTo(statement, StatementState.payable);
        await().atMost(Duration.ofSeconds(30)).until(() -> "payable".equals(state(payable)));
        assertThat(state(eligible)).isEqualTo("voided"); // a voided item is not moved
        as(lp).put("/api/v3/participant-declarations/" + payable + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("voided"));
        assertThat(items(payable)).isEqualTo("billing:voided:" + statement);
        moveTo(statement, StatementState.paid);
        assertThat(state(payable)).isEqualTo("voided");
        assertThat(items(payable)).isEqualTo("billing:voided:" + statement);
    }

    @Test
    void anIneligibleDuplicateIsOnTheStatementAsIneligible() {
        String lp = provider();
        String statement = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        UUID first = DeclarationFixtures.uncontractedEnrolment(lp, "npq-headship", "2026b", "npq-leadership-autumn", true, true, "7001234",
                "another")[0];
        UUID second = DeclarationFixtures.uncontractedEnrolment(lp, "npq-headship", "2026b", "npq-leadership-autumn", true, true, "7001234",
                "another")[0];
        declareStarted(lp, first);
        String duplicate = declare(lp, body(second, "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("ineligible")).body("data.attributes.statement_id", equalTo(statement))
                .extract().path("data.id");
        assertThat(items(duplicate)).isEqualTo("billing:ineligible:" + statement);
        moveTo(statement, StatementState.payable);
        assertThat(state(duplicate)).isEqualTo("ineligible"); // only eligible items become payable
    }

    @Test
    void theDatabaseAllowsOneBillingAndOneRefundItemPerDeclaration() {
        String lp = provider();
        String statement = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        String other = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(50), true, "open").toString();
        String id = declareStarted(lp, participant(lp, true));
        assertThatThrownBy(() -> TestDb.execute("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, "
                + "updated_at) VALUES (gen_random_uuid(), '" + id + "', '" + other + "', 'billing', 'eligible', now(), now())"))
                .rootCause().hasMessageContaining("statement_item_one_per_kind"); // never billable on two statements
        TestDb.execute("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at) VALUES "
                + "(gen_random_uuid(), '" + id + "', '" + other + "', 'refund', 'awaiting_clawback', now(), now())");
        assertThatThrownBy(() -> TestDb.execute("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, "
                + "updated_at) VALUES (gen_random_uuid(), '" + id + "', '" + statement + "', 'refund', 'clawed_back', now(), now())"))
                .rootCause().hasMessageContaining("statement_item_one_per_kind");
        assertThatThrownBy(() -> TestDb.execute("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, "
                + "updated_at) VALUES (gen_random_uuid(), '" + id + "', '" + other + "', 'refund', 'paid', now(), now())"))
                .rootCause().hasMessageContaining("statement_item_kind_state");
    }

    /** A statement of {@code lp} in {@code state}, moved here directly (not through the copy's event). */
    static void setState(String statement, String state) {
        TestDb.execute("UPDATE statement SET state = '" + state + "' WHERE id = '" + statement + "'");
    }

    /**
     * A POST finds the next statement and then waits for its shared lock while the statement moves to payable: once the move
     * commits it must not put the declaration on that statement (f5 rule 8 asks for an open one), but on the next open one.
     */
    @Test
    void aDeclarationThatWaitedForAStatementsMoveGoesOnTheNextStatement() throws Exception {
        String lp = provider();
        String moving = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        String later = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(50), true, "open").toString();
        UUID participant = participant(lp, true);
        long waitingBefore = TestDb.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        java.util.concurrent.CountDownLatch moved = new java.util.concurrent.CountDownLatch(1), release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> move = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("UPDATE statement SET state = 'payable' WHERE id = '" + moving + "'").executeUpdate();
                items.statementMoved(UUID.fromString(moving), "payable", Instant.now()); // holds the statement's exclusive lock
                moved.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            moved.await();
            Future<io.restassured.response.Response> post = pool.submit(() -> declare(lp, body(participant, "started", STARTED, "npq-headship", null)));
            // the POST read the statement as open, and now waits for the move to end
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    TestDb.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > waitingBefore);
            release.countDown();
            move.get();
            post.get().then().statusCode(200).body("data.attributes.state", equalTo("eligible")).body("data.attributes.statement_id", equalTo(later));
            assertThat(TestDb.count("SELECT count(*) FROM statement_item WHERE statement_id = '" + moving + "'")).isZero();
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }

    @Test
    void aVoidRacingThePaidMoveNeverLosesTheClawback() throws Exception {
        String lp = provider();
        String statement = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) ids.add(declareStarted(lp, participant(lp, true)));
        setState(statement, "payable");
        QuarkusTransaction.requiringNew().run(() -> items.statementMoved(UUID.fromString(statement), "payable", Instant.now()));
        String next = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(50), true, "open").toString();
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE lead_provider_id = '" + lp + "' AND state = 'payable'")).isEqualTo(24);

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> voids = new ArrayList<>();
            for (String id : ids) voids.add(pool.submit(() -> as(lp).put("/api/v3/participant-declarations/" + id + "/void").statusCode()));
            Future<?> paid = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                setState(statement, "paid");
                items.statementMoved(UUID.fromString(statement), "paid", Instant.now());
            }));
            paid.get();
            for (Future<Integer> v : voids) assertThat(v.get()).isEqualTo(200);
        } finally {
            pool.shutdown();
        }
        // each one was either voided before payment (never paid) or paid and then clawed back on the next statement
        for (String id : ids) {
            String outcome = state(id) + " " + items(id);
            assertThat(outcome).isIn("voided billing:voided:" + statement,
                    "awaiting_clawback billing:paid:" + statement + ",refund:awaiting_clawback:" + next);
        }
        assertThat(TestDb.count("SELECT count(*) FROM statement_item i JOIN declaration d ON d.id = i.declaration_id WHERE "
                + "d.lead_provider_id = '" + lp + "' AND i.kind = 'billing' AND i.state = 'paid' AND d.state NOT IN ('paid', "
                + "'awaiting_clawback', 'clawed_back')")).isZero();
    }

    @Test
    void aMoveThatFailsHalfWayChangesNothingAndItsRetryMovesEachDeclarationOnce() {
        String lp = provider();
        String statement = DeclarationFixtures.statement(lp, "2026b", TODAY.plusDays(20), true, "open").toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(declareStarted(lp, participant(lp, true)));
        // a paid declaration of an earlier statement is refunded on this one
        String earlier = DeclarationFixtures.statement(lp, "2026b", TODAY.minusDays(40), true, "paid").toString();
        String refunded = declareStarted(lp, participant(lp, true));
        setState(statement, "payable");
        QuarkusTransaction.requiringNew().run(() -> items.statementMoved(UUID.fromString(statement), "payable", Instant.now()));
        TestDb.execute("UPDATE declaration SET state = 'awaiting_clawback', statement_id = '" + earlier + "', clawback_statement_id = '"
                + statement + "' WHERE id = '" + refunded + "'");
        TestDb.execute("UPDATE statement_item SET statement_id = '" + earlier + "', state = 'paid' WHERE declaration_id = '" + refunded + "'");
        TestDb.execute("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at) VALUES "
                + "(gen_random_uuid(), '" + refunded + "', '" + statement + "', 'refund', 'awaiting_clawback', now(), now())");

        CrashAfterMove.crashOn = UUID.fromString(statement); // the process dies after paying, before clawing back
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> items.statementMoved(UUID.fromString(statement), "paid",
                Instant.now()))).hasMessage("crash after paid");
        for (String id : ids) assertThat(state(id)).isEqualTo("payable");
        assertThat(state(refunded)).isEqualTo("awaiting_clawback");
        assertThat(paidEvents(ids)).isZero();

        CrashAfterMove.crashOn = null; // redelivered after the restart, and once more
        QuarkusTransaction.requiringNew().run(() -> items.statementMoved(UUID.fromString(statement), "paid", Instant.now()));
        QuarkusTransaction.requiringNew().run(() -> items.statementMoved(UUID.fromString(statement), "paid", Instant.now()));
        for (String id : ids) assertThat(items(id)).isEqualTo("billing:paid:" + statement);
        assertThat(state(refunded)).isEqualTo("clawed_back");
        assertThat(paidEvents(ids)).isEqualTo(3); // one event each
    }

    static long paidEvents(List<String> ids) {
        return TestDb.count("SELECT count(*) FROM outbox_event WHERE type = 'uk.npq.contracts.engagement.DeclarationStateChanged' "
                + "AND aggregateid IN ('" + String.join("','", ids) + "') AND payload->>'state' = 'paid'");
    }

    /** A crash in the middle of a statement's move, when a test asks for one. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class CrashAfterMove {
        static volatile UUID crashOn;

        void after(@Observes StatementItems.Moved moved) {
            if (moved.statementId().equals(crashOn) && "paid".equals(moved.toState())) throw new IllegalStateException("crash after paid");
        }
    }
}
