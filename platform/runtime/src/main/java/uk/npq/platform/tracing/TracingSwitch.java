package uk.npq.platform.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The one switch of tracing, read from the environment (platform defaults keep the SDK off):
 * <ul>
 * <li>{@code NPQ_OTLP_ENDPOINT} (e.g. {@code http://127.0.0.1:4317}, an OTLP gRPC receiver): the SDK on, spans exported
 *     there (the platform defaults point {@code quarkus.otel.exporter.otlp.traces.endpoint} at it);</li>
 * <li>{@code NPQ_TRACE_LOG=true}: the SDK on, each finished span logged ({@link SpanLog}, category {@code uk.npq.trace})
 *     instead of exported: a way to see traces on a machine with no collector.</li>
 * </ul>
 * Either also turns on the Kafka connector's per-record tracing. Neither set (the default): {@code quarkus.otel.sdk.disabled}
 * stays true, OpenTelemetry is a no-op and the Kafka connector traces nothing. Ordinal 150: above
 * the platform defaults (100), below a service's application.properties (250) and the environment's own properties (300).
 */
public class TracingSwitch implements ConfigSource {
    static final String KAFKA_TRACING = "mp.messaging.connector.smallrye-kafka.tracing-enabled";
    private final Map<String, String> values;

    public TracingSwitch() {
        this(System.getenv());
    }

    TracingSwitch(Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        String endpoint = env.get("NPQ_OTLP_ENDPOINT");
        boolean log = "true".equalsIgnoreCase(env.get("NPQ_TRACE_LOG"));
        if ((endpoint != null && !endpoint.isBlank()) || log) {
            v.put("quarkus.otel.sdk.disabled", "false");
            v.put(KAFKA_TRACING, "true");
        }
        if (log) v.put(SpanLog.ENABLED, "true");
        values = Map.copyOf(v);
    }

    @Override public Set<String> getPropertyNames() { return values.keySet(); }
    @Override public String getValue(String propertyName) { return values.get(propertyName); }
    @Override public String getName() { return "npq-tracing-switch"; }
    @Override public int getOrdinal() { return 150; }
}
