package uk.npq.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.TrnVerified;

/**
 * The journeys run against two replicas of every service (system-tests/suite.sh starts the suite with
 * {@code up.sh --replicas 2}): the edge spreads each service's requests over all its replicas, and a scheduled job that
 * every replica schedules does its work once.
 */
class ReplicasIT {
    static final Path LOCAL = Path.of(System.getenv().getOrDefault("NPQ_LOCAL", "../.local"));
    static final Pattern UPSTREAM = Pattern.compile(" upstream=([0-9.:, ]+)$");
    /** Each service's first port (NPQ_<SERVICE>_PORT as for up.sh); replica k listens on it + 10*(k-1). */
    static final Map<String, Integer> BASE_PORTS = new LinkedHashMap<>();
    static {
        BASE_PORTS.put("registration", port("NPQ_REGISTRATION_PORT", 8081));
        BASE_PORTS.put("funding", port("NPQ_FUNDING_PORT", 8082));
        BASE_PORTS.put("engagement", port("NPQ_ENGAGEMENT_PORT", 8083));
        BASE_PORTS.put("assessment", port("NPQ_ASSESSMENT_PORT", 8084));
    }

    /** A GET the service itself answers (a 404 for an unknown id is an answer): the id marks this test's lines in the log. */
    static String probe(String service, String marker) {
        return switch (service) {
            case "registration" -> "/api/v3/npq-applications/" + marker;
            case "funding" -> "/api/v3/statements/" + marker;
            case "engagement" -> "/api/v3/participant-declarations/" + marker;
            case "assessment" -> "/api/v3/participants/npq/" + marker + "/outcomes";
            default -> throw new IllegalArgumentException(service);
        };
    }

    @Test
    void everyReplicaOfEveryServiceServesRequestsThroughTheEdge() {
        int replicas = replicas();
        assertThat(replicas).as("replicas up.sh runs (.local/run/replicas): system-tests/suite.sh asks for 2").isGreaterThanOrEqualTo(2);
        Map<String, List<String>> markers = new LinkedHashMap<>();
        for (String service : BASE_PORTS.keySet()) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < 6 * replicas; i++) { // round robin: each replica gets several
                String marker = UUID.randomUUID().toString();
                Suite.as("npq-lead-provider-a").get(probe(service, marker)).then().statusCode(lessThan(500));
                mine.add(marker);
            }
            markers.put(service, mine);
        }
        Path log = LOCAL.resolve("logs").resolve("edge-access.log");
        // the edge writes its access log at least once a second
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String text = Files.readString(log);
            for (List<String> mine : markers.values()) assertThat(text).contains(mine.get(mine.size() - 1));
        });
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        for (var entry : markers.entrySet()) {
            Set<Integer> served = new TreeSet<>();
            for (String line : lines) {
                if (entry.getValue().stream().noneMatch(line::contains)) continue;
                Matcher m = UPSTREAM.matcher(line);
                assertThat(m.find()).as("an upstream address in %s", line).isTrue();
                // "a, b" when the first refused: the last one answered
                String[] tried = m.group(1).split(",\\s*");
                String last = tried[tried.length - 1].trim();
                served.add(Integer.parseInt(last.substring(last.lastIndexOf(':') + 1)));
            }
            Set<Integer> expected = new TreeSet<>();
            for (int k = 1; k <= replicas; k++) expected.add(BASE_PORTS.get(entry.getKey()) + 10 * (k - 1));
            assertThat(served).as("the replicas of %s that served this test's requests", entry.getKey()).isEqualTo(expected);
        }
    }

    /**
     * The TRN job (registration-service's TrnJobs, scheduled in both replicas every 30 s) requests a TRN for an accepted
     * applicant who gave neither TRN nor NINO: its effect, the verified TRN published (or the merge into the record that
     * already holds it), appears once on registration.participant.v1.
     */
    @Test
    void aScheduledJobThatEveryReplicaSchedulesDoesItsWorkOnce() {
        String body = """
            {"data":{"type":"npq-registration","attributes":{
              "full_name":"Tom Requested","date_of_birth":"1991-02-03","email":"requested.%s@example.org",
              "course_identifier":"npq-leading-literacy","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}"""
                .formatted(UUID.randomUUID(), Suite.LP_A);
        String id = Suite.as("npq-school-a").contentType("application/json").body(body).post("/api/v1/registrations")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", org.hamcrest.Matchers.notNullValue()));
        var application = Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id);
        boolean eligible = application.path("data.attributes.eligible_for_funding");
        String participant = application.path("data.attributes.participant_id");
        Suite.as("npq-lead-provider-a").contentType("application/json")
                .body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":" + eligible + "}}}")
                .post("/api/v3/npq-applications/" + id + "/accept").then().statusCode(200);
        // the stand-in Teacher Record System completes every TRN request at once, with TRN 3000001
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id).then().statusCode(200)
                        .body("data.attributes.teacher_reference_number_validated", equalTo(true)));
        assertThat(jobEffects(participant)).as("verified-TRN or merge events of participant %s", participant).isEqualTo(1);
    }

    /** Events on the participant topic that the TRN job's work on {@code participant} published: its verification or its merge. */
    private static int jobEffects(String participant) {
        Properties p = new Properties();
        p.put("bootstrap.servers", Suite.KAFKA);
        p.put("group.id", "system-test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", AvroKafkaDeserializer.class.getName());
        p.put("apicurio.registry.url", Suite.REGISTRY);
        p.put("apicurio.registry.use-specific-avro-reader", "true");
        int effects = 0;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PARTICIPANT).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() instanceof TrnVerified v && participant.equals(v.getParticipantId()) && v.getVerified()) effects++;
                    if (r.value() instanceof ParticipantIdChanged c && participant.equals(c.getFromParticipantId())) effects++;
                }
            }
        }
        return effects;
    }

    static int replicas() {
        Path file = LOCAL.resolve("run").resolve("replicas");
        try {
            return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int port(String variable, int fallback) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
