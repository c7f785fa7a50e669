package uk.npq.assessment;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
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
 * Test data for windows, submissions and marking: callers with real signed tokens (a lead provider, its marker,
 * second marker and moderator, a hub, a school, participants), candidates as the projection holds them (SQL), and
 * windows published through the API.
 */
final class Fixtures {
    static {
        // every response to /api/ in this module's tests must match our OpenAPI document
        io.restassured.RestAssured.filters(ContractValidator.forService("assessment-service").filter());
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

    static final String CRITERIA = "[{\"kind\":\"learn_that\",\"statement\":\"Effective leaders use evidence to diagnose problems\"},"
            + "{\"kind\":\"learn_how_to\",\"statement\":\"Plan implementation in stages with clear success measures\"}]";

    private Fixtures() {}

    /** A lead provider and one of its hubs, fresh for each test so their data never meet another test's. */
    record Tenant(String leadProvider, String hub) {
        static Tenant fresh() {
            return new Tenant(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        }

        RequestSpecification asLeadProvider() {
            return as(TestTokens.leadProvider(leadProvider));
        }

        RequestSpecification asHub() {
            return asHub(hub);
        }

        RequestSpecification asHub(String other) {
            return as(TestTokens.token("hub-" + other, List.of("delivery-partner"),
                    Map.of("delivery_partner_id", other, "lead_provider_id", leadProvider)));
        }

        RequestSpecification asMarker() {
            return asMarker("marker-" + leadProvider);
        }

        RequestSpecification asMarker(String subject) {
            return as(TestTokens.token(subject, List.of("marker"), Map.of("lead_provider_id", leadProvider)));
        }

        RequestSpecification asModerator() {
            return as(TestTokens.token("moderator-" + leadProvider, List.of("moderator"), Map.of("lead_provider_id", leadProvider)));
        }

        /** An accepted, active participant on the course and cohort whose engagement meets the threshold. */
        UUID candidate(String course, String cohort) {
            return candidate(course, cohort, "accepted", "active", true, false);
        }

        UUID candidate(String course, String cohort, String status, String training, Boolean meets, Boolean atRisk) {
            UUID participant = UUID.randomUUID();
            Fixtures.candidate(participant, leadProvider, course, cohort, status, training, hub, meets, atRisk);
            return participant;
        }

        /** Publishes a window through the API; returns its id. */
        String window(String course, String cohort, String firstDay) {
            return asLeadProvider().body(windowBody(course, cohort, firstDay, null)).post("/api/v1/assessment-windows")
                    .then().statusCode(201).extract().path("data.id");
        }
    }

    /** A tenant's window of a course and cohort, one accepted candidate on it who may sit, and the clock set to {@code now}. */
    record Sitting(Tenant tenant, String window, UUID participant) {
        static Sitting of(String course, String firstDay, String now) {
            Tenant t = Tenant.fresh();
            Sitting s = new Sitting(t, t.window(course, "2026b", firstDay), t.candidate(course, "2026b"));
            TestClock.set(now);
            return s;
        }

        /** The participant submits this body to the window. */
        io.restassured.response.ValidatableResponse submit(String body) {
            return asParticipant(participant).body(body).post(submissions(window)).then();
        }
    }

    static String submissions(String window) {
        return "/api/v1/assessment-windows/" + window + "/submissions";
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    static RequestSpecification asParticipant(UUID participant) {
        return as(TestTokens.token("participant-" + participant, List.of("participant"), Map.of("participant_id", participant.toString())));
    }

    static RequestSpecification asSchool(String urn) {
        return as(TestTokens.token("school-" + urn, List.of("school"), Map.of("school_urn", urn)));
    }

    static RequestSpecification asRole(String role) {
        return as(TestTokens.token(role + "-user", List.of(role), Map.of()));
    }

    /** A candidate (application) as the projection holds it, at school 100001; returns the application id. */
    static UUID candidate(UUID participant, String leadProvider, String course, String cohort, String status, String training,
                          String hub, Boolean meets, Boolean atRisk) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO candidate (application_id, participant_id, lead_provider_id, course_identifier, cohort, status, "
                + "training_status, school_urn, delivery_partner_id, meets_threshold, at_risk, accepted_at, updated_at) VALUES ('" + id
                + "', '" + participant + "', '" + leadProvider + "', '" + course + "', '" + cohort + "', '" + status + "', " + q(training)
                + ", '100001', " + q(hub) + ", " + meets + ", " + atRisk + ", " + ("accepted".equals(status) ? "now()" : "NULL") + ", now())");
        return id;
    }

    static void setCandidate(UUID participant, String assignments) {
        TestDb.execute("UPDATE candidate SET " + assignments + " WHERE participant_id = '" + participant + "'");
    }

    static String windowBody(String course, String cohort, String firstDay, Integer wordLimit) {
        return "{\"data\":{\"type\":\"assessment-window\",\"attributes\":{\"course_identifier\":\"" + course + "\",\"cohort\":\"" + cohort
                + "\",\"first_day\":\"" + firstDay + "\"" + (wordLimit == null ? "" : ",\"word_limit\":" + wordLimit)
                + ",\"criteria\":" + CRITERIA + "}}}";
    }

    /** A text of {@code words} words. */
    static String words(int words) {
        return "Evidence-based leadership ".repeat(words / 2) + (words % 2 == 1 ? "plan" : "");
    }

    static String textBody(String participant, String text) {
        return "{\"data\":{\"type\":\"submission\",\"attributes\":{" + (participant == null ? "" : "\"participant_id\":\"" + participant + "\",")
                + "\"text\":\"" + text + "\"}}}";
    }

    static String documentBody(String participant, String reference, int declared) {
        return "{\"data\":{\"type\":\"submission\",\"attributes\":{" + (participant == null ? "" : "\"participant_id\":\"" + participant + "\",")
                + "\"document_reference\":\"" + reference + "\",\"declared_word_count\":" + declared + "}}}";
    }

    static String markBody(String result, boolean firstMet, boolean secondMet) {
        return "{\"data\":{\"type\":\"mark\",\"attributes\":{\"result\":\"" + result + "\",\"comments\":\"Judged against both statements\","
                + "\"criteria\":[{\"criterion\":1,\"met\":" + firstMet + ",\"comment\":\"diagnosis\"},{\"criterion\":2,\"met\":" + secondMet + "}]}}}";
    }

    static String moderationBody(String result) {
        return "{\"data\":{\"type\":\"moderation\",\"attributes\":{\"result\":\"" + result + "\",\"comments\":\"Reviewed\"}}}";
    }

    static String appealBody(String decision, String result) {
        return "{\"data\":{\"type\":\"appeal\",\"attributes\":{\"reason\":\"Section 3 was not read\",\"decision\":\"" + decision + "\""
                + (result == null ? "" : ",\"result\":\"" + result + "\"") + "}}}";
    }

    static String extensionBody(UUID participant, String deadline) {
        return "{\"data\":{\"type\":\"extension\",\"attributes\":{\"participant_id\":\"" + participant + "\",\"reason\":\"Bereavement\","
                + "\"deadline\":\"" + deadline + "\"}}}";
    }

    static long count(String table, String where) {
        return TestDb.count("SELECT count(*) FROM " + table + " WHERE " + where);
    }

    /** The records now on the assessment topic for one application, of one event type, oldest first. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> List<T> events(String applicationId, Class<T> type) {
        return TestKafka.readAll(Topics.ASSESSMENT).stream().filter(r -> applicationId.equals(r.key()))
                .map(ConsumerRecord::value).filter(type::isInstance).map(v -> (T) v).toList();
    }

    private static String q(String s) {
        return s == null ? "NULL" : "'" + s + "'";
    }
}
