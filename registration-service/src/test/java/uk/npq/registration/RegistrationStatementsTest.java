package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;

/**
 * The statements one registration costs (issue 16: about 15 round trips each, every one ~20 ms on a loaded machine, were
 * the registration's cost). A registration of a new person reads the cohort with the offer in one query before the
 * Teacher Record System is asked, then looks for the person once and writes the person, the application and the outbox:
 * no pending application to look for and no "previously funded" judgement of a record made just now without a verified
 * TRN, no INSERT then UPDATE of the person. The same person's next course and a retry read what they need, and the judge
 * reads the people and takes its locks in one statement. Fails when any of these counts grows back.
 */
@QuarkusTest
class RegistrationStatementsTest {
    static final String LP_A = RegistrationFlowTest.LP_A;

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    /** A TRN the stand-in Teacher Record System does not hold (its people are 1234567, 2000001-2000008 and 9000502-9000508). */
    static String unknownTrn() {
        return String.valueOf(8_000_000 + (int) (Math.random() * 999_999));
    }

    static String registration(String trn, String email, String course) {
        return """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"Ada Example","date_of_birth":"1985-04-12","email":"%s",
              "course_identifier":"%s","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}""".formatted(trn, email, course, LP_A);
    }

    /** The statements of one registration, which answers {@code status}. */
    static List<String> register(String body, int status) {
        String trace = SqlTrace.newId();
        given().contentType("application/json").header("X-Correlation-Id", trace).body(body)
                .post("/api/v1/registrations").then().statusCode(status);
        return SqlTrace.statements(trace);
    }

    static long count(List<String> statements, String start) {
        return statements.stream().filter(s -> s.stripLeading().toLowerCase().startsWith(start)).count();
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aRegistrationCostsAFewStatementsAndARetryFewer() {
        String trn = unknownTrn(), email = "statements-" + UUID.randomUUID() + "@example.org";

        List<String> first = register(registration(trn, email, "npq-headship"), 201);
        // the cohort with the offer; the person looked for; the person, the application and the outbox written
        assertThat(first).as("a new person's registration: %s", first).hasSize(5);
        assertThat(count(first, "select")).as("reads: %s", first).isEqualTo(2);
        assertThat(count(first, "insert")).as("writes: %s", first).isEqualTo(3);
        assertThat(count(first, "update")).as("the person is written once: %s", first).isZero();

        // the same person's second course: the pending one looked for, the judge's locks and judgement (one statement each)
        List<String> second = register(registration(trn, email, "npq-senior-leadership"), 201);
        assertThat(second).as("the same person's next course: %s", second).hasSize(7);
        assertThat(SqlTrace.reading(second, "person")).as("people read: %s", second).hasSize(2);

        // a retry finds the pending application and writes nothing
        List<String> retry = register(registration(trn, email, "npq-headship"), 200);
        assertThat(retry).as("a retry: %s", retry).hasSize(3);
        assertThat(count(retry, "insert") + count(retry, "update")).isZero();

        // the answers are those of the longer way: one person, unverified, with the TRS's answer; two pending applications
        assertThat(TestDb.count("SELECT count(*) FROM registration.person WHERE lower(email) = '" + email
                + "' AND NOT trn_verified AND trn_verification_status = 'no_match_found' AND trn_checked_at IS NOT NULL")).isEqualTo(1);
        assertThat(TestDb.count("SELECT count(*) FROM registration.application a JOIN registration.person p ON p.id = a.person_id "
                + "WHERE lower(p.email) = '" + email + "' AND a.status = 'pending' AND NOT a.previously_funded")).isEqualTo(2);
    }
}
