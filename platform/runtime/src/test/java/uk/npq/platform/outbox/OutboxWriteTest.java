package uk.npq.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;


/**
 * The outbox's write path: a transaction's events are kept and written together at its end (set-based, {@link Outbox#CHUNK}
 * rows per statement), each with its envelope, in the order they were published; the relay sends them and marks them sent.
 */
@QuarkusTest
class OutboxWriteTest {
    static final String TOPIC = "platform.test.v1"; // the test application's (it.TestApp)
    @Inject Outbox outbox;
    @Inject AgroalDataSource db;

    @Test
    void aTransactionsEventsAreWrittenInPublishOrderAcrossChunksAndAllSent() throws Exception {
        String batch = "w-" + UUID.randomUUID();
        int n = 2 * Outbox.CHUNK + 5; // three statements: two full chunks and a short one
        List<UUID> eventIds = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < n; i++) eventIds.add(outbox.publish(TOPIC, "note", batch + ":" + i, event(batch, i)));
        });

        List<String[]> rows = rows("SELECT id::text, aggregateid, aggregatetype, type, topic, payload::text, created_at, "
                + "encode(payload_avro, 'hex') FROM outbox_event "
                + "WHERE aggregateid LIKE ? ORDER BY created_at, id", batch + ":%");
        assertThat(rows).hasSize(n);
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            assertThat(r[0]).as("row %d in publish order", i).isEqualTo(eventIds.get(i).toString());
            assertThat(r[1]).isEqualTo(batch + ":" + i);
            assertThat(r[2]).isEqualTo("note");
            assertThat(r[3]).isEqualTo(FundingDecisionMade.getClassSchema().getFullName());
            assertThat(r[4]).isEqualTo(TOPIC);
            FundingDecisionMade stored = (FundingDecisionMade) AvroJson.decode(r[3], r[5]);
            assertThat(stored.getEventId()).isEqualTo(eventIds.get(i).toString());
            assertThat(stored.getAggregateId()).isEqualTo(batch + ":" + i);
            assertThat(stored.getApplicationId()).isEqualTo(batch + "-" + i);
            // the binary encoding the relay sends is written beside it, and is the same event
            assertThat(AvroBinary.decode(r[3], java.util.HexFormat.of().parseHex(r[7]))).isEqualTo(stored);
        }
        // no two events of the transaction share a time, so (created_at, id) is the publish order whatever the ids
        assertThat(rows.stream().map(r -> r[6]).distinct().count()).isEqualTo(n);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM outbox_event WHERE aggregateid LIKE ? "
                + "AND sent_at IS NOT NULL AND attempts = 0 AND last_error IS NULL", batch + ":%") == n);
    }

    @Test
    void aRolledBackTransactionWritesNone() throws Exception {
        String batch = "r-" + UUID.randomUUID();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 3; i++) outbox.publish(TOPIC, "note", batch + ":" + i, event(batch, i));
                throw new IllegalStateException("rolled back on purpose");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("rolled back on purpose");
        }
        assertThat(count("SELECT count(*) FROM outbox_event WHERE aggregateid LIKE ?", batch + ":%")).isZero();
    }

    @Test
    void eventTimesOfOneTransactionStrictlyIncreaseEvenWhenTheClockDoesNot() {
        var pending = new Outbox.Pending();
        Instant clock = Instant.parse("2026-12-07T10:00:00.123456789Z");
        Instant a = pending.next(clock), b = pending.next(clock), c = pending.next(clock.minusSeconds(1));
        assertThat(a).isEqualTo(Instant.parse("2026-12-07T10:00:00.123456Z"));
        assertThat(b).isEqualTo(Instant.parse("2026-12-07T10:00:00.123457Z"));
        assertThat(c).isEqualTo(Instant.parse("2026-12-07T10:00:00.123458Z"));
        assertThat(pending.next(Instant.parse("2026-12-07T10:00:01Z"))).isEqualTo(Instant.parse("2026-12-07T10:00:01Z"));
    }

    private static FundingDecisionMade event(String batch, int i) {
        FundingDecisionMade e = new FundingDecisionMade();
        e.setApplicationId(batch + "-" + i);
        e.setParticipantId(batch + "-" + i);
        e.setEligibleForFunding(false);
        e.setFundingEligibilityStatusCode("test");
        e.setRuleSet("test");
        e.setDecidedAt(Instant.now());
        return e;
    }

    private List<String[]> rows(String sql, String like) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, like);
            try (ResultSet r = s.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                int cols = r.getMetaData().getColumnCount();
                while (r.next()) {
                    String[] row = new String[cols];
                    for (int i = 0; i < cols; i++) row[i] = r.getString(i + 1);
                    out.add(row);
                }
                return out;
            }
        }
    }

    private long count(String sql, String like) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, like);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
