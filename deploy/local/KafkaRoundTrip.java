// Used by deploy/local/smoke.sh: creates a topic, produces one record and consumes it back.
// Run on the broker's classpath (it includes kafka-clients):
//   java -cp "$(cat .local/dist/kafka-<version>.classpath)" deploy/local/KafkaRoundTrip.java 127.0.0.1:9092
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class KafkaRoundTrip {
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        String topic = "npq.smoke." + UUID.randomUUID();
        String value = "hello " + System.nanoTime();
        Map<String, Object> common = Map.of("bootstrap.servers", bootstrap, "client.id", "npq-smoke");
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            Properties p = new Properties();
            p.putAll(common);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                producer.send(new ProducerRecord<>(topic, "k", value)).get();
            }
            Properties c = new Properties();
            c.putAll(common);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "npq-smoke-" + UUID.randomUUID());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            String got = null;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of(topic));
                long deadline = System.currentTimeMillis() + 30_000;
                while (got == null && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) got = r.value();
                }
            }
            admin.deleteTopics(List.of(topic)).all().get();
            if (!value.equals(got)) {
                System.err.println("kafka: sent '" + value + "' to " + topic + " but read back " + got);
                System.exit(1);
            }
            System.out.println("kafka: produced and consumed one record on " + topic + " via " + bootstrap);
        }
    }
}
