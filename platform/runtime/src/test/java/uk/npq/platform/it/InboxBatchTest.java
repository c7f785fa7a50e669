package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/** Inbox.batch: a poll's events in one transaction, each applied once, in order, a poison one isolated. */
@QuarkusTest
class InboxBatchTest {

    @Inject Inbox inbox;
    @Inject io.agroal.api.AgroalDataSource db;
    @Inject TestApp.BatchConsumer consumer;

    private static FundingDecisionMade decision(String applicationId, String status) {
        return FundingDecisionMade.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(applicationId)
                .setApplicationId(applicationId).setParticipantId(applicationId).setEligibleForFunding(true)
                .setFundingEligibilityStatusCode(status).setRuleSet("test").setDecidedAt(Instant.now()).build();
    }

    private static long applied(String applicationId) throws Exception {
        return TestDb.count("SELECT coalesce(sum(applied), 0) FROM tally WHERE application_id = '" + applicationId + "'");
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = db.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The offset on the batch topic of the record with this event id. */
    private static long offsetOf(String eventId) {
        return TestKafka.awaitRecord(TestApp.BATCH_TOPIC,
                r -> r.value() instanceof FundingDecisionMade d && d.getEventId().equals(eventId), Duration.ofSeconds(30)).offset();
    }

    /** The original offsets (SmallRye's dead-letter-offset header) of the dead letters with this key. */
    private static List<Long> deadLetterOffsets(String key) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", TestKafka.bootstrap());
        p.put("group.id", "dead-letters-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        List<Long> offsets = new ArrayList<>();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(p)) {
            c.subscribe(List.of(TestApp.BATCH_TOPIC + ".dlq"));
            int idle = 0;
            while (idle < 5) {
                var polled = c.poll(Duration.ofMillis(200));
                if (polled.isEmpty() && !c.assignment().isEmpty()) idle++; else idle = 0;
                for (var r : polled) {
                    var h = r.headers().lastHeader("dead-letter-offset");
                    if (key.equals(r.key()) && h != null) offsets.add(Long.parseLong(new String(h.value())));
                }
            }
        }
        return offsets;
    }

