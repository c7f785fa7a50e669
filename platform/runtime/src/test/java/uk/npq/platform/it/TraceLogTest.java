package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.npq.platform.tracing.SpanLog;

/**
 * NPQ_TRACE_LOG=true (npq.tracing.log, set by TracingSwitch) makes the span log one of the SDK's span exporters (taking
 * the OTLP exporter's place); otherwise it is not one (ObservabilityTest runs without it).
 */
@QuarkusTest
@TestProfile(TraceLogTest.LogSpans.class)
class TraceLogTest {

    public static class LogSpans implements QuarkusTestProfile {
        @Override public Map<String, String> getConfigOverrides() { return Map.of("npq.tracing.log", "true"); }
    }

    @Test
    void theSpanLogIsAnExporterWhenAskedFor() {
        assertThat(CDI.current().select(SpanExporter.class).stream().map(e -> e.getClass().getName()))
                .anyMatch(n -> n.startsWith(SpanLog.class.getName()));
        assertThat(new SpanLog().export(java.util.List.of()).isSuccess()).isTrue();
    }
}
