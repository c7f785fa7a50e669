package uk.npq.engagement;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import uk.npq.contracts.Topics;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.CourseFixtures;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * Test data for engagement-service: callers with real signed tokens (a hub, its lead provider, a school, a
 * participant, an admin), accepted enrolments as the enrolment projection holds them, and sessions.
 */
final class Fixtures {
    static {
        // every response to /api/ in this module's tests must match our OpenAPI document
        io.restassured.RestAssured.filters(ContractValidator.forService("engagement-service").filter());
        courses();
    }

    private static volatile boolean coursesSent;

    /** funding-service's twelve f1 courses, sent as its CourseDefined through the real consumer into this service's copy; once per JVM. */
    static synchronized void courses() {
        if (coursesSent) return;
        CourseFixtures.sendF1(() -> catalogue().identifiers().containsAll(CourseFixtures.identifiers()));
        coursesSent = true;
    }

    /** The service's course catalogue (its copy of funding-service's courses). */
    static CourseCatalogue catalogue() {
        return io.quarkus.arc.Arc.container().instance(CourseCatalogue.class).get();
    }

    private Fixtures() {}

    /** A lead provider and one of its hubs, fresh for each test so their data never meet another test's. */
    record Tenant(String leadProvider, String hub) {
        static Tenant fresh() {
            return new Tenant(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        }

        Tenant otherHub() {
            return new Tenant(leadProvider, UUID.randomUUID().toString());
        }

        RequestSpecification asHub() {
            return as(TestTokens.token("hub-" + hub, List.of("delivery-partner"),
                    Map.of("delivery_partner_id", hub, "lead_provider_id", leadProvider)));
        }

        RequestSpecification asLeadProvider() {
            return as(TestTokens.leadProvider(leadProvider));
        }
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    static RequestSpecification asSchool(String urn) {
        return as(TestTokens.token("school-" + urn, List.of("school"), Map.of("school_urn", urn)));
    }

    static RequestSpecification asParticipant(UUID participant) {
        return as(TestTokens.token("participant-" + participant, List.of("participant"), Map.of("participant_id", participant.toString())));
    }

    static RequestSpecification asRole(String role) {
        return as(TestTokens.token(role + "-user", List.of(role), Map.of()));
    }

    /** An enrolment (application) of a participant as the projection holds it; returns the application id. */
    static UUID enrolment(UUID participant, String leadProvider, String course, String cohort, String status, String trainingStatus,
                          String schoolUrn) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO enrolment (application_id, participant_id, lead_provider_id, course_identifier, cohort, status, "
                + "training_status, school_urn, accepted_at, updated_at) VALUES ('" + id + "', '" + participant + "', '" + leadProvider
                + "', '" + course + "', '" + cohort + "', '" + status + "', " + q(trainingStatus) + ", " + q(schoolUrn) + ", "
                + ("accepted".equals(status) ? "now()" : "NULL") + ", now())");
        return id;
    }

    /** An accepted, active participant of the tenant's lead provider on npq-senco 2026b, at school 100001. */
    static UUID participant(Tenant t) {
        UUID p = UUID.randomUUID();
        enrolment(p, t.leadProvider(), "npq-senco", "2026b", "accepted", "active", "100001");
        return p;
    }

    static String sessionBody(String kind, Instant at, int weight) {
        return sessionBody("npq-senco", "2026b", kind, at, weight, null);
    }

    static String sessionBody(String course, String cohort, String kind, Instant at, int weight, String deliveryPartner) {
        return "{\"data\":{\"type\":\"session\",\"attributes\":{\"course_identifier\":\"" + course + "\",\"cohort\":\"" + cohort
                + "\",\"kind\":\"" + kind + "\",\"title\":\"" + kind + " at " + at + "\",\"scheduled_at\":\"" + at + "\",\"weight\":" + weight
                + (deliveryPartner == null ? "" : ",\"delivery_partner_id\":\"" + deliveryPartner + "\"") + "}}}";
    }

    /** A session the tenant's hub creates through the API; returns its id. */
    static String session(Tenant t, String kind, Instant at, int weight) {
        return t.asHub().body(sessionBody(kind, at, weight)).post("/api/v1/sessions").then().statusCode(201).extract().path("data.id");
    }

    /** One JSON attendance row. */
    static String row(UUID participant, String session, Object attended, Integer minutes) {
        return "{\"participant_id\":\"" + participant + "\",\"session_id\":\"" + session + "\",\"attended\":" + attended
                + (minutes == null ? "" : ",\"minutes\":" + minutes) + "}";
    }

    static String upload(String... rows) {
        return "{\"data\":{\"type\":\"attendance-upload\",\"attributes\":{\"rows\":[" + String.join(",", rows) + "]}}}";
    }

    static long attendanceRows(String session) {
        return TestDb.count("SELECT count(*) FROM attendance WHERE session_id = '" + session + "'");
    }

    /** The records now on the engagement topic for one participant, of one event type, oldest first. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> List<T> events(UUID participant, Class<T> type) {
        return TestKafka.readAll(Topics.ENGAGEMENT).stream().filter(r -> participant.toString().equals(r.key()))
                .map(ConsumerRecord::value).filter(type::isInstance).map(v -> (T) v).toList();
    }

    private static String q(String s) {
        return s == null ? "NULL" : "'" + s + "'";
    }
}
