package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.funding.service.Payments;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * Payments (c4, i1, i2): the statement arithmetic through the API on declarations engagement reports, the nightly
 * payable move once across replicas, finance's authorisation, adjustments, dates and the per-participant price.
 */
@QuarkusTest
class StatementPaymentTest {
    @Inject Payments payments;

    @AfterEach
    void realTime() {
        TestClock.set(null);
    }

    static RequestSpecification as(String role) {
        return given().filter(ContractDataTest.CONTRACT).header("Authorization", "Bearer " + TestTokens.token(role + "-" + UUID.randomUUID(),
                List.of(role), Map.of())).contentType("application/json");
    }

    static UUID statement(String lp, String cohort, int year, int month, LocalDate deadline, boolean outputFee, String state) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO statement (id, lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, state, "
                + "created_at, updated_at) VALUES ('" + id + "', '" + lp + "', '" + cohort + "', " + year + ", " + month + ", '" + deadline
                + "', '" + deadline.plusDays(25) + "', " + outputFee + ", '" + state + "', now(), now())");
        return id;
    }

    /** The DfE's test vector: £800, 60% over 3 output payments, 40% over 19 instalments, target 72. */
    static void contract(String lp, String cohort, String course, String perParticipant, String monthlyServiceFee) {
        TestDb.execute("INSERT INTO contract (lead_provider_id, cohort, course_identifier, recruitment_target, per_participant, "
                + "output_payment_percentage, number_of_payment_periods, service_fee_percentage, service_fee_installments, monthly_service_fee, "
                + "targeted_delivery_funding_per_participant, special_course, updated_at) VALUES ('" + lp + "', '" + cohort + "', '" + course
                + "', 72, " + perParticipant + ", 60, 3, 40, 19, " + monthlyServiceFee + ", 100, false, now())");
    }

    /** engagement's DeclarationStateChanged for a declaration on {@code statement} (and refunded on {@code clawback}). */
    static String declared(String lp, UUID participant, UUID application, String type, String state, UUID statement, UUID clawback) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        TestKafka.send(Topics.DECLARATION, id, DeclarationStateChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                .setAggregateId(id).setDeclarationId(id).setApplicationId(application.toString()).setDeclarationType(type).setState(state)
                .setChangedAt(now).setDeclarationDate(Instant.parse("2026-10-01T10:00:00Z")).setLeadProviderId(lp)
                .setParticipantId(participant.toString()).setCourseIdentifier("npq-headship").setCohort("2026b")
                .setScheduleIdentifier("npq-leadership-autumn").setStatementId(statement == null ? null : statement.toString())
                .setClawbackStatementId(clawback == null ? null : clawback.toString()).build());
        return id;
    }

    static void awaitCopies(UUID statement, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM declaration_state WHERE statement_id = '"
                + statement + "' OR clawback_statement_id = '" + statement + "'") == count);
    }

    @Test
    void theDfeTestVectorHoldsOnAStatementOfTenStartsAndClawbacksAndAdjustmentsMoveTheTotal() {
        String lp = UUID.randomUUID().toString();
        UUID s = statement(lp, "2026b", 2026, 11, LocalDate.of(2026, 10, 25), true, "open");
        UUID earlier = statement(lp, "2026b", 2026, 8, LocalDate.of(2026, 7, 25), true, "paid");
        contract(lp, "2026b", "npq-headship", "800", "NULL");
        List<UUID> people = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UUID person = UUID.randomUUID();
            people.add(person);
            declared(lp, person, UUID.randomUUID(), "started", "eligible", s, null);
        }
        declared(lp, people.get(0), UUID.randomUUID(), "started", "payable", s, null); // the same person and milestone again: counted once
        declared(lp, UUID.randomUUID(), UUID.randomUUID(), "started", "voided", s, null);
        declared(lp, UUID.randomUUID(), UUID.randomUUID(), "started", "submitted", null, null); // on no statement
        awaitCopies(s, 12);

        as("finance").get("/api/v1/statements/" + s).then().statusCode(200)
                .body("data.type", equalTo("statement-breakdown"))
                .body("data.attributes.name", equalTo("November 2026"))
                .body("data.attributes.courses", hasSize(1))
                .body("data.attributes.courses[0].started", equalTo(10))
                .body("data.attributes.courses[0].voided", equalTo(1))
                .body("data.attributes.courses[0].output_payment_per_participant", equalTo("160.00"))
                .body("data.attributes.courses[0].output_payment_subtotal", equalTo("1600.00"))
                .body("data.attributes.courses[0].service_fee_per_participant", equalTo("16.84"))
                .body("data.attributes.courses[0].monthly_service_fee", equalTo("1212.63"))
                .body("data.attributes.courses[0].course_total", equalTo("2812.63"))
                .body("data.attributes.totals.total", equalTo("2812.63"))
                .body("data.attributes.totals.starts", equalTo(10))
                .body("data.attributes.voided_declarations", hasSize(1));

        // a declaration paid on an earlier statement and voided is clawed back on this one: 160 less
        declared(lp, UUID.randomUUID(), UUID.randomUUID(), "started", "awaiting_clawback", earlier, s);
        awaitCopies(s, 13);
        as("finance").get("/api/v1/statements/" + s).then().statusCode(200)
                .body("data.attributes.courses[0].clawbacks", equalTo("160.00"))
                .body("data.attributes.courses[0].refundable", equalTo(1))
                .body("data.attributes.totals.total", equalTo("2652.63"));
        // and finance's adjustment
        as("finance").body("{\"data\":{\"type\":\"adjustment\",\"attributes\":{\"description\":\"Late start\",\"amount\":\"-52.63\"}}}")
                .post("/api/v1/statements/" + s + "/adjustments").then().statusCode(201).body("data.attributes.amount", equalTo("-52.63"));
        as("admin").get("/api/v1/statements/" + s).then().statusCode(200).body("data.attributes.totals.total", equalTo("2600.00"))
                .body("data.attributes.totals.adjustments", equalTo("-52.63"));

        // a monthly_service_fee of 0 means no service fee at all
        String other = UUID.randomUUID().toString();
        UUID s2 = statement(other, "2026b", 2026, 11, LocalDate.of(2026, 10, 25), true, "open");
        contract(other, "2026b", "npq-headship", "800", "0");
        as("finance").get("/api/v1/statements/" + s2).then().statusCode(200)
                .body("data.attributes.courses[0].monthly_service_fee", equalTo("0.00"))
                .body("data.attributes.totals.total", equalTo("0.00"));
    }

    @Test
    void targetedDeliveryFundingIsPaidForEligibleStartsOnStatementsUpToOctober2025AndClawedBackWithThem() {
        String lp = UUID.randomUUID().toString();
        UUID september = statement(lp, "2024a", 2025, 9, LocalDate.of(2025, 8, 25), true, "paid");
        UUID november = statement(lp, "2024a", 2025, 11, LocalDate.of(2025, 10, 25), true, "paid");
        UUID july = statement(lp, "2024a", 2025, 7, LocalDate.of(2025, 6, 25), true, "paid");
        contract(lp, "2024a", "npq-headship", "800", "NULL");
        UUID tdf = UUID.randomUUID(), noTdf = UUID.randomUUID(), unfunded = UUID.randomUUID(), refunded = UUID.randomUUID();
        for (UUID app : List.of(tdf, noTdf, unfunded, refunded)) {
            boolean targeted = !app.equals(noTdf);
            TestDb.execute("INSERT INTO funding_decision (application_id, participant_id, lead_provider_id, cohort, course_identifier, inputs, "
                    + "rule_set, status_code, eligible, review_required, trace, decided_at, targeted_delivery_funding) VALUES ('" + app
                    + "', gen_random_uuid(), '" + lp + "', '2024a', 'npq-headship', '{}', '2024', 'funded', true, false, '[]', now(), "
                    + targeted + ")");
            TestDb.execute("INSERT INTO application_funding (application_id, participant_id, course_family, cohort, eligible_for_funding, "
                    + "updated_at) VALUES ('" + app + "', gen_random_uuid(), 'npq-headship', '2024a', " + !app.equals(unfunded) + ", now())");
        }
        for (UUID statement : List.of(september, november)) {
            for (UUID app : List.of(tdf, noTdf, unfunded)) declared(lp, UUID.randomUUID(), app, "started", "paid", statement, null);
        }
        declared(lp, UUID.randomUUID(), refunded, "started", "clawed_back", july, september); // paid in July, refunded in September
        awaitCopies(september, 4);
        awaitCopies(november, 3);
        // September 2025: £100 for the one TDF-eligible funded start, less £100 for the refunded one
        as("finance").get("/api/v1/statements/" + september).then().statusCode(200)
                .body("data.attributes.targeted_delivery_funding", equalTo(true))
                .body("data.attributes.courses[0].targeted_delivery_funding", equalTo("100.00"))
                .body("data.attributes.courses[0].targeted_delivery_funding_refund", equalTo("100.00"));
        // November 2025 is after October 2025: no targeted delivery funding at all
        as("finance").get("/api/v1/statements/" + november).then().statusCode(200)
                .body("data.attributes.targeted_delivery_funding", equalTo(false))
                .body("data.attributes.courses[0].targeted_delivery_funding", equalTo("0.00"));
    }

    @Test
    void openStatementsWhoseLondonDeadlineHasPassedBecomePayableOnceEvenWithTwoReplicasAtOnce() throws Exception {
        String lp = UUID.randomUUID().toString();
        UUID due = statement(lp, "2026b", 2027, 7, LocalDate.of(2027, 6, 30), true, "open");
        UUID later = statement(lp, "2026b", 2027, 8, LocalDate.of(2027, 7, 31), true, "open");
        contract(lp, "2026b", "npq-headship", "800", "NULL");
        // 23:59 on 30 June in London (22:59 UTC, summer time): the deadline is today, nothing moves
        TestClock.set(Instant.parse("2027-06-30T22:59:00Z"));
        assertThat(payments.markPayable()).doesNotContain(due);
        // 00:00 on 1 July in London (23:00 UTC the day before): the deadline has passed; two replicas run the job together
        TestClock.set(Instant.parse("2027-06-30T23:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<UUID> moved = new ArrayList<>();
        try {
            List<Future<List<UUID>>> runs = List.of(pool.submit(payments::markPayable), pool.submit(payments::markPayable));
            for (Future<List<UUID>> run : runs) moved.addAll(run.get());
        } finally {
            pool.shutdown();
        }
        assertThat(moved.stream().filter(due::equals).count()).isEqualTo(1);
        assertThat(TestDb.string("SELECT state FROM statement WHERE id = '" + due + "'")).isEqualTo("payable");
        assertThat(TestDb.string("SELECT state FROM statement WHERE id = '" + later + "'")).isEqualTo("open");
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event WHERE type = 'uk.npq.contracts.funding.StatementDefined' AND aggregateid = '"
                + due + "' AND payload->>'state' = 'payable'")).isEqualTo(1);
        // its contracts are its own now: a later change of the live contract does not touch it
        assertThat(TestDb.count("SELECT count(*) FROM statement_contract WHERE statement_id = '" + due + "'")).isEqualTo(1);
        TestDb.execute("UPDATE contract SET per_participant = 999 WHERE lead_provider_id = '" + lp + "'");
        as("finance").get("/api/v1/statements/" + due).then().statusCode(200)
                .body("data.attributes.courses[0].output_payment_per_participant", equalTo("160.00"));
        as("finance").get("/api/v1/statements/" + later).then().statusCode(200)
                .body("data.attributes.courses[0].output_payment_per_participant", equalTo("199.80"));
        assertThat(payments.markPayable()).doesNotContain(due); // again: nothing more
    }

    @Test
    void financeAuthorisesPaymentOnlyWhenTheDfePreconditionsHold() {
        String lp = UUID.randomUUID().toString();
        UUID open = statement(lp, "2026b", 2026, 5, LocalDate.of(2026, 4, 25), true, "open");
        UUID noOutputFee = statement(lp, "2026b", 2026, 6, LocalDate.of(2026, 5, 25), false, "payable");
        UUID notDue = statement(lp, "2026b", 2027, 12, LocalDate.of(2027, 11, 25), true, "payable");
        UUID empty = statement(lp, "2026b", 2026, 7, LocalDate.of(2026, 6, 25), true, "payable");
        UUID ready = statement(lp, "2026b", 2026, 8, LocalDate.of(2026, 7, 25), true, "payable");
        contract(lp, "2026b", "npq-headship", "800", "NULL");
        for (UUID s : List.of(open, noOutputFee, notDue, ready)) declared(lp, UUID.randomUUID(), UUID.randomUUID(), "started", "payable", s, null);
        for (UUID s : List.of(open, noOutputFee, notDue, ready)) awaitCopies(s, 1);
        String checked = "{\"data\":{\"type\":\"payment-authorisation\",\"attributes\":{\"checks_done\":true}}}";

        authorise(open, checked).statusCode(422).body("errors.detail", hasItem(startsWith("Only a payable statement")));
        authorise(noOutputFee, checked).statusCode(422).body("errors.detail", hasItem("Only an output fee statement can be authorised for payment."));
        authorise(notDue, checked).statusCode(422).body("errors.detail", hasItem("The statement's deadline (2027-11-25) has not passed."));
        authorise(empty, checked).statusCode(422).body("errors.detail", hasItem("The statement has no declarations to pay."));
        authorise(ready, "{\"data\":{\"type\":\"payment-authorisation\",\"attributes\":{\"checks_done\":false}}}").statusCode(422)
                .body("errors.detail", hasItem("Confirm all necessary assurance checks have been done before authorising this statement for payment"));
        for (UUID s : List.of(open, noOutputFee, notDue, empty, ready)) {
            assertThat(TestDb.count("SELECT count(*) FROM statement WHERE id = '" + s + "' AND marked_as_paid_at IS NULL")).isEqualTo(1);
        }
        // only finance authorises; admins read
        given().filter(ContractDataTest.CONTRACT).header("Authorization", "Bearer " + TestTokens.leadProvider(lp)).contentType("application/json")
                .body(checked).post("/api/v1/statements/" + ready + "/payment-authorisation").then().statusCode(403);
        as("admin").body(checked).post("/api/v1/statements/" + ready + "/payment-authorisation").then().statusCode(403);
        given().filter(ContractDataTest.CONTRACT).contentType("application/json").body(checked)
                .post("/api/v1/statements/" + ready + "/payment-authorisation").then().statusCode(401);

        authorise(ready, checked).statusCode(200).body("data.attributes.state", equalTo("paid"))
                .body("data.attributes.marked_as_paid_at", notNullValue());
        assertThat(TestDb.string("SELECT state FROM statement WHERE id = '" + ready + "'")).isEqualTo("paid");
        var event = TestKafka.awaitRecord(Topics.FUNDING_REFERENCE, r -> ready.toString().equals(r.key())
                && r.value() instanceof uk.npq.contracts.funding.StatementDefined d && d.getState().name().equals("paid"), Duration.ofSeconds(30));
        assertThat(((uk.npq.contracts.funding.StatementDefined) event.value()).getMarkedAsPaidAt()).isNotNull();
        authorise(ready, checked).statusCode(422).body("errors.detail", hasItem("The statement is already marked as paid."));
        // a paid statement takes no adjustment, and no other change
        as("finance").body("{\"data\":{\"type\":\"adjustment\",\"attributes\":{\"description\":\"x\",\"amount\":10}}}")
                .post("/api/v1/statements/" + ready + "/adjustments").then().statusCode(422)
                .body("errors.detail", hasItem("Adjustments can no longer be made to this statement, as it is marked as paid"));
        as("finance").body("{\"data\":{\"type\":\"statement-dates\",\"attributes\":{\"deadline_date\":\"2026-07-01\",\"payment_date\":\"2026-08-01\"}}}")
                .put("/api/v1/statements/" + ready + "/dates").then().statusCode(422)
                .body("errors.detail", hasItem("Statement cannot be changed once it is paid"));
        authorise(UUID.randomUUID(), checked).statusCode(404);
        as("finance").body(checked).post("/api/v1/statements/not-a-uuid/payment-authorisation").then().statusCode(404);
    }

    private io.restassured.response.ValidatableResponse authorise(UUID statement, String body) {
        return as("finance").body(body).post("/api/v1/statements/" + statement + "/payment-authorisation").then();
    }

    @Test
    void adjustmentsAreCheckedWithTheDfeTextsAndBelongToTheirStatement() {
        String lp = UUID.randomUUID().toString();
        UUID s = statement(lp, "2026b", 2026, 11, LocalDate.of(2026, 10, 25), true, "open");
        UUID other = statement(lp, "2026b", 2026, 12, LocalDate.of(2026, 11, 25), true, "open");
        String url = "/api/v1/statements/" + s + "/adjustments";
        as("finance").body(adjustment("", "10")).post(url).then().statusCode(422)
                .body("errors.detail", hasItem("You must enter a description for the adjustment"));
        as("finance").body(adjustment("Refund", "0")).post(url).then().statusCode(422)
                .body("errors.detail", hasItem("The adjustment amount cannot be zero"));
        as("finance").body(adjustment("Refund", "ten")).post(url).then().statusCode(422)
                .body("errors.detail", hasItem("You can only enter numeric values in the adjustment amount field"));
        as("finance").body(adjustment("Refund", "1.234")).post(url).then().statusCode(422)
                .body("errors.detail", hasItem("You can only enter numeric values in the adjustment amount field"));
        as("finance").body(adjustment("Refund", "")).post(url).then().statusCode(422)
                .body("errors.detail", hasItem("You must enter an adjustment amount"));
        assertThat(TestDb.count("SELECT count(*) FROM adjustment WHERE statement_id = '" + s + "'")).isZero();

        String id = as("finance").body(adjustment("Extra session", "120.5")).post(url).then().statusCode(201)
                .body("data.attributes.amount", equalTo("120.50")).extract().path("data.id");
        as("finance").body(adjustment("Extra sessions", "-20")).put(url + "/" + id).then().statusCode(200)
                .body("data.attributes.description", equalTo("Extra sessions")).body("data.attributes.amount", equalTo("-20.00"));
        as("finance").body(adjustment("Elsewhere", "5")).put("/api/v1/statements/" + other + "/adjustments/" + id).then().statusCode(404);
        as("admin").body(adjustment("Admins read only", "5")).post(url).then().statusCode(403);
        as("finance").get("/api/v1/statements/" + s).then().statusCode(200).body("data.attributes.totals.adjustments", equalTo("-20.00"));
        as("finance").delete(url + "/" + id).then().statusCode(204);
        as("finance").delete(url + "/" + id).then().statusCode(404);
        assertThat(TestDb.count("SELECT count(*) FROM adjustment WHERE statement_id = '" + s + "'")).isZero();
    }

    static String adjustment(String description, String amount) {
        return "{\"data\":{\"type\":\"adjustment\",\"attributes\":{\"description\":\"" + description + "\",\"amount\":\"" + amount + "\"}}}";
    }

    @Test
    void anOpenStatementsDatesChangeAndEngagementHearsOfIt() {
        String lp = UUID.randomUUID().toString();
        UUID s = statement(lp, "2026b", 2026, 11, LocalDate.of(2026, 10, 25), true, "open");
        UUID payable = statement(lp, "2026b", 2026, 10, LocalDate.of(2026, 9, 25), true, "payable");
        String url = "/api/v1/statements/" + s + "/dates";
        as("finance").body(dates("2026-12-01", "2026-11-30")).put(url).then().statusCode(422)
                .body("errors.detail", hasItem("Declaration deadline cannot be after the Output payment date"))
                .body("errors.detail", hasItem("Output payment date cannot be before the Declaration deadline"));
        as("finance").body("{\"data\":{\"type\":\"statement-dates\",\"attributes\":{}}}").put(url).then().statusCode(422)
                .body("errors.detail", hasItem("Declaration deadline can't be blank")).body("errors.detail", hasItem("Output payment date can't be blank"));
        as("finance").body(dates("2026-13-01", "2026-11-30")).put(url).then().statusCode(422);
        as("finance").body(dates("2026-10-30", "2026-11-20")).put(url).then().statusCode(200)
                .body("data.attributes.deadline_date", equalTo("2026-10-30")).body("data.attributes.payment_date", equalTo("2026-11-20"));
        TestKafka.awaitRecord(Topics.FUNDING_REFERENCE, r -> s.toString().equals(r.key()) && r.value() instanceof uk.npq.contracts.funding.StatementDefined d
                && d.getDeadlineDate().equals(LocalDate.of(2026, 10, 30)), Duration.ofSeconds(30));
        as("finance").body(dates("2026-10-30", "2026-11-20")).put("/api/v1/statements/" + payable + "/dates").then().statusCode(422)
                .body("errors.detail", hasItem("Statement cannot be changed once it is payable"));
    }

    static String dates(String deadline, String payment) {
        return "{\"data\":{\"type\":\"statement-dates\",\"attributes\":{\"deadline_date\":\"" + deadline + "\",\"payment_date\":\"" + payment + "\"}}}";
    }

    @Test
    void aNewPricePerParticipantAppliesFromTheGivenOpenStatementOn() {
        String lp = UUID.randomUUID().toString();
        UUID paid = statement(lp, "2026b", 2026, 9, LocalDate.of(2026, 8, 25), true, "open");
        UUID before = statement(lp, "2026b", 2026, 10, LocalDate.of(2026, 9, 25), true, "open");
        UUID from = statement(lp, "2026b", 2026, 11, LocalDate.of(2026, 10, 25), true, "open");
        UUID after = statement(lp, "2026b", 2026, 12, LocalDate.of(2026, 11, 25), true, "open");
        contract(lp, "2026b", "npq-headship", "800", "NULL");
        TestClock.set(Instant.parse("2026-08-27T12:00:00Z"));
        assertThat(payments.markPayable()).contains(paid); // frozen at 800
        TestClock.set(null);

        as("finance").body("{\"data\":{\"type\":\"contract-price\",\"attributes\":{\"per_participant\":900.005}}}")
                .put("/api/v1/statements/" + from + "/contracts/npq-headship").then().statusCode(200)
                .body("data.attributes.per_participant", equalTo("900.01")).body("data.attributes.statements_changed", equalTo(2));
        for (var expected : Map.of(paid, "160.00", before, "160.00", from, "180.00", after, "180.00").entrySet()) {
            as("finance").get("/api/v1/statements/" + expected.getKey()).then().statusCode(200)
                    .body("data.attributes.courses[0].output_payment_per_participant", equalTo(expected.getValue()));
        }
        // a statement added later follows the new price
        UUID added = statement(lp, "2026b", 2027, 1, LocalDate.of(2026, 12, 25), true, "open");
        as("finance").get("/api/v1/statements/" + added).then().body("data.attributes.courses[0].output_payment_per_participant", equalTo("180.00"));
        as("finance").body("{\"data\":{\"type\":\"contract-price\",\"attributes\":{\"per_participant\":900}}}")
                .put("/api/v1/statements/" + paid + "/contracts/npq-headship").then().statusCode(422)
                .body("errors.detail", hasItem("Statement cannot be changed once it is payable"));
        as("finance").body("{\"data\":{\"type\":\"contract-price\",\"attributes\":{\"per_participant\":0}}}")
                .put("/api/v1/statements/" + from + "/contracts/npq-headship").then().statusCode(422);
        as("finance").body("{\"data\":{\"type\":\"contract-price\",\"attributes\":{\"per_participant\":900}}}")
                .put("/api/v1/statements/" + from + "/contracts/npq-senco").then().statusCode(422);
    }

    @Test
    void theAssuranceReportHasARowPerItemAndTheTrnOnlyWhenVerified() {
        String lp = UUID.randomUUID().toString();
        UUID s = statement(lp, "2026b", 2026, 11, LocalDate.of(2026, 10, 25), true, "open");
        UUID earlier = statement(lp, "2026b", 2026, 8, LocalDate.of(2026, 7, 25), true, "paid");
        UUID verified = UUID.randomUUID(), typed = UUID.randomUUID();
        TestDb.execute("INSERT INTO application_funding (application_id, participant_id, trn, course_family, cohort, accepted, eligible_for_funding, "
                + "funded_place, trn_verified, updated_at) VALUES ('" + verified + "', gen_random_uuid(), '1234567', 'npq-headship', '2026b', true, "
                + "true, true, true, now()), ('" + typed + "', gen_random_uuid(), '7654321', 'npq-headship', '2026b', true, true, true, false, now())");
        String a = declared(lp, UUID.randomUUID(), verified, "started", "eligible", s, null);
        String b = declared(lp, UUID.randomUUID(), typed, "started", "awaiting_clawback", earlier, s);
        awaitCopies(s, 2);
        String csv = as("finance").get("/api/v1/statements/" + s + "/assurance-report").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(String.join(",", uk.npq.funding.service.StatementReports.ASSURANCE_COLUMNS));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(a).contains(",1234567,").contains(",eligible,eligible,").contains("November 2026"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(b).doesNotContain("7654321").contains(",awaiting-clawback,awaiting_clawback,"));
        given().header("Authorization", "Bearer " + TestTokens.leadProvider(lp)).get("/api/v1/statements/" + s + "/assurance-report")
                .then().statusCode(403);
        as("finance").get("/api/v1/statements/" + UUID.randomUUID() + "/assurance-report").then().statusCode(404);
    }
}
