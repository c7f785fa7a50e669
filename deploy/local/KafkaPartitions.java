// Raises every topic of the local suite's Kafka (internal topics aside) to at least N partitions: topics created before
// up.sh set num.partitions=4 keep the one partition they were created with (deploy/local/README.md, Replicas).
// Run on the broker's classpath (it includes kafka-clients):
//   java -cp "$(cat .local/dist/kafka-<version>.classpath)" deploy/local/KafkaPartitions.java 127.0.0.1:9092 4
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.TopicDescription;

public class KafkaPartitions {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) throw new IllegalArgumentException("usage: KafkaPartitions <bootstrap> <partitions>");
        int wanted = Integer.parseInt(args[1]);
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        try (Admin admin = Admin.create(p)) {
            Set<String> names = new TreeSet<>(admin.listTopics().names().get());
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            Map<String, NewPartitions> raise = new HashMap<>();
            for (TopicDescription t : topics.values()) {
                if (t.isInternal() || t.name().startsWith("__")) continue;
                if (t.partitions().size() < wanted) raise.put(t.name(), NewPartitions.increaseTo(wanted));
            }
            if (!raise.isEmpty()) admin.createPartitions(raise).all().get();
            for (String name : new TreeSet<>(raise.keySet())) System.out.println("kafka: " + name + " now has " + wanted + " partitions");
            System.out.println("kafka: " + raise.size() + " of " + topics.size() + " topics raised to " + wanted + " partitions");
        }
    }
}
