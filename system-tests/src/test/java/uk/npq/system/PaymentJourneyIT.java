package uk.npq.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Being paid, across the running suite through the edge with real tokens: a funded participant's start is declared
 * on lead provider A's next output-fee statement; finance moves the statement's deadline into the past (time passing),
 * the nightly move makes it payable, finance authorises it, and the declaration is paid and the statement shows
 * {@code paid: true} in the DfE v3 API; a void after that is clawed back on the next statement once that is paid.
 * Lead provider B sees none of A's statements.
 */
class PaymentJourneyIT {
    static final String FINANCE = "npq-admin"; // the realm's admin client holds the finance role too

    @Test
    void aDeclarationIsPaidOnItsStatementAndAVoidAfterPaymentIsClawedBackOnTheNext() {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        String application = Suite.as("npq-school-a").contentType("application/json")
                .body(RegistrationJourneyIT.registration(trn, "2026b", "england"))
                .post("/api/v1/registrations").then().statusCode(201).extract().path("data.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/npq-applications/" + application).then().statusCode(200)
                        .body("data.attributes.eligible_for_funding", equalTo(true)));
        String participant = Suite.as("npq-lead-provider-a").contentType("application/json")
                .body("{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{\"funded_place\":true}}}")
                .post("/api/v3/npq-applications/" + application + "/accept").then().statusCode(200).extract().path("data.attributes.participant_id");
        String dp = UUID.randomUUID().toString();
        Suite.as("npq-admin").contentType("application/json")
                .body("{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"Paying Hub " + dp + "\",\"partnerships\":["
                        + "{\"lead_provider_id\":\"" + Suite.LP_A + "\",\"cohort\":\"2026b\"}]}}}")
                .put("/api/v1/delivery-partners/" + dp).then().statusCode(201);

        // declared: eligible, on A's next output-fee statement
        String body = "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + participant
                + "\",\"declaration_type\":\"started\",\"declaration_date\":\"2026-10-01T10:00:00Z\","
                + "\"course_identifier\":\"npq-senior-leadership\",\"delivery_partner_id\":\"" + dp + "\"}}}";
        String[] declared = new String[2];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var r = Suite.as("npq-lead-provider-a").contentType("application/json").body(body).post("/api/v3/participant-declarations");
            r.then().statusCode(200).body("data.attributes.state", equalTo("eligible")).body("data.attributes.statement_id", notNullValue());
            declared[0] = r.path("data.id");
            declared[1] = r.path("data.attributes.statement_id");
        });
        String declaration = declared[0], statement = declared[1];
        Suite.as("npq-lead-provider-a").get("/api/v3/statements/" + statement).then().statusCode(200)
                .body("data.type", equalTo("statement")).body("data.attributes.paid", equalTo(false))
                .body("data.attributes.cohort", equalTo("2026"));
        Suite.as("npq-lead-provider-b").get("/api/v3/statements/" + statement).then().statusCode(404);

        // its deadline passes, the nightly move makes it payable, finance authorises payment
        payStatement(statement);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/participant-declarations/" + declaration).then().statusCode(200)
                        .body("data.attributes.state", equalTo("paid")).body("data.attributes.statement_id", equalTo(statement)));
        Suite.as("npq-lead-provider-a").get("/api/v3/statements/" + statement).then().statusCode(200).body("data.attributes.paid", equalTo(true));
        List<String> own = Suite.as("npq-lead-provider-a").get("/api/v3/statements?filter[cohort]=2026&page[per_page]=100").path("data.id");
        assertThat(own).contains(statement);
        List<String> others = Suite.as("npq-lead-provider-b").get("/api/v3/statements?page[per_page]=100").path("data.id");
        assertThat(others).doesNotContain(statement);
        // funding's breakdown reads its copy of the declarations, which follows engagement's events: wait for it
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as(FINANCE).get("/api/v1/statements/" + statement).then().statusCode(200)
                        .body("data.attributes.state", equalTo("paid"))
                        .body("data.attributes.courses.find { it.course_identifier == 'npq-senior-leadership' }.started", org.hamcrest.Matchers.greaterThanOrEqualTo(1)));

        // voided after payment: a clawback on the next statement, clawed back when that one is paid
        String next = Suite.as("npq-lead-provider-a").put("/api/v3/participant-declarations/" + declaration + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("awaiting-clawback"))
                .body("data.attributes.clawback_statement_id", not(equalTo(statement))).extract().path("data.attributes.clawback_statement_id");
        assertThat(next).isNotNull();
        Suite.as("npq-lead-provider-b").put("/api/v3/participant-declarations/" + declaration + "/void").then().statusCode(org.hamcrest.Matchers.oneOf(403, 404));
        payStatement(next);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as("npq-lead-provider-a").get("/api/v3/participant-declarations/" + declaration).then().statusCode(200)
                        .body("data.attributes.state", equalTo("clawed-back")).body("data.attributes.clawback_statement_id", equalTo(next)));
        // engagement has clawed it back; funding's copy (the breakdown and the assurance report) follows by event
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Suite.as(FINANCE).get("/api/v1/statements/" + next).then().statusCode(200)
                    .body("data.attributes.courses.find { it.course_identifier == 'npq-senior-leadership' }.refundable", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
            String csv = Suite.as(FINANCE).get("/api/v1/statements/" + next + "/assurance-report").then().statusCode(200).extract().asString();
            assertThat(csv).contains(declaration).contains("clawed-back");
        });
    }

    /** Time passes for the statement (finance moves its deadline to yesterday), the nightly move runs, finance authorises payment. */
    static void payStatement(String statement) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        Suite.as(FINANCE).contentType("application/json")
                .body("{\"data\":{\"type\":\"statement-dates\",\"attributes\":{\"deadline_date\":\"" + today.minusDays(1) + "\",\"payment_date\":\""
                        + today + "\"}}}")
                .put("/api/v1/statements/" + statement + "/dates").then().statusCode(200);
        Suite.as(FINANCE).post("/api/v1/statements/mark-payable").then().statusCode(200);
        Suite.as(FINANCE).get("/api/v1/statements/" + statement).then().statusCode(200).body("data.attributes.state", equalTo("payable"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                Suite.as(FINANCE).contentType("application/json")
                        .body("{\"data\":{\"type\":\"payment-authorisation\",\"attributes\":{\"checks_done\":true}}}")
                        .post("/api/v1/statements/" + statement + "/payment-authorisation").then().statusCode(200)
                        .body("data.attributes.state", equalTo("paid")));
    }
}
