package uk.npq.platform.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every @QuarkusTest's span exporter (a bean of this archive, so it takes the OTLP exporter's place; the platform's test
 * profile turns the SDK on and exports each span as it ends): keeps the last {@link #KEEP} finished spans in memory, so
 * tests can follow a trace through the outbox and Kafka.
 */
@Singleton
public class TestSpans implements SpanExporter {
    static final int KEEP = 20_000;
    private static final ArrayDeque<SpanData> SPANS = new ArrayDeque<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        synchronized (SPANS) {
            for (SpanData s : spans) {
                if (SPANS.size() == KEEP) SPANS.removeFirst();
                SPANS.addLast(s);
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The finished spans kept that match. */
    public static List<SpanData> finished(Predicate<SpanData> which) {
        synchronized (SPANS) {
            return SPANS.stream().filter(which).toList();
        }
    }

    /** The finished spans of one trace. */
    public static List<SpanData> trace(String traceId) {
        return finished(s -> s.getTraceId().equals(traceId));
    }

    /**
     * The trace id in the traceparent stored with the outbox event of aggregate {@code aggregateId} (the latest one): the
     * trace of the request or consumer that published it.
     */
    public static String traceOfEvent(String aggregateId) {
        String traceparent = TestDb.string("SELECT traceparent FROM outbox_event WHERE aggregateid = '" + aggregateId.replace("'", "''")
                + "' ORDER BY created_at DESC LIMIT 1");
        if (traceparent == null || !traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")) {
            throw new AssertionError("the outbox event of " + aggregateId + " has no traceparent: " + traceparent);
        }
        return traceparent.split("-")[1];
    }

    @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
}
