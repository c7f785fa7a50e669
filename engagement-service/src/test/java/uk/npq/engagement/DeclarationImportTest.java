package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.schedules;
import static uk.npq.engagement.DeclarationFixtures.statement;
import static uk.npq.engagement.DeclarationFixtures.uncontractedEnrolment;

import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * The admin's import of historic declarations (service.DeclarationImport): ids kept, statements and items as the DfE
 * holds them, the POST path's events, a re-sent batch changes nothing, a participant this service does not know yet is
 * refused clearly, a bad row refuses the batch naming the row and the field, and only an admin may import.
 */
@QuarkusTest
class DeclarationImportTest {
    static final String PATH = "/api/v1/admin/imports/declarations";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";

    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType("application/json");
    }

    static String row(UUID id, UUID application, String type, String state, UUID statement, UUID clawback) {
        return "{\"declaration_id\":\"" + id + "\",\"application_id\":\"" + application + "\",\"declaration_type\":\"" + type
                + "\",\"declaration_date\":\"2026-10-01T10:00:00Z\",\"state\":\"" + state + "\""
                + (statement == null ? "" : ",\"statement_id\":\"" + statement + "\"")
                + (clawback == null ? "" : ",\"clawback_statement_id\":\"" + clawback + "\"") + ",\"created_at\":\"2026-10-02T08:00:00Z\"}";
    }

    static String batch(String... rows) {
        return "{\"data\":{\"type\":\"declaration-import\",\"attributes\":{\"rows\":[" + String.join(",", rows) + "]}}}";
    }

    static long declarations(UUID id) {
        return TestDb.count("SELECT count(*) FROM declaration WHERE id = '" + id + "'");
    }

    @Test
    void importsDeclarationsOfEnrolmentsFromRegistrationsEventsKeepingTheirIds() {
        schedules();
        // the enrolment is made by registration's event, as an imported application's ApplicationAccepted makes it
        String app = UUID.randomUUID().toString(), person = UUID.randomUUID().toString();
        Instant now = Instant.now();
        TestKafka.send(Topics.APPLICATION, app, ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                .setAggregateId(app).setApplicationId(app).setParticipantId(person).setCourseIdentifier("npq-headship").setCohort("2026b")
                .setLeadProviderId(LP_A).setFundedPlace(true).setScheduleIdentifier("npq-leadership-autumn").setAcceptedAt(now).build());
        UUID application = UUID.fromString(app);
        UUID started = UUID.randomUUID(), clawedBack = UUID.randomUUID(), voided = UUID.randomUUID();
        UUID paidOn = statement(LP_A, "2026b", LocalDate.now().minusMonths(2), true, "paid");
        UUID refundOn = statement(LP_A, "2026b", LocalDate.now().plusDays(20), true, "open");
        String body = batch(row(started, application, "started", "paid", paidOn, null),
                row(clawedBack, application, "retained-1", "awaiting-clawback", paidOn, refundOn),
                row(voided, application, "retained-1", "voided", null, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '" + app
                + "' AND status = 'accepted'") == 1);

        asAdmin().body(body).post(PATH).then().log().ifValidationFails().statusCode(200)
                .body("data.type", equalTo("declaration-import"))
                .body("data.attributes.rows_read", equalTo(3)).body("data.attributes.imported", equalTo(3))
                .body("data.attributes.unchanged", equalTo(0));

        // the DfE's ids are ours, with the statements the DfE billed them on
        as(LP_A).get("/api/v3/participant-declarations/" + clawedBack).then().statusCode(200)
                .body("data.id", equalTo(clawedBack.toString())).body("data.attributes.state", equalTo("awaiting-clawback"))
                .body("data.attributes.statement_id", equalTo(paidOn.toString()))
                .body("data.attributes.clawback_statement_id", equalTo(refundOn.toString()))
                .body("data.attributes.participant_id", equalTo(person));
        assertThat(TestDb.string("SELECT string_agg(kind || ':' || state || ':' || statement_id, ',' ORDER BY kind) FROM statement_item "
                + "WHERE declaration_id = '" + clawedBack + "'")).isEqualTo("billing:paid:" + paidOn + ",refund:awaiting_clawback:" + refundOn);
        assertThat(TestDb.count("SELECT count(*) FROM statement_item WHERE declaration_id = '" + voided + "'")).isZero();

        var submitted = (DeclarationSubmitted) TestKafka.awaitRecord(Topics.DECLARATION,
                r -> started.toString().equals(r.key()) && r.value() instanceof DeclarationSubmitted, Duration.ofSeconds(30)).value();
        assertThat(submitted.getState()).isEqualTo("paid");
        assertThat(submitted.getParticipantId()).isEqualTo(person);
        assertThat(submitted.getSubmittedAt()).isEqualTo(Instant.parse("2026-10-02T08:00:00Z"));
        var changed = (DeclarationStateChanged) TestKafka.awaitRecord(Topics.DECLARATION,
                r -> clawedBack.toString().equals(r.key()) && r.value() instanceof DeclarationStateChanged, Duration.ofSeconds(30)).value();
        assertThat(changed.getState()).isEqualTo("awaiting_clawback");
        assertThat(changed.getStatementId()).isEqualTo(paidOn.toString());
        assertThat(changed.getClawbackStatementId()).isEqualTo(refundOn.toString());
        assertThat(changed.getScheduleIdentifier()).isEqualTo("npq-leadership-autumn");
        assertThat(changed.getDeclarationDate()).isEqualTo(Instant.parse("2026-10-01T10:00:00Z"));

        // re-sent: nothing changes, and the answer says so
        long outbox = TestDb.count("SELECT count(*) FROM outbox_event");
        asAdmin().body(body).post(PATH).then().statusCode(200)
                .body("data.attributes.imported", equalTo(0)).body("data.attributes.unchanged", equalTo(3));
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event")).isEqualTo(outbox);
    }

    /**
     * Issue 16: a batch (a streamed file's chunk) is the same statements whatever its size: its declarations and their
     * statement items one INSERT each, the lookups one query each; nothing is prepared per row (counted, not timed).
     */
    @Test
    void aBatchPreparesTheSameStatementsWhateverItsSize() {
        UUID paidOn = statement(LP_A, "2026b", LocalDate.now().minusMonths(2), true, "paid");
        List<String> one = importTraced(1, paidOn), forty = importTraced(40, paidOn);
        assertThat(forty).isEqualTo(one);
        assertThat(forty.stream().filter(s -> s.startsWith("INSERT INTO declaration ")).count()).isEqualTo(1);
        assertThat(forty.stream().filter(s -> s.startsWith("INSERT INTO statement_item ")).count()).isEqualTo(1);
    }

    /** Imports a started declaration, billed on {@code statement}, for each of {@code n} new enrolments; the statements prepared (the outbox's left out). */
    static List<String> importTraced(int n, UUID statement) {
        List<String> rows = new java.util.ArrayList<>();
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID application = uncontractedEnrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england")[1];
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(row(id, application, "started", "paid", statement, null));
        }
        String trace = uk.npq.platform.testing.SqlTrace.newId();
        asAdmin().header("X-Correlation-Id", trace).body(batch(rows.toArray(String[]::new))).post(PATH).then().log().ifValidationFails()
                .statusCode(200).body("data.attributes.imported", equalTo(n));
        assertThat(TestDb.count("SELECT count(*) FROM statement_item WHERE declaration_id IN ('"
                + String.join("', '", ids.stream().map(UUID::toString).toList()) + "')")).isEqualTo(n);
        return uk.npq.platform.testing.SqlTrace.statements(trace).stream().filter(s -> !s.contains("outbox_event")).toList();
    }

    @Test
    void aBadRowRefusesTheWholeBatchNamingTheRowAndTheField() {
        UUID application = uncontractedEnrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england")[1];
        UUID othersStatement = statement(LP_B, "2026b", LocalDate.now().plusDays(20), true, "open");
        UUID good = UUID.randomUUID(), otherLp = UUID.randomUUID(), unknown = UUID.randomUUID(), twice = UUID.randomUUID();
        String body = batch(row(good, application, "started", "submitted", null, null),
                row(otherLp, application, "retained-1", "eligible", othersStatement, null),
                row(unknown, UUID.randomUUID(), "started", "submitted", null, null),
                row(twice, application, "started", "submitted", null, null),
                "{\"declaration_id\":\"" + UUID.randomUUID() + "\",\"application_id\":\"" + application
                        + "\",\"declaration_type\":\"completed\",\"declaration_date\":\"2026-10-01T10:00:00Z\",\"state\":\"submitted\",\"has_passed\":\"yes\"}");
        long outbox = TestDb.count("SELECT count(*) FROM outbox_event");

        asAdmin().body(body).post(PATH).then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", hasItem("rows[1]"))
                .body("errors.detail", hasItem("statement_id: is not a statement of the application's lead provider and cohort"))
                .body("errors.title", hasItem("rows[2]"))
                .body("errors.detail", hasItem(startsWith("application_id: no enrolment here for this application yet")))
                .body("errors.title", hasItem("rows[3]"))
                .body("errors.detail", hasItem("declaration_type: the application already has a started declaration that is submitted, "
                        + "eligible, payable or paid"))
                .body("errors.title", hasItem("rows[4]"))
                .body("errors.detail", hasItem("has_passed: has a value of the wrong JSON type"))
                .body("errors.title", hasItem("rows"));
        assertThat(declarations(good)).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event")).isEqualTo(outbox);
    }

    @Test
    void onlyAnAdminMayImport() {
        UUID application = uncontractedEnrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england")[1];
        UUID id = UUID.randomUUID();
        String body = batch(row(id, application, "started", "submitted", null, null));
        as(LP_A).body(body).post(PATH).then().statusCode(403);
        given().contentType("application/json").body(body).post(PATH).then().statusCode(401);
        assertThat(declarations(id)).isZero();
    }
}
