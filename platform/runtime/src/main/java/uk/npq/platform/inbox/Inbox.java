package uk.npq.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import uk.npq.platform.correlation.Correlation;
import uk.npq.platform.lifecycle.Stopping;
import uk.npq.platform.persistence.DatabaseUnavailable;

/**
 * Exactly-once effect for event consumers: the event id is recorded in processed_event in the same
 * transaction as the change it causes, so a redelivered event changes nothing.
 *
 * <pre>
 * &#64;Incoming("applications") &#64;Blocking(Inbox.WORKERS) &#64;Transactional
 * void on(SpecificRecord event) { inbox.once("funding-decisions", event, () -&gt; decide(...)); }
 * </pre>
 * or, for a channel with {@code batch=true}, a whole poll's records in one transaction ({@link #batch}):
 * <pre>
 * &#64;Incoming("applications") &#64;Blocking(Inbox.WORKERS)
 * void on(List&lt;SpecificRecord&gt; events, IncomingKafkaRecordBatchMetadata&lt;String, SpecificRecord&gt; batch) {
 *     inbox.batch("funding-decisions", batch, event -&gt; event instanceof ApplicationSubmitted s ? () -&gt; decide(s) : null);
 * }
 * </pre>
 */
@ApplicationScoped
public class Inbox {

    /**
     * The worker pool every event consumer runs on ({@code @Blocking(Inbox.WORKERS)}), apart from the pool that serves
     * blocking HTTP requests: on the shared pool a consumer's work queued behind every request, so under request load
     * events waited tens of seconds (issue 16), and a burst of events took threads from requests. Its size,
     * {@code smallrye.messaging.worker.npq-consumers.max-concurrency} (platform config), is at least the channels of
     * the service with most, so no channel waits for another; and it bounds the database connections consumers hold.
     * Each channel stays ordered (the annotation's default {@code ordered = true}): one message at a time, in offset order.
     */
    public static final String WORKERS = "npq-consumers";

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject EntityManager em;
    /** OpenTelemetry's (a no-op one while tracing is off, the default). */
    @Inject Tracer tracer;

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

    /**
     * Applies a batch of events (one Kafka poll, in offset order) in ONE transaction: one set-based inbox insert records
     * the events not seen before, then each new event's change runs, in order, with its correlation id, and is flushed
     * before the next; the batch commits once. {@code changeOf} gives an event's change, or null for an event this consumer ignores
     * (which is not recorded, as {@link #once} does not record it either).
     *
     * <p>If the batch fails, nothing of it is kept and its events are applied again one transaction each, in order, so a
     * poison event is isolated: the others are applied, and the poison one is nacked alone, to the channel's failure
     * strategy (the services' channels: its dead-letter topic), exactly as a failing event of a one-at-a-time consumer is.
     * This method never throws for one event's failure: a thrown batch would nack every record of it.
     */
    public void batch(String consumer, IncomingKafkaRecordBatchMetadata<?, ?> batch, Function<SpecificRecord, Runnable> changeOf) {
        inTransactions(consumer, batch, (events, traces) -> applyInOrder(consumer, events, changeOf, traces));
    }

    /**
     * As {@link #batch}, but the consumer applies the batch's new events TOGETHER, set-based ({@code change} gets them, in
     * offset order, an id twice in the poll once): one query loads the facts every event needs, one statement per table
     * writes the projection, instead of one round of statements per event (issue 16). {@code change} must leave the
     * state that applying the events one by one, in that order, leaves. Once-only, order and the dead-letter behaviour
     * are {@link #batch}'s: if the batch fails, each event is applied again alone ({@code change} gets a list of one),
     * and only a poison event is nacked.
     */
    public void batchTogether(String consumer, IncomingKafkaRecordBatchMetadata<?, ?> batch, Predicate<SpecificRecord> relevant,
                              Consumer<List<SpecificRecord>> change) {
        inTransactions(consumer, batch, (events, traces) -> applyTogether(consumer, events, relevant, change, traces));
    }

    /** One transaction for the poll's events; on failure one transaction per event, nacking each that fails alone. */
    private void inTransactions(String consumer, IncomingKafkaRecordBatchMetadata<?, ?> batch,
                                java.util.function.BiConsumer<List<SpecificRecord>, Map<SpecificRecord, Context>> apply) {
        List<Message<?>> messages = batch.getBatchedMessages();
        List<SpecificRecord> events = new ArrayList<>(messages.size());
        Map<SpecificRecord, Context> traces = null;
        for (Message<?> m : messages) {
            SpecificRecord event = (SpecificRecord) m.getPayload();
            events.add(event);
            Context trace = traceOf(m);
            if (trace != null) {
                if (traces == null) traces = new IdentityHashMap<>();
                traces.put(event, trace);
            }
        }
        Map<SpecificRecord, Context> traced = traces == null ? Map.of() : traces;
        if (Stopping.now()) holdUntilExit(consumer, events.size());
        try {
            untilDatabaseAnswers(consumer, () -> QuarkusTransaction.requiringNew().run(() -> apply.accept(events, traced)));
            return;
        } catch (RuntimeException e) {
            if (Stopping.now()) holdUntilExit(consumer, events.size());
            LOG.warnf("%s: a batch of %d events failed (%s); applying them one at a time", consumer, events.size(), e.toString());
        }
        for (int i = 0; i < events.size(); i++) {
            SpecificRecord event = events.get(i);
            try {
                untilDatabaseAnswers(consumer, () -> QuarkusTransaction.requiringNew().run(() -> apply.accept(List.of(event), traced)));
            } catch (RuntimeException e) {
                if (Stopping.now()) holdUntilExit(consumer, events.size() - i);
                messages.get(i).nack(e).toCompletableFuture().join();
            }
        }
    }

