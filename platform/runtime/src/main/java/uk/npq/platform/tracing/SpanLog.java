package uk.npq.platform.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * With {@code NPQ_TRACE_LOG=true} ({@link TracingSwitch}), each finished span is written to the log (category
 * {@code uk.npq.trace}, one line: trace id, span id, parent span id, kind, name, duration, attributes) instead of being
 * exported: present as a span exporter, it takes the OTLP exporter's place. Grep one trace id across the services' logs to
 * follow a request. Spans carry no personal data ({@link RedactUrls}), so neither does this log.
 */
@Singleton
@LookupIfProperty(name = SpanLog.ENABLED, stringValue = "true")
public class SpanLog implements SpanExporter {
    static final String ENABLED = "npq.tracing.log";
    private static final Logger LOG = Logger.getLogger("uk.npq.trace");

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData s : spans) {
            LOG.infof("trace=%s span=%s parent=%s %s '%s' %d us %s", s.getTraceId(), s.getSpanId(), s.getParentSpanId(),
                    s.getKind(), s.getName(), TimeUnit.NANOSECONDS.toMicros(s.getEndEpochNanos() - s.getStartEpochNanos()),
                    s.getAttributes().asMap());
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
    @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
}
