package uk.npq.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;

/**
 * The foundation journey across the running suite: a school registers a member of staff, funding-service
 * decides, and the lead provider sees the decision on the application; the same events are on Kafka, with
 * their Avro schemas registered in Apicurio.
 */
class RegistrationJourneyIT {

    static String registration(String trn, String cohort, String catchment) {
        return """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"Grace Example","date_of_birth":"1984-09-30","email":"grace@example.org",
              "course_identifier":"npq-senior-leadership","cohort":"%s","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"%s"%s}}}"""
                .formatted(trn, cohort, Suite.LP_A, catchment,
                        "england".equals(catchment) ? "" : ",\"teacher_catchment_country\":\"France\"");
    }

    @Test
    void aRegistrationGetsItsFundingDecisionEndToEnd() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        String id = Suite.as("npq-school-a").contentType("application/json").body(registration(trn, "2026a", "england"))
                .post("/api/v1/registrations").then().statusCode(201)
                .body("data.attributes.status", equalTo("pending")).extract().path("data.id");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", equalTo(false))
                        .body("data.attributes.funded_place", equalTo(false))); // an unfunded cohort, as the DfE derives it
        Suite.as("npq-lead-provider-a").get("/api/v1/funding-decisions/" + id).then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("unfunded_cohort"));

        Suite.as("npq-admin").get("/api/v1/funding-decisions/" + id).then().statusCode(200)
                .body("data.attributes.rule_set", equalTo("2026"));

        ApplicationSubmitted submitted = (ApplicationSubmitted) awaitRecord(Topics.APPLICATION, id).value();
        assertThat(submitted.getApplicationId()).isEqualTo(id);
        assertThat(submitted.getCorrelationId()).isNotBlank();
        FundingDecisionMade decided = (FundingDecisionMade) awaitRecord(Topics.FUNDING_DECISION, id).value();
        assertThat(decided.getFundingEligibilityStatusCode()).isEqualTo("unfunded_cohort");
        assertThat(decided.getCorrelationId()).as("the decision carries the registration's correlation id")
                .isEqualTo(submitted.getCorrelationId());

        for (String schema : List.of("ApplicationSubmitted", "FundingDecisionMade")) {
            given().queryParam("name", schema).get(Suite.REGISTRY + "/search/artifacts").then().statusCode(200)
                    .body("count", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        }
    }

    @Test
    void unauthenticatedAndWrongRoleCallsFail() {
        Suite.anonymous().contentType("application/json").body(registration("1234567", "2026b", "england"))
                .post("/api/v1/registrations").then().statusCode(401).contentType(startsWith("application/problem+json"));
        Suite.anonymous().get("/api/v3/npq-applications/" + UUID.randomUUID()).then().statusCode(401);
        Suite.as("npq-reporting").contentType("application/json").body(registration("1234567", "2026b", "england"))
                .post("/api/v1/registrations").then().statusCode(403).contentType(startsWith("application/problem+json"));
        Suite.as("npq-school-a").get("/api/v3/npq-applications/" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void aLeadProviderCannotSeeAnotherProvidersApplication() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        String id = Suite.as("npq-school-a").contentType("application/json").body(registration(trn, "2026b", "another"))
                .post("/api/v1/registrations").then().statusCode(201).extract().path("data.id");
        Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + id).then().statusCode(200)
                .body("data.attributes.participant_id", notNullValue());
        Suite.as("npq-lead-provider-b").get("/api/v3/npq-applications/" + id).then().statusCode(404);
    }

    private static ConsumerRecord<String, SpecificRecord> awaitRecord(String topic, String key) {
        Properties p = new Properties();
        p.put("bootstrap.servers", Suite.KAFKA);
        p.put("group.id", "system-test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", AvroKafkaDeserializer.class.getName());
        p.put("apicurio.registry.url", Suite.REGISTRY);
        p.put("apicurio.registry.use-specific-avro-reader", "true");
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(250))) {
                    if (key.equals(r.key())) return r;
                }
            }
        }
        throw new AssertionError("no record keyed " + key + " on " + topic);
    }
}