    /**
     * The application is stopping: the batch is neither applied nor acknowledged nor nacked, and this channel takes no
     * further batch (its worker waits here until the process exits); its offset is not committed, so the events are
     * delivered again to the next consumer of the partition, whose inbox applies each once. Without this, a batch that
     * arrived while the service stopped failed on the closed persistence unit and its events went to the dead-letter topic:
     * lost to the consumer (deploy/faults, fault "sigterm": a declaration's state never reached registration).
     */
    static void holdUntilExit(String consumer, int events) {
        LOG.infof("%s: stopping; %d events left for the next consumer of the partition", consumer, events);
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // the process is exiting; the events must still not be acknowledged
            }
        }
    }

    /** How long a consumer waits for its database to come back before it treats a batch as failing (below Kafka's 5 min poll interval). */
    static final long DATABASE_WAIT_MS = 120_000;

    /**
     * Runs {@code work}; while it fails because the database cannot be reached ({@link DatabaseUnavailable}: PostgreSQL
     * restarting, a connection broken), runs it again after 0.25 s, doubling up to 4 s, for at most {@link #DATABASE_WAIT_MS}.
     * Without this a restart of PostgreSQL sent every event polled meanwhile to the dead-letter topic: the event was lost to
     * the consumer though nothing was wrong with it (deploy/faults, fault "postgres"). Other failures are thrown at once.
     */
    static void untilDatabaseAnswers(String consumer, Runnable work) {
        long waited = 0, pause = 250;
        while (true) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.is(e) || waited >= DATABASE_WAIT_MS) throw e;
                LOG.warnf("%s: database not available (%s); applying the batch again in %d ms", consumer, e.getClass().getSimpleName(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waited += pause;
                pause = Math.min(4000, pause * 2);
            }
        }
    }

    /**
     * Within the caller's transaction: records the relevant events' ids in one statement and hands the events whose id was
     * new to {@code change} in one call, in the order given (an id twice in the list once). Visible for tests of redelivery.
     *
     * @return how many events {@code change} got
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int applyTogether(String consumer, List<? extends SpecificRecord> events, Predicate<SpecificRecord> relevant,
                             Consumer<List<SpecificRecord>> change) {
        return applyTogether(consumer, events, relevant, change, Map.of());
    }

    private int applyTogether(String consumer, List<? extends SpecificRecord> events, Predicate<SpecificRecord> relevant,
                              Consumer<List<SpecificRecord>> change, Map<SpecificRecord, Context> traces) {
        List<String> ids = new ArrayList<>(events.size());
        List<SpecificRecord> candidates = new ArrayList<>(events.size());
        for (SpecificRecord event : events) {
            if (!relevant.test(event)) continue;
            ids.add(String.valueOf(field(event, "eventId")));
            candidates.add(event);
        }
        if (ids.isEmpty()) return 0;
        Set<String> fresh = firstSeen(consumer, ids);
        List<SpecificRecord> news = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (fresh.remove(ids.get(i))) news.add(candidates.get(i));
        }
        if (news.isEmpty()) return 0;
        Span span = traces.isEmpty() ? null : togetherSpan(consumer, news, traces);
        try (Scope ignored = span == null ? null : span.makeCurrent()) {
            change.accept(news);
            em.flush();
            em.clear();
        } finally {
            if (span != null) span.end();
        }
        return news.size();
    }

    /**
     * Within a {@link #batchTogether} change: splits the poll's new events by partition key ({@code key}, the application id of
     * an application's events). The keys whose every event {@code together} accepts go to {@code setBased} in ONE call (their
     * events in offset order; it writes them set-based); the events of every other key run one at a time through
     * {@code changeOf}, in offset order, each with its correlation id and flushed before the next, as {@link #applyInOrder}
     * runs them. Each key's events stay in order; different keys' events are independent (Kafka orders a key, not a
     * partition's keys among themselves), so the result is that of the events one by one. Used where a poll is mostly of
     * the common kinds (a seed's submissions and acceptances) and rarely of others.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void byKey(List<SpecificRecord> events, Function<SpecificRecord, String> key, Predicate<SpecificRecord> together,
                      Consumer<List<SpecificRecord>> setBased, Function<SpecificRecord, Runnable> changeOf) {
        Set<String> alone = new HashSet<>();
        for (SpecificRecord event : events) if (!together.test(event)) alone.add(key.apply(event));
        List<SpecificRecord> grouped = new ArrayList<>(events.size());
        for (SpecificRecord event : events) {
            if (alone.contains(key.apply(event))) {
                Runnable change = changeOf.apply(event);
                if (change == null) continue;
                Correlation.with(correlationOf(event), () -> { change.run(); return null; });
                em.flush();
                em.clear();
            } else {
                grouped.add(event);
            }
        }
        if (grouped.isEmpty()) return;
        setBased.accept(grouped);
        em.flush();
        em.clear();
    }

    /** The correlation id an event carries (its envelope's), or null. */
    public static String correlationOf(SpecificRecord event) {
        Object id = field(event, "correlationId");
        return id == null ? null : id.toString();
    }

    /**
     * Within the caller's transaction: records the events' ids in one statement and runs the change of each event whose
     * id was new, in the order given (an id twice in the list runs once). Visible for tests of redelivery.
     *
     * @return how many changes ran
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int applyInOrder(String consumer, List<? extends SpecificRecord> events, Function<SpecificRecord, Runnable> changeOf) {
        return applyInOrder(consumer, events, changeOf, Map.of());
    }

    private int applyInOrder(String consumer, List<? extends SpecificRecord> events, Function<SpecificRecord, Runnable> changeOf,
                             Map<SpecificRecord, Context> traces) {
        List<String> ids = new ArrayList<>(events.size());
        List<Runnable> changes = new ArrayList<>(events.size());
        List<SpecificRecord> relevant = new ArrayList<>(events.size());
        for (SpecificRecord event : events) {
            Runnable change = changeOf.apply(event);
            if (change == null) continue;
            ids.add(String.valueOf(field(event, "eventId")));
            changes.add(change);
            relevant.add(event);
        }
        if (ids.isEmpty()) return 0;
        Set<String> fresh = firstSeen(consumer, ids);
        int ran = 0;
        for (int i = 0; i < changes.size(); i++) {
            if (!fresh.remove(ids.get(i))) continue;
            Object correlationId = field(relevant.get(i), "correlationId");
            Runnable change = changes.get(i);
            Context trace = traces.isEmpty() ? null : traces.get(relevant.get(i));
            Span span = trace == null ? null : processSpan(consumer, trace).startSpan();
            try (Scope ignored = span == null ? null : span.makeCurrent()) {
                Correlation.with(correlationId == null ? null : correlationId.toString(), () -> { change.run(); return null; });
                // each event's change is written, and its entities let go, before the next one's: the next event's queries
                // see it as they would after a commit, and the persistence context (dirty-checked at every flush) stays small
                em.flush();
                em.clear();
            } finally {
                if (span != null) span.end();
            }
            ran++;
        }
        return ran;
    }

    /**
     * The trace an event's record continues: the Kafka connector's receive span of the record (child of the relay's publish
     * span, from the record's traceparent header), or null when tracing is off or the record carries no trace.
     */
    private static Context traceOf(Message<?> message) {
        Context context = message.getMetadata(TracingMetadata.class).map(TracingMetadata::getCurrentContext).orElse(null);
        if (context == null || !Span.fromContext(context).getSpanContext().isValid()) return null;
        return context;
    }

    /**
     * The span of applying one event, in the event's trace and current while its change runs: events the change publishes
     * (through the outbox) stay in that trace, so one registration is one trace through every service.
     */
    private SpanBuilder processSpan(String consumer, Context trace) {
        return tracer.spanBuilder(consumer + " process").setParent(trace)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.consumer.group.name", consumer);
    }

    /**
     * Events applied together (set-based) have one span: in the trace of the first traced event, linked to each other
     * event's trace, so every trace still shows where its event was applied.
     */
    private Span togetherSpan(String consumer, List<SpecificRecord> events, Map<SpecificRecord, Context> traces) {
        Context first = null;
        List<SpanContext> links = new ArrayList<>();
        for (SpecificRecord event : events) {
            Context trace = traces.get(event);
            if (trace == null) continue;
            if (first == null) first = trace; else links.add(Span.fromContext(trace).getSpanContext());
        }
        if (first == null) return null;
        SpanBuilder builder = processSpan(consumer, first).setAttribute("messaging.batch.message_count", (long) events.size());
        for (SpanContext link : links) builder.addLink(link);
        return builder.startSpan();
    }

    /** Records the ids for {@code consumer} in one statement; returns those not recorded before. */
    @SuppressWarnings("unchecked")
    private Set<String> firstSeen(String consumer, List<String> ids) {
        String json;
        try {
            json = JSON.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Object> inserted = em.createNativeQuery("INSERT INTO processed_event (consumer, event_id) "
                        + "SELECT ?1, e FROM jsonb_array_elements_text(cast(?2 AS jsonb)) AS e ON CONFLICT DO NOTHING RETURNING event_id")
                .setParameter(1, consumer).setParameter(2, json).getResultList();
        Set<String> fresh = new HashSet<>();
        for (Object id : inserted) fresh.add(String.valueOf(id));
        return fresh;
    }

    private static Object field(SpecificRecord event, String name) {
        Schema.Field f = event.getSchema().getField(name);
        if (f == null) throw new IllegalArgumentException(event.getSchema().getFullName() + " lacks envelope field " + name);
        return event.get(f.pos());
    }
}
