package uk.npq.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import uk.npq.platform.correlation.Correlation;

/**
 * Records an event in the current business transaction. Nothing reaches Kafka here: the
 * {@link OutboxRelay} publishes the row after the transaction commits, so a rolled-back change
 * never emits its event and a committed one is never lost when Kafka is away.
 */
@ApplicationScoped
public class Outbox {
    private static final Object WAKE = Outbox.class.getName() + ".wake";

    @Inject OutboxRepository repository;
    @Inject TransactionSynchronizationRegistry transactions;
    @Inject OutboxRelay relay;

    /**
     * Fills the envelope (eventId, occurredAt, aggregateId, schemaVersion, correlationId) of
     * {@code event} and stores it for {@code topic}, keyed by {@code aggregateId}.
     *
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String aggregateType, String aggregateId, SpecificRecord event) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        put(event, "eventId", id.toString());
        put(event, "occurredAt", now);
        put(event, "aggregateId", aggregateId);
        String correlationId = Correlation.current();
        put(event, "correlationId", correlationId);

        OutboxEvent row = new OutboxEvent();
        row.id = id;
        row.aggregateType = aggregateType;
        row.aggregateId = aggregateId;
        row.type = event.getSchema().getFullName();
        row.topic = topic;
        row.payload = AvroJson.encode(event);
        row.correlationId = correlationId;
        row.createdAt = now;
        repository.persist(row);
        if (transactions.getResource(WAKE) == null) { // once per transaction, however many events it writes
            transactions.putResource(WAKE, Boolean.TRUE);
            // every replica's relay hears of the commit from the outbox table's trigger (V0_3, OutboxWakeListener);
            // this process's is also woken directly, below
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override public void beforeCompletion() {}
                @Override public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) relay.wakeUp();
                }
            });
        }
        return id;
    }

    private static void put(SpecificRecord event, String field, Object value) {
        Schema.Field f = event.getSchema().getField(field);
        if (f == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " lacks envelope field " + field);
        }
        event.put(f.pos(), value);
    }
}
