package uk.npq.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.testing.TestKafka;

/**
 * The relay sends the Avro binary encoding stored at publish time behind the registry's frame, learnt once per event type:
 * what reaches the topic is byte for byte what the registry's serializer makes of the event (so it decodes with the
 * registered schema), each key's events stay in publish order, and a row that has only the JSON encoding (written before
 * the binary column existed) goes out the same way.
 */
@QuarkusTest
class OutboxWireFormatTest {
    static final String TOPIC = "platform.test.v1"; // the test application's (it.TestApp)
    @Inject Outbox outbox;
    @Inject OutboxFrames frames;
    @Inject AgroalDataSource db;

    @Test
    void eventsReachTheTopicAsTheRegistrysSerializerWritesThemInPublishOrderPerKeyWithOneFramePerType() throws Exception {
        String key = "wire-" + UUID.randomUUID();
        List<FundingDecisionMade> published = new ArrayList<>();
        long learntBefore = frames.learnt();
        for (int t = 0; t < 3; t++) { // three transactions of ten events each, one key
            int from = t * 10;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = from; i < from + 10; i++) {
                    FundingDecisionMade e = event(key, i);
                    outbox.publish(TOPIC, "note", key, e);
                    published.add(e);
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(key) == 0);

        List<ConsumerRecord<String, byte[]>> records = raw(key, published.size());
        assertThat(records).hasSize(published.size());
        try (AvroKafkaSerializer<SpecificRecord> serializer = serializer()) {
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> r = records.get(i);
                FundingDecisionMade expected = published.get(i);
                assertThat(header(r, "npq-event-id")).as("record %d in publish order", i).isEqualTo(expected.getEventId());
                RecordHeaders headers = new RecordHeaders();
                assertThat(r.value()).as("record %d as the registry's serializer writes it", i)
                        .isEqualTo(serializer.serialize(TOPIC, headers, expected));
                for (Header h : headers) assertThat(header(r, h.key())).isEqualTo(new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        // and a consumer with the registry's deserializer reads it back as the event that was published
        var last = published.get(published.size() - 1);
        var decoded = TestKafka.awaitRecord(TOPIC, r -> last.getEventId().equals(header(r, "npq-event-id")), Duration.ofSeconds(30));
        FundingDecisionMade read = (FundingDecisionMade) decoded.value();
        assertThat(read.getEventId()).isEqualTo(last.getEventId());
        assertThat(read.getApplicationId()).isEqualTo(last.getApplicationId());
        assertThat(read.getFundingEligibilityStatusCode()).isEqualTo(last.getFundingEligibilityStatusCode());
        assertThat(read.getOccurredAt()).isEqualTo(last.getOccurredAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        // thirty events, one type: the frame was learnt (by serializing an event) at most once, not per event
        assertThat(frames.learnt() - learntBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void aRowWithOnlyTheJsonEncodingIsSentInTheSameWireFormat() throws Exception {
        String key = "json-only-" + UUID.randomUUID();
        FundingDecisionMade event = event(key, 0);
        event.setEventId(UUID.randomUUID().toString());
        event.setOccurredAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        event.setAggregateId(key);
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_event (id, "
                + "aggregatetype, aggregateid, type, topic, payload, created_at) VALUES (?::uuid, 'note', ?, ?, ?, ?::jsonb, ?)")) {
            insert.setString(1, event.getEventId());
            insert.setString(2, key);
            insert.setString(3, FundingDecisionMade.getClassSchema().getFullName());
            insert.setString(4, TOPIC);
            insert.setString(5, AvroJson.encode(event));
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(key) == 0);
        List<ConsumerRecord<String, byte[]>> records = raw(key, 1);
        assertThat(records).hasSize(1);
        try (AvroKafkaSerializer<SpecificRecord> serializer = serializer()) {
            assertThat(records.get(0).value()).isEqualTo(serializer.serialize(TOPIC, new RecordHeaders(), event));
        }
    }

    private static FundingDecisionMade event(String key, int i) {
        FundingDecisionMade e = new FundingDecisionMade();
        e.setApplicationId(key + "-" + i);
        e.setParticipantId(key + "-" + i);
        e.setEligibleForFunding(i % 2 == 0);
        e.setFundingEligibilityStatusCode("test-" + i);
        e.setRuleSet("test");
        e.setDecidedAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        return e;
    }

    /** The registry's serializer configured independently, as a producing service's channel is. */
    private static AvroKafkaSerializer<SpecificRecord> serializer() {
        AvroKafkaSerializer<SpecificRecord> s = new AvroKafkaSerializer<>();
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", TestKafka.registry());
        config.put("apicurio.registry.auto-register", "true");
        config.put("apicurio.registry.artifact-resolver-strategy", "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy");
        s.configure(config, false);
        return s;
    }

    /** The key's records as bytes, in topic order, once {@code expected} of them are there. */
    private static List<ConsumerRecord<String, byte[]>> raw(String key, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) out.add(r);
                }
                return out.size() >= expected;
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private long pendingFor(String key) throws Exception {
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
