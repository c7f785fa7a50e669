package uk.npq.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import uk.npq.platform.tracing.TraceContext;

/**
 * Publishes committed outbox rows to Kafka and marks them sent. One relay thread per process; across
 * replicas of a service a transaction-scoped advisory lock of that service (named after its schema, so the
 * services never wait for each other) lets one relay work at a time, which keeps each aggregate's events in
 * order, and rows are read FOR UPDATE SKIP LOCKED so no row is sent by two. A relay woken by a commit that
 * finds the lock taken (another replica is mid-batch) tries again after a short pause that doubles up to the
 * poll interval ({@link LockBackoff}), rather than waiting out a whole interval or spinning.
 * A row is marked sent only after Kafka acknowledged it; a failed send stays pending and is retried.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject OutboxRepository repository;
    @Inject OutboxConfig config;
    @Inject MeterRegistry meters;
    @Inject OutboxFrames frames;
    @Inject KafkaClientService kafka;
    /** OpenTelemetry's (a no-op one while tracing is off, the default). */
    @Inject Tracer tracer;
    /**
     * Declares the channel, so the connector builds its producer from the channel's configuration (acks=all, idempotence,
     * one request in flight; values already in the registry's wire format, passed through). The relay sends through that
     * producer itself ({@link #producer()}), not through this emitter: from its own thread, straight into the producer's
     * buffer, rather than a message, its metadata and ack callbacks per event and a hand-over to the connector's sending
     * thread (issue 16: that path was a quarter of the relay thread's samples, plus the sending thread's).
     */
    @Inject @Channel("npq-outbox") Emitter<byte[]> emitter;
    private volatile Producer<String, byte[]> producer;

    private final Semaphore wake = new Semaphore(0);
    private LockBackoff lockBackoff;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Instant lastCleanup = Instant.EPOCH;
    static final Duration BACKLOG_EVERY = Duration.ofSeconds(1);
    private long lastBacklog = System.nanoTime() - BACKLOG_EVERY.toNanos();
    private Counter published;
    private Counter failures;

    void start(@Observes StartupEvent ignored) {
        // the relay's own measure (an index-only count of the pending rows, at most once per BACKLOG_EVERY), never a query per scrape
        io.micrometer.core.instrument.Gauge.builder("npq.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox events not yet published to Kafka, as the relay last counted them").register(meters);
        io.micrometer.core.instrument.Gauge.builder("npq.outbox.oldest.pending.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest unpublished outbox event, as the relay last measured it").register(meters);
        published = meters.counter("npq.outbox.published");
        failures = meters.counter("npq.outbox.failures");
        if (!config.relayEnabled()) return;
        lockBackoff = new LockBackoff(LockBackoff.FIRST, config.pollInterval());
        running = true;
        thread = new Thread(this::loop, "npq-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        wakeUp();
        Thread t = thread;
        if (t != null) {
            try { t.join(5_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        }
    }

    /** Called after a commit that wrote outbox rows, so they go out at once rather than at the next poll. */
    public void wakeUp() {
        wake.release();
    }

    /** Pending events as last measured by the relay. */
    public OutboxRepository.Backlog backlog() {
        return QuarkusTransaction.requiringNew().call(repository::backlog);
    }

    private void loop() {
        while (running) {
            try {
                int sent = relayPass();
                // every replica measures (the gauge is the service's, whichever replica is scraped), at most once a second
                refreshBacklogNowAndThen();
                if (sent != MISSED_LOCK) {
                    lockBackoff.reset();
                    cleanupNowAndThen();
                }
                if (sent <= 0) {
                    long wait = sent == MISSED_LOCK ? lockBackoff.next().toMillis() : config.pollInterval().toMillis();
                    wake.tryAcquire(wait, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay pass failed: %s", e.toString());
                sleepQuietly();
            }
        }
    }

    /** Publishes one batch; returns how many rows were marked sent (0 too when another replica holds the lock). Visible for tests. */
    public int relayOnce() {
        return Math.max(0, relayPass());
    }

    static final int MISSED_LOCK = -1;

    /** One batch: how many rows were marked sent, or MISSED_LOCK when another replica of the service holds the relay lock. */
    private int relayPass() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // the relay lock and the pending rows in one statement: one round trip before the first send, not two
            var pending = repository.relayLockAndPending(config.batchSize());
            if (pending.isEmpty()) return MISSED_LOCK;
            List<OutboxRepository.Pending> rows = pending.get();
            if (rows.isEmpty()) return 0;
            List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
            for (OutboxRepository.Pending row : rows) acks.add(send(row));
            List<UUID> sent = new ArrayList<>(rows.size());
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            for (int i = 0; i < rows.size(); i++) {
                OutboxRepository.Pending row = rows.get(i);
                try {
                    acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    sent.add(row.id());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (Exception e) {
                    repository.markFailed(row.id(), String.valueOf(e.getCause() != null ? e.getCause() : e));
                    failures.increment();
                }
            }
            // the whole batch in one UPDATE, not one per row
            int ok = repository.markSent(sent, Instant.now());
            published.increment(ok);
            if (ok < rows.size()) {
                LOG.warnf("outbox relay: %d of %d events not acknowledged by Kafka; they stay pending", rows.size() - ok, rows.size());
            }
            return ok;
        });
    }

    private CompletableFuture<Void> send(OutboxRepository.Pending row) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            // the bytes stored at publish time; a row from before they were stored is encoded here, once
            byte[] avro = row.avro() != null ? row.avro() : AvroBinary.encode(AvroJson.decode(row.type(), row.json()));
            OutboxFrames.Frame frame = frames.frame(row.topic(), row.type(), avro);
            RecordHeaders headers = new RecordHeaders();
            for (var h : frame.headers()) headers.add(h);
            headers.add("npq-event-id", row.id().toString().getBytes(StandardCharsets.UTF_8));
            headers.add("npq-event-type", row.type().getBytes(StandardCharsets.UTF_8));
            if (row.correlationId() != null) {
                headers.add("npq-correlation-id", row.correlationId().getBytes(StandardCharsets.UTF_8));
            }
            Span span = row.traceparent() == null ? null : publishSpan(row, headers);
            // one thread sends, in the rows' order, through an idempotent producer with one request in flight: each key's
            // events reach the partition in the order they were published
            producer().send(new ProducerRecord<>(row.topic(), null, row.aggregateId(), frame.wrap(avro), headers),
                    (metadata, failure) -> {
                        if (span != null) {
                            if (failure != null) span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                            span.end();
                        }
                        if (failure == null) ack.complete(null); else ack.completeExceptionally(failure);
                    });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    /**
     * The event's publish span, in the trace of the request that published it (the row's traceparent): the relay runs later,
     * on its own thread, so the trace is taken from the row, not from the thread. Its context goes out as the record's
     * traceparent header, which the consumers' Kafka connector continues. With tracing off here (the default) the span is
     * OpenTelemetry's no-op one and the header carries the stored traceparent as it is; rows written while tracing was off
     * have none and never get here.
     */
    private Span publishSpan(OutboxRepository.Pending row, RecordHeaders headers) {
        Context parent = TraceContext.extract(row.traceparent(), row.tracestate());
        Span span = tracer.spanBuilder(row.topic() + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", row.topic())
                .setAttribute("messaging.operation.type", "publish")
                .setAttribute("messaging.message.id", row.id().toString())
                .setAttribute("npq.event.type", row.type())
                .startSpan();
        TraceContext.inject(parent.with(span), headers);
        return span;
    }

    /** The connector's producer of the outbox channel (there once messaging has started). */
    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            KafkaProducer<String, byte[]> channel = kafka.getProducer("npq-outbox");
            if (channel == null) throw new IllegalStateException("the npq-outbox channel has no producer yet");
            producer = p = channel.unwrap();
        }
        return p;
    }

    /**
     * The gauges, at most once per {@link #BACKLOG_EVERY}: under load the relay makes many short passes, and a count of the
     * backlog after each was a transaction of its own per pass (readiness asks {@link #backlog()} itself, never the gauges).
     */
    private void refreshBacklogNowAndThen() {
        long now = System.nanoTime();
        if (now - lastBacklog < BACKLOG_EVERY.toNanos()) return;
        lastBacklog = now;
        OutboxRepository.Backlog b = backlog();
        backlog.set(b.count());
        oldestAgeSeconds.set(b.age(Instant.now()).toSeconds());
    }

    private void cleanupNowAndThen() {
        Instant now = Instant.now();
        if (lastCleanup.isAfter(now.minusSeconds(3600))) return;
        lastCleanup = now;
        QuarkusTransaction.requiringNew().run(() -> repository.deleteSentBefore(now.minus(config.retention())));
    }

    private void sleepQuietly() {
        try { Thread.sleep(config.pollInterval().toMillis()); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }
}
