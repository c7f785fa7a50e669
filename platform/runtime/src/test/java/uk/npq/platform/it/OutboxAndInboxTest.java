package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.outbox.OutboxRelay;
import uk.npq.platform.outbox.OutboxRepository;
import uk.npq.platform.testing.Management;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

@QuarkusTest
class OutboxAndInboxTest {

    @Inject AgroalDataSource db;
    @Inject OutboxRelay relay;

    private static String note(String title) {
        return "{\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"" + title + "\",\"pages\":3,\"written_on\":\"2026-01-05\"}}}";
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void committedWriteIsPublishedWithTheAggregateIdAsKeyAndMarkedSent() throws Exception {
        String id = given().contentType("application/json").body(note("committed"))
                .post("/test/notes").then().statusCode(200).extract().path("id");

        var record = TestKafka.awaitRecord(TestApp.TOPIC,
                r -> id.equals(r.key()), Duration.ofSeconds(30));
        FundingDecisionMade event = (FundingDecisionMade) record.value();
        assertThat(event.getAggregateId()).isEqualTo(id);
        assertThat(event.getApplicationId()).isEqualTo(id);
        assertThat(event.getEventId()).isNotBlank();
        assertThat(new String(record.headers().lastHeader("npq-event-type").value()))
                .isEqualTo(FundingDecisionMade.getClassSchema().getFullName());
        await().atMost(Duration.ofSeconds(10)).until(() -> sentAt(id) != null);
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void rolledBackWriteIsNeverPublished() throws Exception {
        long notesBefore = TestDb.count("SELECT count(*) FROM note");
        given().contentType("application/json").body(note("doomed"))
                .post("/test/notes?fail=true").then().statusCode(500);
        assertThat(TestDb.count("SELECT count(*) FROM note")).isEqualTo(notesBefore);
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event WHERE payload->>'ruleSet' = 'test' "
                + "AND aggregateid NOT IN (SELECT id::text FROM note)")).isZero();

        // a later committed write is published; the relay keeps order, so the doomed one would have come first
        String later = given().contentType("application/json").body(note("after"))
                .post("/test/notes").then().statusCode(200).extract().path("id");
        TestKafka.awaitRecord(TestApp.TOPIC, r -> later.equals(r.key()), Duration.ofSeconds(30));
        List<String> published = TestKafka.readAll(TestApp.TOPIC).stream()
                .filter(r -> r.headers().lastHeader("npq-event-id") != null) // the relay's, not those tests sent directly
                .map(r -> r.key()).toList();
        List<String> stored = ids("SELECT id::text FROM note");
        assertThat(stored).containsAll(published);
    }

    @Test
    void redeliveredEventIsAppliedOnce() throws Exception {
        String applicationId = UUID.randomUUID().toString();
        FundingDecisionMade event = FundingDecisionMade.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(applicationId)
                .setApplicationId(applicationId).setParticipantId(applicationId).setEligibleForFunding(true)
                .setFundingEligibilityStatusCode("funded").setRuleSet("test").setDecidedAt(Instant.now()).build();
        TestKafka.send(TestApp.TOPIC, applicationId, event, event); // the second is a redelivery
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + event.getEventId() + "'") == 1);
        // the second copy has been consumed too once a later marker event is applied
        String marker = UUID.randomUUID().toString();
        FundingDecisionMade markerEvent = FundingDecisionMade.newBuilder(event)
                .setEventId(UUID.randomUUID().toString()).setAggregateId(marker).setApplicationId(marker).build();
        TestKafka.send(TestApp.TOPIC, applicationId, markerEvent);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM tally WHERE application_id = '" + marker + "'") == 1);
        assertThat(TestDb.count("SELECT applied FROM tally WHERE application_id = '" + applicationId + "'")).isEqualTo(1);
    }

    @Test
    void readinessShowsTheOutboxBacklog() {
        Management.request().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("outbox"))
                .body("checks.find { it.name == 'outbox' }.status", equalTo("UP"));
        relay.relayOnce();
        assertThat(relay.backlog().count()).isZero();
    }

    /**
     * The four services share one database, so advisory locks are shared too: another service's relay in the middle of a
     * batch (here: registration's lock held) must not hold this service's events back.
     */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void anotherServicesRelayDoesNotHoldThisServicesEventsBack() throws Exception {
        try (Connection other = db.getConnection()) {
            advisory(other, "pg_advisory_lock", OutboxRepository.relayLockName("registration"));
            try {
                String id = given().contentType("application/json").body(note("beside registration"))
                        .post("/test/notes").then().statusCode(200).extract().path("id");
                await().atMost(Duration.ofSeconds(30)).until(() -> sentAt(id) != null);
                TestKafka.awaitRecord(TestApp.TOPIC, r -> id.equals(r.key()), Duration.ofSeconds(30));
            } finally {
                advisory(other, "pg_advisory_unlock", OutboxRepository.relayLockName("registration"));
            }
        }
    }

    /**
     * Replicas of one service take turns: while one holds the service's relay lock no other relays, and once it is
     * released several relays racing (the process's own and three more threads) send each event exactly once.
     */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void replicasOfOneServiceTakeTurnsAndSendEachEventOnce() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        try (Connection replica = db.getConnection()) {
            advisory(replica, "pg_advisory_lock", OutboxRepository.relayLockName("platform"));
            try {
                for (int i = 0; i < 6; i++) {
                    ids.add(given().contentType("application/json").body(note("turn " + i)).post("/test/notes")
                            .then().statusCode(200).extract().path("id"));
                }
                assertThat(relay.relayOnce()).isZero(); // another replica of this service holds the lock
                for (String id : ids) assertThat(sentAt(id)).isNull();
            } finally {
                advisory(replica, "pg_advisory_unlock", OutboxRepository.relayLockName("platform"));
            }
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<?>> racers = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                racers.add(pool.submit(() -> {
                    while (ids.stream().anyMatch(id -> uncheckedSentAt(id) == null)) relay.relayOnce();
                }));
            }
            for (var racer : racers) racer.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) TestKafka.awaitRecord(TestApp.TOPIC, r -> id.equals(r.key()), Duration.ofSeconds(30));
        var published = TestKafka.readAll(TestApp.TOPIC).stream().map(r -> r.key()).filter(ids::contains).toList();
        assertThat(published).containsExactlyInAnyOrderElementsOf(ids);
    }

    private static void advisory(Connection c, String function, String lockName) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            s.setString(1, lockName);
            s.executeQuery().close();
        }
    }

    private String uncheckedSentAt(String id) {
        try {
            return sentAt(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String sentAt(String id) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT sent_at FROM outbox_event WHERE aggregateid = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }


    private List<String> ids(String sql) throws Exception {
        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(sql)) {
            var out = new java.util.ArrayList<String>();
            while (r.next()) out.add(r.getString(1));
            return out;
        }
    }
}
