package uk.npq.platform.testing;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads what really reached the broker, decoding values with Apicurio's Avro deserializer. */
public final class TestKafka {
    private TestKafka() {}

    /** The broker the application under test uses. */
    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** The registry the application under test uses. */
    public static String registry() {
        return ConfigProvider.getConfig().getValue("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", String.class);
    }

    public static ConsumerRecord<String, SpecificRecord> awaitRecord(
            String topic, Predicate<ConsumerRecord<String, SpecificRecord>> match, Duration timeout) {
        return awaitRecord(bootstrap(), registry(), topic, match, timeout);
    }

    public static List<ConsumerRecord<String, SpecificRecord>> readAll(String topic) {
        return readAll(bootstrap(), registry(), topic);
    }

    public static void send(String topic, String key, SpecificRecord... records) {
        send(bootstrap(), registry(), topic, key, records);
    }

    /** As {@link #send(String, String, SpecificRecord...)}, each record with these headers (e.g. a W3C traceparent). */
    public static void send(String topic, String key, java.util.Map<String, String> headers, SpecificRecord... records) {
        send(bootstrap(), registry(), topic, key, headers, records);
    }

    /**
     * Reads {@code topic} from the beginning until a record matches, or fails after {@code timeout}.
     */
    public static ConsumerRecord<String, SpecificRecord> awaitRecord(
            String bootstrap, String registryUrl, String topic, Predicate<ConsumerRecord<String, SpecificRecord>> match,
            Duration timeout) {
        List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props(bootstrap, registryUrl))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r);
                    if (match.test(r)) return r;
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout + "; saw " + seen.size());
    }

    /** Every record now on {@code topic} (reads until it has been idle for a second). */
    public static List<ConsumerRecord<String, SpecificRecord>> readAll(String bootstrap, String registryUrl, String topic) {
        List<ConsumerRecord<String, SpecificRecord>> all = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props(bootstrap, registryUrl))) {
            consumer.subscribe(List.of(topic));
            int idle = 0;
            while (idle < 5) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty() && !consumer.assignment().isEmpty()) idle++; else idle = 0;
                batch.forEach(all::add);
            }
        }
        return all;
    }

    /** Publishes records as a producing service would (Avro through the registry, by record name). */
    public static void send(String bootstrap, String registryUrl, String topic, String key, SpecificRecord... records) {
        send(bootstrap, registryUrl, topic, key, java.util.Map.of(), records);
    }

    private static void send(String bootstrap, String registryUrl, String topic, String key, java.util.Map<String, String> headers,
                             SpecificRecord... records) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", AvroKafkaSerializer.class.getName());
        p.put("apicurio.registry.url", registryUrl);
        p.put("apicurio.registry.auto-register", "true");
        p.put("apicurio.registry.artifact-resolver-strategy", "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy");
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(p)) {
            for (SpecificRecord r : records) {
                ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, key, r);
                headers.forEach((name, value) -> record.headers().add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                producer.send(record).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    private static Properties props(String bootstrap, String registryUrl) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        p.put("apicurio.registry.url", registryUrl);
        p.put("apicurio.registry.use-specific-avro-reader", "true");
        return p;
    }
}
