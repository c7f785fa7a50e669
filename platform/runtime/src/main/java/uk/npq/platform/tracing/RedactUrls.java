package uk.npq.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No personal data in spans: an HTTP server span records the request's raw path and query ({@code url.path},
 * {@code url.query}), and paths carry identifiers (a TRN in {@code /api/v1/qualifications/{trn}}). Before each span ends
 * (when the route is known) the path becomes the route template ({@code http.route}, or {@code "-"} when no route matched)
 * and the query is dropped to {@code "-"}. The span's name is the method and the template already (Quarkus).
 * Registered with the SDK as a CDI span processor.
 */
@ApplicationScoped
public class RedactUrls implements ExtendedSpanProcessor {
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");

    @Override public void onStart(Context parentContext, ReadWriteSpan span) { redact(span); }
    @Override public boolean isStartRequired() { return true; }

    @Override public void onEnding(ReadWriteSpan span) { redact(span); }
    @Override public boolean isOnEndingRequired() { return true; }

    @Override public void onEnd(ReadableSpan span) {}
    @Override public boolean isEndRequired() { return false; }

    private static void redact(ReadWriteSpan span) {
        String route = span.getAttribute(HTTP_ROUTE);
        String template = route != null ? route : "-";
        if (span.getAttribute(URL_PATH) != null) span.setAttribute(URL_PATH, template);
        if (span.getAttribute(HTTP_TARGET) != null) span.setAttribute(HTTP_TARGET, template);
        if (span.getAttribute(URL_FULL) != null) span.setAttribute(URL_FULL, template);
        if (span.getAttribute(URL_QUERY) != null) span.setAttribute(URL_QUERY, "-");
    }
}
