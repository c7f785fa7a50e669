package uk.npq.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import uk.npq.platform.correlation.Correlation;

/**
 * Exactly-once effect for event consumers: the event id is recorded in processed_event in the same
 * transaction as the change it causes, so a redelivered event changes nothing.
 *
 * <pre>
 * &#64;Incoming("applications") &#64;Blocking &#64;Transactional
 * void on(SpecificRecord event) { inbox.once("funding-decisions", event, () -&gt; decide(...)); }
 * </pre>
 */
@ApplicationScoped
public class Inbox {

    @Inject EntityManager em;

    /**
     * Runs {@code change} unless {@code consumer} already processed the event with this id. Must run
     * inside the transaction that makes the change.
     *
     * @return true when the change ran, false for a redelivery
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean once(String consumer, String eventId, Runnable change) {
        int inserted = em.createNativeQuery(
                        "INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer).setParameter(2, eventId).executeUpdate();
        if (inserted == 0) return false;
        change.run();
        return true;
    }

    /** As {@link #once(String, String, Runnable)}, reading the envelope of an event record; also carries its correlation id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean once(String consumer, SpecificRecord event, Runnable change) {
        String eventId = String.valueOf(field(event, "eventId"));
        Object correlationId = field(event, "correlationId");
        return Correlation.with(correlationId == null ? null : correlationId.toString(),
                () -> once(consumer, eventId, change));
    }

    private static Object field(SpecificRecord event, String name) {
        Schema.Field f = event.getSchema().getField(name);
        if (f == null) throw new IllegalArgumentException(event.getSchema().getFullName() + " lacks envelope field " + name);
        return event.get(f.pos());
    }
}
