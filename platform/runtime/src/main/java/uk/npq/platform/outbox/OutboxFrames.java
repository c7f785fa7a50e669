package uk.npq.platform.outbox;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The schema registry's wire format around an event's Avro binary encoding, resolved once per (topic, event type) rather
 * than per event. The registry's serializer writes a frame (a magic byte and the schema's id, and any headers it adds)
 * followed by the record's Avro binary encoding. So the frame is learnt by serializing one event of the type with that
 * very serializer (configured as the services' channels are: the registry's address, registration by record name) and
 * taking what precedes the event's own binary encoding; each event is then the frame's bytes followed by the bytes the
 * outbox stored at publish time, byte for byte what the serializer would have produced, without decoding the event and
 * serializing it again. If the serializer's output does not end with the event's binary encoding (another encoding
 * configured), no frame is kept and the event's send fails, so it stays pending: never a record in another format.
 * A frame is learnt again after {@link #REFRESH} (as the serializer re-checks the registry now and then).
 */
@ApplicationScoped
public class OutboxFrames {
    static final Duration REFRESH = Duration.ofMinutes(5);
    private static final String CONNECTOR = "mp.messaging.connector.smallrye-kafka.";
    private static final String CHANNEL = "mp.messaging.outgoing.npq-outbox.";

    /** The bytes before an event's Avro binary encoding, and the headers the serializer adds to each record. */
    public record Frame(byte[] prefix, List<Header> headers, long learntAt) {
        public byte[] wrap(byte[] avro) {
            byte[] out = Arrays.copyOf(prefix, prefix.length + avro.length);
            System.arraycopy(avro, 0, out, prefix.length, avro.length);
            return out;
        }
    }

    private final Map<String, Frame> frames = new ConcurrentHashMap<>();
    private final AtomicLong learnt = new AtomicLong();
    private AvroKafkaSerializer<SpecificRecord> serializer;

    /** The frame for events of {@code type} on {@code topic}; {@code avro} is one such event's binary encoding. */
    public Frame frame(String topic, String type, byte[] avro) {
        String key = topic + '\n' + type;
        Frame f = frames.get(key);
        if (f != null && System.nanoTime() - f.learntAt() < REFRESH.toNanos()) return f;
        f = learn(topic, type, avro);
        frames.put(key, f);
        return f;
    }

    /** How many frames were learnt (by serializing an event): once per type and topic, not per event. Visible for tests. */
    public long learnt() {
        return learnt.get();
    }

    private synchronized Frame learn(String topic, String type, byte[] avro) {
        SpecificRecord event = AvroBinary.decode(type, avro);
        RecordHeaders headers = new RecordHeaders();
        byte[] framed = serializer().serialize(topic, headers, event);
        int prefix = framed.length - avro.length;
        if (prefix < 0 || !Arrays.equals(framed, prefix, framed.length, avro, 0, avro.length)) {
            throw new IllegalStateException("the registry serializer's output for " + type + " does not end with its Avro binary "
                    + "encoding; the outbox cannot frame stored events");
        }
        List<Header> kept = new ArrayList<>();
        for (Header h : headers) kept.add(new RecordHeader(h.key(), h.value()));
        learnt.incrementAndGet();
        return new Frame(Arrays.copyOf(framed, prefix), List.copyOf(kept), System.nanoTime());
    }

    private AvroKafkaSerializer<SpecificRecord> serializer() {
        if (serializer == null) {
            AvroKafkaSerializer<SpecificRecord> s = new AvroKafkaSerializer<>();
            s.configure(registryConfig(ConfigProvider.getConfig()), false);
            serializer = s;
        }
        return serializer;
    }

    /** The registry's settings as the connector gives them to every channel, the outbox channel's own on top. */
    static Map<String, Object> registryConfig(Config config) {
        Map<String, Object> out = new HashMap<>();
        for (String prefix : List.of(CONNECTOR, CHANNEL)) {
            for (String name : config.getPropertyNames()) {
                if (!name.startsWith(prefix + "apicurio.")) continue;
                config.getOptionalValue(name, String.class).ifPresent(v -> out.put(name.substring(prefix.length()), v));
            }
        }
        return out;
    }

    @PreDestroy
    synchronized void close() {
        if (serializer != null) serializer.close();
    }
}
