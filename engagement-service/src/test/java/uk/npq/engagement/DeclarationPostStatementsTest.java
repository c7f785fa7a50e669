package uk.npq.engagement;

import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.ThrownExceptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.STARTED;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What one declaration POST costs in SQL statements (issue 16): every statement Hibernate prepares while serving the request
 * ({@link SqlTrace}: the locks, the lookups, the inserts, the outbox and the response), for the request that needs the most
 * facts: a fundable enrolment in England with a TRN (so the c3 duplicate check runs), a delivery partner and a secondary one,
 * and an output-fee statement to claim. Before the facts resolver it was 22 (4 now); the bound below fails if a lookup creeps back
 * in per check.
 */
@QuarkusTest
class DeclarationPostStatementsTest {
    @jakarta.inject.Inject uk.npq.platform.projection.CourseCatalogue courses;

    /** The facts with the locks, the checks after them, the declaration with its statement item, the outbox (one JDBC batch). */
    static final int MAX_PER_POST = 4;
    /** The facts with the locks, the checks (which find the original), reading it, and its answer's names. */
    static final int MAX_PER_RETRY = 5;

    @Test
    void aDeclarationPostSendsAHandfulOfStatements() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        UUID[] e = DeclarationFixtures.enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, trn, "england");
        UUID dp = DeclarationFixtures.partner(LP_A, "2026b"), secondary = DeclarationFixtures.partner(LP_A, "2026b");
        String request = body(e[0], "started", STARTED, "npq-headship",
                "\"delivery_partner_id\":\"" + dp + "\",\"secondary_delivery_partner_id\":\"" + secondary + "\"");

        String trace = SqlTrace.newId();
        as(LP_A).header("X-Correlation-Id", trace).body(request).post("/api/v3/participant-declarations").then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible")).body("data.attributes.statement_id", notNullValue())
                .body("data.attributes.delivery_partner_name", equalTo("Hub " + dp))
                .body("data.attributes.secondary_delivery_partner_name", equalTo("Hub " + secondary));
        List<String> sql = SqlTrace.statements(trace);
        // it traced the request's work (so it cannot pass by tracing nothing): the locks and the insert
        assertThat(sql).anyMatch(s -> s.contains("pg_advisory_xact_lock")).anyMatch(s -> s.toLowerCase().contains("insert into"));
        assertThat(sql).as("statements of one declaration POST").hasSizeLessThanOrEqualTo(MAX_PER_POST);
        // its two events (DeclarationSubmitted, DeclarationStateChanged) are written by the outbox in one statement
        assertThat(sql).filteredOn(s -> s.contains("outbox_event")).hasSize(1);

        // the identical retry answers the original: the locks, the lookup that finds it, reading it, and the response's names
        String retry = SqlTrace.newId();
        as(LP_A).header("X-Correlation-Id", retry).body(request).post("/api/v3/participant-declarations").then().statusCode(200)
                .header("Idempotent-Replayed", "true");
        assertThat(SqlTrace.statements(retry)).as("statements of an identical retry").isNotEmpty().hasSizeLessThanOrEqualTo(MAX_PER_RETRY);
    }

    /**
     * The facts and checks statements have one text whatever the size of the course's family (an array parameter, not an IN list
     * of one placeholder per course), so the driver and PostgreSQL prepare and plan each once for every course; and they are the
     * JDBC texts of {@code SessionSql}, sent without Hibernate's native-query machinery (issue 16).
     */
    @Test
    void theFactsAndChecksAreOneTextForFamiliesOfAnySize() {
        assertThat(courses.family("npq-early-headship-coaching-offer")).hasSize(2); // a family of two (EHCO and ASO) ...
        assertThat(courses.family("npq-headship")).hasSize(1);                      // ... and one of one
        List<String> texts = new java.util.ArrayList<>();
        for (String course : List.of("npq-headship", "npq-early-headship-coaching-offer")) {
            String trace = SqlTrace.newId();
            as(LP_A).header("X-Correlation-Id", trace).body(body(UUID.randomUUID(), "started", STARTED, course, null))
                    .post("/api/v3/participant-declarations").then().statusCode(422); // no such participant: facts and checks still run
            List<String> sql = SqlTrace.statements(trace);
            assertThat(sql).anyMatch(s -> s.contains("pg_advisory_xact_lock")).anyMatch(s -> s.contains("statement_open"));
            texts.addAll(sql);
        }
        assertThat(texts.stream().distinct()).as("distinct statement texts of the two POSTs")
                .containsExactlyInAnyOrder(uk.npq.engagement.service.DeclarationFactsResolverTexts.facts(),
                        uk.npq.engagement.service.DeclarationFactsResolverTexts.checks());
    }

    /**
     * A declaration POST throws no exception inside Hibernate or the JWT library (issue 16: JFR showed one per POST for the
     * lock columns' {@code void} type and one for reading the lead_provider_id claim, caught where thrown, each with its stack
     * trace). Counted by an in-process JFR recording of every exception constructed while the request runs.
     */
    @Test
    void aDeclarationPostThrowsNoExceptionInsideHibernateOrTheJwtLibrary() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        UUID[] e = DeclarationFixtures.enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, trn, "england");
        UUID dp = DeclarationFixtures.partner(LP_A, "2026b"), secondary = DeclarationFixtures.partner(LP_A, "2026b");
        String request = body(e[0], "started", STARTED, "npq-headship",
                "\"delivery_partner_id\":\"" + dp + "\",\"secondary_delivery_partner_id\":\"" + secondary + "\"");

        List<ThrownExceptions.Thrown> thrown = ThrownExceptions.during(() -> {
            as(LP_A).body(request).post("/api/v3/participant-declarations").then().statusCode(200)
                    .body("data.attributes.state", equalTo("eligible"));
            as(LP_A).body(request).post("/api/v3/participant-declarations").then().statusCode(200)
                    .header("Idempotent-Replayed", "true");
            try { // the recording sees exceptions at all (so the assertions below cannot pass by seeing nothing)
                throw new IllegalStateException("probe " + trn);
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessageContaining(trn);
            }
        });
        assertThat(thrown).anyMatch(t -> ("probe " + trn).equals(t.message()));
        assertThat(thrown).as("exceptions thrown inside Hibernate").noneMatch(t -> t.type().startsWith("org.hibernate."));
        assertThat(thrown).as("exceptions thrown reading a custom claim")
                .noneMatch(t -> t.message() != null && t.message().contains("org.eclipse.microprofile.jwt.Claims"));
    }
}
