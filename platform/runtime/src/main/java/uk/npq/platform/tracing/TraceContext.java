package uk.npq.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context (traceparent, tracestate) across the outbox: {@link #current()} when an event is published (the
 * request's or the consumer's span), {@link #extract} when the relay sends it later from its own thread, and
 * {@link #inject} into the Kafka record's headers, where the consumers' Kafka connector continues the trace. W3C only
 * (what the connector reads), whatever other propagators are configured.
 */
public final class TraceContext {
    private TraceContext() {}

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    /** The current span's traceparent and tracestate (tracestate may be null); null when no span is current (tracing off). */
    public static Stored current() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) return null;
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(context, carrier, Map::put);
        String traceparent = carrier.get(TRACEPARENT);
        return traceparent == null ? null : new Stored(traceparent, carrier.get(TRACESTATE));
    }

    /** The remote parent a stored traceparent names (the root context when it is null or malformed). */
    public static Context extract(String traceparent, String tracestate) {
        if (traceparent == null) return Context.root();
        return W3C.extract(Context.root(), new Stored(traceparent, tracestate), STORED);
    }

    /** Writes {@code context}'s traceparent (and tracestate) into the record's headers, replacing any. */
    public static void inject(Context context, Headers headers) {
        W3C.inject(context, headers, (h, key, value) -> {
            h.remove(key);
            h.add(key, value.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** A trace context as stored with an outbox row. */
    public record Stored(String traceparent, String tracestate) {}

    private static final TextMapGetter<Stored> STORED = new TextMapGetter<>() {
        @Override public Iterable<String> keys(Stored carrier) { return List.of(TRACEPARENT, TRACESTATE); }
        @Override public String get(Stored carrier, String key) {
            if (carrier == null) return null;
            return switch (key) { case TRACEPARENT -> carrier.traceparent(); case TRACESTATE -> carrier.tracestate(); default -> null; };
        }
    };
}
