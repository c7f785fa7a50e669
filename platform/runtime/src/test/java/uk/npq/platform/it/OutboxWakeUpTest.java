package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.outbox.AvroJson;
import uk.npq.platform.outbox.OutboxRepository;
import uk.npq.platform.testing.TestKafka;

/**
 * Replicas wake each other's relays: a transaction that writes outbox rows sends a NOTIFY on the service's channel (the
 * outbox table's trigger), which PostgreSQL delivers at commit, and every relay listens. The relay's poll interval is a minute here, so a row published
 * within the deadline below was published because of the notification, not because a poll came round.
 */
@QuarkusTest
@TestProfile(OutboxWakeUpTest.LongPoll.class)
class OutboxWakeUpTest {
    public static class LongPoll implements QuarkusTestProfile {
        @Override public Map<String, String> getConfigOverrides() {
            return Map.of("npq.outbox.poll-interval", "PT1M");
        }
    }

    /** Far below the poll interval: only a wake-up gets a row out in time. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Inject AgroalDataSource db;

    @Test
    void aRowAnotherReplicaCommitsIsPublishedWithoutWaitingForThePoll() throws Exception {
        String applicationId = UUID.randomUUID().toString();
        FundingDecisionMade event = FundingDecisionMade.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(applicationId)
                .setApplicationId(applicationId).setParticipantId(applicationId).setEligibleForFunding(true)
                .setFundingEligibilityStatusCode("funded").setRuleSet("test").setDecidedAt(Instant.now()).build();
        // another replica's transaction: its own connection, the row (whose trigger notifies), one commit
        try (Connection replica = db.getConnection()) {
            replica.setAutoCommit(false);
            try (PreparedStatement insert = replica.prepareStatement("INSERT INTO outbox_event (id, aggregatetype, aggregateid, "
                    + "type, topic, payload, created_at) VALUES (?::uuid, 'note', ?, ?, ?, ?::jsonb, ?)")) {
                insert.setString(1, event.getEventId());
                insert.setString(2, applicationId);
                insert.setString(3, FundingDecisionMade.getClassSchema().getFullName());
                insert.setString(4, TestApp.TOPIC);
                insert.setString(5, AvroJson.encode(event));
                insert.setTimestamp(6, Timestamp.from(Instant.now()));
                insert.executeUpdate(); // no NOTIFY of its own: the outbox table's trigger sends it
            }
            replica.commit();
        }

        await().atMost(PROMPTLY).until(() -> sentAt(applicationId) != null);
        var record = TestKafka.awaitRecord(TestApp.TOPIC, r -> applicationId.equals(r.key()), PROMPTLY);
        assertThat(new String(record.headers().lastHeader("npq-event-id").value())).isEqualTo(event.getEventId());
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void aCommitThatWritesOutboxRowsNotifiesTheServicesRelaysAndARollbackDoesNot() throws Exception {
        String channel = OutboxRepository.wakeChannel("platform");
        try (Connection listener = db.getConnection()) {
            execute(listener, "LISTEN \"" + channel + "\"");
            try {
                PGConnection pg = listener.unwrap(PGConnection.class);
                given().contentType("application/json").body(note("rolled back")).post("/test/notes?fail=true").then().statusCode(500);
                given().contentType("application/json").body(note("committed")).post("/test/notes").then().statusCode(200);

                // notifications arrive in commit order: had the rolled-back write sent one, it would come before the other
                List<PGNotification> got = new ArrayList<>();
                await().atMost(PROMPTLY).until(() -> {
                    PGNotification[] n = pg.getNotifications(100);
                    if (n != null) got.addAll(List.of(n));
                    return !got.isEmpty();
                });
                assertThat(got).hasSize(1);
                assertThat(got.get(0).getName()).isEqualTo(channel);
            } finally { // the connection goes back to the pool
                execute(listener, "UNLISTEN *");
            }
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String note(String title) {
        return "{\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"" + title + "\",\"pages\":3,\"written_on\":\"2026-01-05\"}}}";
    }

    private String sentAt(String aggregateId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT sent_at FROM outbox_event WHERE aggregateid = ?")) {
            s.setString(1, aggregateId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
