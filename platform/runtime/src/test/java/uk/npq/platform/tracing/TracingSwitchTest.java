package uk.npq.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one switch: nothing set leaves tracing off; an OTLP endpoint or the trace log turns the SDK and Kafka tracing on. */
class TracingSwitchTest {

    @Test
    void offUnlessAnEndpointOrTheLogIsAskedFor() {
        assertThat(new TracingSwitch(Map.of()).getPropertyNames()).isEmpty();
        assertThat(new TracingSwitch(Map.of("NPQ_OTLP_ENDPOINT", " ")).getPropertyNames()).isEmpty();
        assertThat(new TracingSwitch(Map.of("NPQ_TRACE_LOG", "false")).getPropertyNames()).isEmpty();
    }

    @Test
    void anEndpointTurnsTheSdkAndKafkaTracingOn() {
        TracingSwitch on = new TracingSwitch(Map.of("NPQ_OTLP_ENDPOINT", "http://127.0.0.1:4317"));
        assertThat(on.getValue("quarkus.otel.sdk.disabled")).isEqualTo("false");
        assertThat(on.getValue(TracingSwitch.KAFKA_TRACING)).isEqualTo("true");
        assertThat(on.getValue(SpanLog.ENABLED)).isNull();
        assertThat(on.getOrdinal()).isGreaterThan(100).isLessThan(250);
    }

    @Test
    void theTraceLogTurnsTheSdkOnAndLogsSpans() {
        TracingSwitch log = new TracingSwitch(Map.of("NPQ_TRACE_LOG", "true"));
        assertThat(log.getValue("quarkus.otel.sdk.disabled")).isEqualTo("false");
        assertThat(log.getValue(SpanLog.ENABLED)).isEqualTo("true");
    }
}
