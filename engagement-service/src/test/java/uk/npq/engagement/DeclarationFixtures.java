package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/** Arranging declarations' inputs in engagement-service's copies (SQL), and calling the API with real tokens. */
final class DeclarationFixtures {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";
    static final String STARTED = "2026-10-01T10:00:00Z";
    private static volatile boolean schedules;

    static {
        // every response to /api/ in this module's tests must match our OpenAPI document
        RestAssured.filters(uk.npq.platform.testing.ContractValidator.forService("engagement-service").filter());
        Fixtures.courses();
    }

    private DeclarationFixtures() {}

    static RequestSpecification as(String leadProvider) {
        return given().auth().oauth2(TestTokens.leadProvider(leadProvider)).contentType("application/json");
    }

    /** The 2026b and 2023a schedules, as funding-service defines them (applies_from, allowed types). */
    static synchronized void schedules() {
        if (schedules) return;
        TestDb.execute("INSERT INTO schedule (cohort, identifier, course_group, applies_from, allowed_declaration_types, updated_at) VALUES "
                + "('2026b', 'npq-leadership-autumn', 'leadership', '2026-08-01', '{started,retained-1,retained-2,completed}', now()), "
                + "('2026b', 'npq-specialist-autumn', 'specialist', '2026-08-01', '{started,retained-1,completed}', now()), "
                + "('2026b', 'npq-ehco-november', 'ehco', '2026-11-01', '{started,retained-1,retained-2,completed}', now()), "
                + "('2023a', 'npq-leadership-autumn', 'leadership', '2023-10-01', '{started,retained-1,retained-2,completed}', now()) "
                + "ON CONFLICT DO NOTHING");
        schedules = true;
    }

    /**
     * funding-service's contract for the provider, cohort and course, and an open output-fee statement for the
     * provider and cohort whose deadline is a month away (f5 rules 7 and 8).
     */
    static void contracted(String lp, String cohort, String course) {
        TestDb.execute("INSERT INTO contract (lead_provider_id, cohort, course_identifier, updated_at) VALUES ('" + lp + "', '" + cohort
                + "', '" + course + "', now()) ON CONFLICT DO NOTHING");
        if (TestDb.count("SELECT count(*) FROM statement WHERE lead_provider_id = '" + lp + "' AND cohort = '" + cohort
                + "' AND output_fee AND state = 'open' AND deadline_date >= current_date + 7") == 0) {
            statement(lp, cohort, java.time.LocalDate.now().plusDays(30), true, "open");
        }
    }

    /** A statement of the provider and cohort; returns its id. */
    static UUID statement(String lp, String cohort, java.time.LocalDate deadline, boolean outputFee, String state) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO statement (id, lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, state, "
                + "updated_at) VALUES ('" + id + "', '" + lp + "', '" + cohort + "', " + deadline.plusDays(6).getYear() + ", "
                + deadline.plusDays(6).getMonthValue() + ", '" + deadline + "', '" + deadline.plusMonths(1) + "', " + outputFee + ", '"
                + state + "', now())");
        return id;
    }

    /** An accepted, active enrolment of a contracted provider; returns {participant, application}. */
    static UUID[] enrolment(String lp, String course, String cohort, String schedule, boolean eligible, Boolean fundedPlace,
                            String trn, String catchment) {
        contracted(lp, cohort, course);
        return uncontractedEnrolment(lp, course, cohort, schedule, eligible, fundedPlace, trn, catchment);
    }

    /** An accepted, active enrolment, whatever funding-service's contracts and statements say. */
    static UUID[] uncontractedEnrolment(String lp, String course, String cohort, String schedule, boolean eligible, Boolean fundedPlace,
                                        String trn, String catchment) {
        schedules();
        UUID participant = UUID.randomUUID(), application = UUID.randomUUID();
        TestDb.execute("INSERT INTO enrolment (application_id, participant_id, lead_provider_id, course_identifier, cohort, status, "
                + "eligible_for_funding, funding_status_code, trn, teacher_catchment, school_urn, accepted_at, training_status, "
                + "schedule_identifier, funded_place, updated_at) VALUES ('" + application + "', '" + participant + "', '" + lp + "', '"
                + course + "', '" + cohort + "', 'accepted', " + eligible + ", 'funded', " + (trn == null ? "NULL" : "'" + trn + "'")
                + ", '" + catchment + "', '100001', now(), 'active', " + (schedule == null ? "NULL" : "'" + schedule + "'") + ", "
                + fundedPlace + ", now())");
        return new UUID[] {participant, application};
    }

    /** A headship enrolment of LP A in 2026b outside England (no delivery partner needed), eligible and funded. */
    static UUID[] simple() {
        return enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "another");
    }

    /** A delivery partner of {@code lp} in {@code cohort}. */
    static UUID partner(String lp, String cohort) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO delivery_partner (id, name, updated_at) VALUES ('" + id + "', 'Hub " + id + "', now())");
        TestDb.execute("INSERT INTO delivery_partnership (delivery_partner_id, lead_provider_id, cohort) VALUES ('" + id + "', '" + lp
                + "', '" + cohort + "')");
        return id;
    }

    static String body(UUID participant, String type, String date, String course, String extra) {
        return "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + participant
                + "\",\"declaration_type\":\"" + type + "\",\"declaration_date\":\"" + date + "\",\"course_identifier\":\"" + course + "\""
                + (extra == null ? "" : "," + extra) + "}}}";
    }

    static Response declare(String lp, String body) {
        return as(lp).body(body).post("/api/v3/participant-declarations");
    }

    static void expect422(Response r, String title, String detail) {
        r.then().statusCode(422).body("errors.title", hasItem(title)).body("errors.detail", hasItem(detail));
    }
}