    @Test
    void theSameBatchTwiceChangesNothingTheSecondTime() throws Exception {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        FundingDecisionMade ea = decision(a, "funded"), eb = decision(b, "funded");
        List<SpecificRecord> batch = List.of(ea, eb, ea); // an id twice within a batch runs once too

        int first = QuarkusTransaction.requiringNew().call(() -> inbox.applyInOrder(TestApp.BatchConsumer.CONSUMER, batch, consumer::changeOf));
        int second = QuarkusTransaction.requiringNew().call(() -> inbox.applyInOrder(TestApp.BatchConsumer.CONSUMER, batch, consumer::changeOf));

        assertThat(first).isEqualTo(2);
        assertThat(second).isZero();
        assertThat(applied(a)).isEqualTo(1);
        assertThat(applied(b)).isEqualTo(1);
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE consumer = '" + TestApp.BatchConsumer.CONSUMER
                + "' AND event_id IN ('" + ea.getEventId() + "', '" + eb.getEventId() + "')")).isEqualTo(2);
    }

    @Test
    void anEventTheConsumerIgnoresIsNotRecorded() throws Exception {
        String a = UUID.randomUUID().toString();
        FundingDecisionMade ea = decision(a, "funded");
        int ran = QuarkusTransaction.requiringNew().call(() ->
                inbox.applyInOrder(TestApp.BatchConsumer.CONSUMER, List.of(ea), e -> null));
        assertThat(ran).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + ea.getEventId() + "'")).isZero();
    }

    @Test
    void aPoisonEventIsNackedAloneAndTheOthersAreApplied() throws Exception {
        String good1 = UUID.randomUUID().toString(), bad = UUID.randomUUID().toString(), good2 = UUID.randomUUID().toString();
        List<String> nacked = new CopyOnWriteArrayList<>();
        List<Message<?>> messages = new ArrayList<>();
        for (FundingDecisionMade d : List.of(decision(good1, "funded"), decision(bad, "poison"), decision(good2, "funded"))) {
            messages.add(Message.of((SpecificRecord) d).withNack(reason -> {
                nacked.add(d.getApplicationId());
                return CompletableFuture.completedFuture(null);
            }));
        }
        var batch = new IncomingKafkaRecordBatchMetadata<String, SpecificRecord>(ConsumerRecords.empty(), messages,
                "test-batch", 0, Map.of(), -1);

        inbox.batch(TestApp.BatchConsumer.CONSUMER, batch, consumer::changeOf);

        assertThat(nacked).containsExactly(bad);
        assertThat(applied(good1)).isEqualTo(1);
        assertThat(applied(good2)).isEqualTo(1);
        assertThat(applied(bad)).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + ((FundingDecisionMade) messages.get(1).getPayload()).getEventId() + "'")).isZero();
    }

    /**
     * PostgreSQL restarting while a batch is applied (deploy/faults, fault "postgres"): the batch is applied again once the
     * database answers, and no event goes to the dead-letter topic. The failure is the connection failure a restart causes
     * (SQLState 08006, as Hibernate wraps the driver's), thrown by the change the first two times.
     */
    @Test
    void aBatchThatFailsBecauseTheDatabaseIsRestartingIsAppliedAgainNotDeadLettered() throws Exception {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        List<String> nacked = new CopyOnWriteArrayList<>();
        List<Message<?>> messages = new ArrayList<>();
        for (FundingDecisionMade d : List.of(decision(a, "funded"), decision(b, "funded"))) {
            messages.add(Message.of((SpecificRecord) d).withNack(reason -> {
                nacked.add(d.getApplicationId());
                return CompletableFuture.completedFuture(null);
            }));
        }
        var batch = new IncomingKafkaRecordBatchMetadata<String, SpecificRecord>(ConsumerRecords.empty(), messages,
                "test-batch", 0, Map.of(), -1);
        java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger(2);

        inbox.batch(TestApp.BatchConsumer.CONSUMER, batch, event -> () -> {
            if (failuresLeft.getAndDecrement() > 0) throw new org.hibernate.exception.JDBCConnectionException(
                    "An I/O error occurred while sending to the backend", new java.sql.SQLException("An I/O error occurred", "08006"));
            consumer.changeOf(event).run();
        });

        assertThat(nacked).isEmpty();
        assertThat(applied(a)).isEqualTo(1);
        assertThat(applied(b)).isEqualTo(1);
        assertThat(failuresLeft.get()).isNegative(); // it did fail twice first
    }

    /**
     * A batch that arrives while the service stops (SIGTERM) is neither applied nor acknowledged nor dead-lettered: its worker
     * holds it until the process exits, so the next consumer of the partition gets it again (deploy/faults, fault "sigterm").
     */
    @Test
    void whileTheServiceStopsABatchIsHeldNeitherAppliedNorAcknowledgedNorDeadLettered() throws Exception {
        String a = UUID.randomUUID().toString();
        List<String> settled = new CopyOnWriteArrayList<>();
        FundingDecisionMade d = decision(a, "funded");
        Message<?> message = Message.of((SpecificRecord) d)
                .withAck(() -> { settled.add("ack"); return CompletableFuture.completedFuture(null); })
                .withNack(reason -> { settled.add("nack"); return CompletableFuture.completedFuture(null); });
        var batch = new IncomingKafkaRecordBatchMetadata<String, SpecificRecord>(ConsumerRecords.empty(), List.of(message),
                "test-batch", 0, Map.of(), -1);
        uk.npq.platform.lifecycle.Stopping.set(true);
        try {
            Thread worker = Thread.ofPlatform().daemon().start(() -> inbox.batch(TestApp.BatchConsumer.CONSUMER, batch, consumer::changeOf));
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.getState() == Thread.State.TIMED_WAITING);
            worker.interrupt(); // as when the process exits: the worker still does not settle the batch
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.getState() == Thread.State.TIMED_WAITING);
            assertThat(worker.isAlive()).isTrue();
            assertThat(settled).isEmpty();
            assertThat(applied(a)).isZero();
            assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + d.getEventId() + "'")).isZero();
        } finally {
            uk.npq.platform.lifecycle.Stopping.set(false);
        }
    }

    @Test
    void throughKafkaAPoisonEventGoesToTheDeadLetterTopicAndTheOthersAreAppliedInOrder() throws Exception {
        String key = UUID.randomUUID().toString();
        List<FundingDecisionMade> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) events.add(decision(key + "-" + i, i == 7 ? "poison" : "funded"));
        TestKafka.send(TestApp.BATCH_TOPIC, key, events.toArray(SpecificRecord[]::new));

        String last = events.get(19).getApplicationId();
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(last) == 1);
        // the dead-letter topic holds exactly the poison one (its original offset in the headers), nothing else of the run
        long poisonOffset = offsetOf(events.get(7).getEventId());
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOffsets(key).contains(poisonOffset));
        assertThat(deadLetterOffsets(key)).containsExactly(poisonOffset);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) if (i != 7) expected.add(events.get(i).getEventId());
        assertThat(strings("SELECT event_id FROM trail WHERE application_id LIKE '" + key + "-%' ORDER BY seq"))
                .containsExactlyElementsOf(expected);
        for (int i = 0; i < 20; i++) assertThat(applied(events.get(i).getApplicationId())).isEqualTo(i == 7 ? 0 : 1);
    }

    /** batchTogether: the consumer's set-based change gets the poll's new events at once, in order, each id once. */
    private void together(List<SpecificRecord> events) {
        for (SpecificRecord e : events) consumer.changeOf(e).run();
    }

    @Test
    void togetherTheChangeGetsOnlyTheNewEventsInOrderAndOnce() throws Exception {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        FundingDecisionMade ea = decision(a, "funded"), eb = decision(b, "funded");
        List<List<String>> got = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<List<SpecificRecord>> change = events -> {
            got.add(events.stream().map(e -> ((FundingDecisionMade) e).getApplicationId()).toList());
            together(events);
        };
        int first = QuarkusTransaction.requiringNew().call(() ->
                inbox.applyTogether(TestApp.BatchConsumer.CONSUMER, List.of(ea, eb, ea), e -> true, change));
        int second = QuarkusTransaction.requiringNew().call(() ->
                inbox.applyTogether(TestApp.BatchConsumer.CONSUMER, List.of(eb, ea), e -> true, change));

        assertThat(first).isEqualTo(2);
        assertThat(second).isZero();
        assertThat(got).containsExactly(List.of(a, b)); // the redelivered batch never reached the change
        assertThat(applied(a)).isEqualTo(1);
        assertThat(applied(b)).isEqualTo(1);
    }

    @Test
    void togetherAPoisonEventIsNackedAloneAndTheOthersAreApplied() throws Exception {
        String good1 = UUID.randomUUID().toString(), bad = UUID.randomUUID().toString(), good2 = UUID.randomUUID().toString();
        List<String> nacked = new CopyOnWriteArrayList<>();
        List<Message<?>> messages = new ArrayList<>();
        for (FundingDecisionMade d : List.of(decision(good1, "funded"), decision(bad, "poison"), decision(good2, "funded"))) {
            messages.add(Message.of((SpecificRecord) d).withNack(reason -> {
                nacked.add(d.getApplicationId());
                return CompletableFuture.completedFuture(null);
            }));
        }
        var batch = new IncomingKafkaRecordBatchMetadata<String, SpecificRecord>(ConsumerRecords.empty(), messages,
                "test-batch", 0, Map.of(), -1);

        inbox.batchTogether(TestApp.BatchConsumer.CONSUMER, batch, e -> true, this::together);

        assertThat(nacked).containsExactly(bad);
        assertThat(applied(good1)).isEqualTo(1);
        assertThat(applied(good2)).isEqualTo(1);
        assertThat(applied(bad)).isZero();
    }
}
