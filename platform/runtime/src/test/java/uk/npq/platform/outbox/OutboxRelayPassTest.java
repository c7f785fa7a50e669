package uk.npq.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.testing.SqlTrace;

/**
 * A relay pass costs the same statements however many events it sends: the relay lock and the pending rows in one
 * statement, the acknowledged rows marked sent in one more. When another replica holds the lock, the pass is that one
 * statement and leaves the rows pending. The background relay is off here, so the passes the test makes are the only ones.
 */
@QuarkusTest
@TestProfile(OutboxRelayPassTest.NoBackgroundRelay.class)
class OutboxRelayPassTest {
    public static class NoBackgroundRelay implements QuarkusTestProfile {
        @Override public Map<String, String> getConfigOverrides() {
            return Map.of("npq.outbox.relay-enabled", "false");
        }
    }

    static final String TOPIC = "platform.test.v1"; // the test application's (it.TestApp)
    @Inject Outbox outbox;
    @Inject OutboxRelay relay;
    @Inject AgroalDataSource db;

    @Test
    void aPassOfOneEventAndAPassOfTwentyEachSendTwoStatements() throws Exception {
        for (int n : new int[] {1, 20}) {
            String key = "pass-" + n + "-" + UUID.randomUUID();
            publish(key, n);
            int[] sent = new int[1];
            List<String> statements = SqlTrace.onThisThread(() -> sent[0] = relay.relayOnce());
            assertThat(sent[0]).isGreaterThanOrEqualTo(n);
            assertThat(pending(key)).isZero();
            assertThat(statements).as("statements of a pass sending %d", n).hasSize(2);
            assertThat(statements.get(0)).contains("pg_try_advisory_xact_lock").contains("FOR UPDATE SKIP LOCKED");
            assertThat(statements.get(1)).startsWith("UPDATE outbox_event SET sent_at");
        }
    }

    @Test
    void aPassWhileAnotherReplicaHoldsTheLockIsOneStatementAndSendsNothing() throws Exception {
        String key = "held-" + UUID.randomUUID();
        publish(key, 3);
        try (Connection replica = db.getConnection()) {
            advisory(replica, "pg_advisory_lock");
            try {
                int[] sent = new int[1];
                List<String> statements = SqlTrace.onThisThread(() -> sent[0] = relay.relayOnce());
                assertThat(sent[0]).isZero();
                assertThat(statements).hasSize(1);
                assertThat(pending(key)).isEqualTo(3);
            } finally {
                advisory(replica, "pg_advisory_unlock");
            }
        }
        assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(3);
        assertThat(pending(key)).isZero();
    }

    /**
     * A pass reads its rows with every column's type named: left to guess one from the result set, Hibernate registers
     * the type at run time and throws and catches an exception inside itself on every pass, several times a second.
     */
    @Test
    void aPassThrowsNoExceptionInsideHibernate() throws Exception {
        String key = "quiet-" + UUID.randomUUID();
        publish(key, 3);
        List<uk.npq.platform.testing.ThrownExceptions.Thrown> thrown = uk.npq.platform.testing.ThrownExceptions.during(() -> {
            assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(3); // rows to send
            relay.relayOnce(); // none pending
            try { // the recording sees exceptions at all
                throw new IllegalStateException("probe " + key);
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessageContaining(key);
            }
        });
        assertThat(pending(key)).isZero();
        assertThat(thrown).anyMatch(t -> ("probe " + key).equals(t.message()));
        assertThat(thrown).as("exceptions thrown inside Hibernate").noneMatch(t -> t.type().startsWith("org.hibernate."));
    }

    private void publish(String key, int n) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < n; i++) {
                FundingDecisionMade e = new FundingDecisionMade();
                e.setApplicationId(key + "-" + i);
                e.setParticipantId(key + "-" + i);
                e.setEligibleForFunding(true);
                e.setFundingEligibilityStatusCode("test");
                e.setRuleSet("test");
                e.setDecidedAt(Instant.now());
                outbox.publish(TOPIC, "note", key, e);
            }
        });
    }

    private static void advisory(Connection c, String function) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            s.setString(1, OutboxRepository.relayLockName("platform"));
            s.executeQuery().close();
        }
    }

    private long pending(String key) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox_event WHERE aggregateid = ? AND sent_at IS NULL")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
