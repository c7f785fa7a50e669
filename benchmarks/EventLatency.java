import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java half of benchmarks/event-latency.sh, a single-file program (JDK 21+) run on Kafka's classpath:
 * <ul>
 * <li>{@code load <base url> <token> <rate per s> <seconds> <out file>}: POSTs a school's registration at a fixed rate
 * (an open model: request i starts at t0 + i/rate whether or not earlier ones answered) and writes, per 201,
 * "application id,epoch millis when the answer arrived". The TRN is random, so no two collide; the person is invented.
 * <li>{@code kafka-times <bootstrap> <since epoch millis> <out file> <topic>...}: writes "event id,record timestamp" of
 * every record on the topics since then (the producer's CreateTime; the event id from the outbox's npq-event-id header).
 * </ul>
 */
public class EventLatency {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals("load")) load(rest);
        else if (args[0].equals("kafka-times")) kafkaTimes(rest);
        else throw new IllegalArgumentException("load or kafka-times");
    }

    static void kafkaTimes(String[] args) throws IOException {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("enable.auto.commit", "false");
        long since = Long.parseLong(args[1]);
        Path out = Path.of(args[2]);
        int n = 0;
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props);
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            var partitions = new java.util.ArrayList<org.apache.kafka.common.TopicPartition>();
            for (int i = 3; i < args.length; i++) {
                for (var p : consumer.partitionsFor(args[i])) partitions.add(new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            var query = new java.util.HashMap<org.apache.kafka.common.TopicPartition, Long>();
            partitions.forEach(p -> query.put(p, since));
            var offsets = consumer.offsetsForTimes(query);
            var ends = consumer.endOffsets(partitions);
            for (var p : partitions) {
                var o = offsets.get(p);
                consumer.seek(p, o == null ? ends.get(p) : o.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (var r : consumer.poll(Duration.ofSeconds(1))) {
                    var h = r.headers().lastHeader("npq-event-id");
                    if (h == null) continue;
                    w.println(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8) + "," + r.timestamp());
                    n++;
                }
            }
        }
        System.out.printf("%d record timestamps read%n", n);
    }

    static void load(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "/api/v1/registrations");
        String token = args[1];
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        String lp = System.getenv().getOrDefault("NPQ_BENCH_LEAD_PROVIDER", "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001");
        String cohort = System.getenv().getOrDefault("NPQ_BENCH_COHORT", "2026a");
        String course = System.getenv().getOrDefault("NPQ_BENCH_COURSE", "npq-senior-leadership");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        int total = (int) Math.round(rate * seconds);
        var accepted = new ConcurrentLinkedQueue<String>();
        var failed = new AtomicInteger();
        var firstFailure = new ConcurrentLinkedQueue<String>();
        var done = new CountDownLatch(total);
        long periodNanos = (long) (1_000_000_000L / rate);
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = t0 + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
            String body = """
                {"data":{"type":"npq-registration","attributes":{
                  "trn":"%s","full_name":"Bench Example","date_of_birth":"1984-09-30","email":"bench@example.org",
                  "course_identifier":"%s","cohort":"%s","lead_provider_id":"%s",
                  "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}""".formatted(trn, course, cohort, lp);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long at = System.currentTimeMillis();
                Matcher m = response == null ? null : ID.matcher(response.body());
                if (response != null && response.statusCode() == 201 && m.find()) {
                    accepted.add(m.group(1) + "," + at);
                } else {
                    failed.incrementAndGet();
                    if (firstFailure.isEmpty()) {
                        firstFailure.add(error != null ? error.toString() : response.statusCode() + " " + response.body());
                    }
                }
                done.countDown();
            });
        }
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        done.await();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            accepted.forEach(w::println);
        }
        System.out.printf("sent %d registrations in %.1f s (%.1f/s asked), %d answered 201, %d failed%s%n", total, sendSeconds, rate,
                accepted.size(), failed.get(), firstFailure.isEmpty() ? "" : " (first: " + firstFailure.peek().strip() + ")");
        if (accepted.isEmpty()) System.exit(1);
    }
}
