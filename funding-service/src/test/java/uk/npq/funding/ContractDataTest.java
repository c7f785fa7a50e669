package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.ContractDefined;
import uk.npq.contracts.funding.CourseOfferDefined;
import uk.npq.contracts.funding.LeadProviderDefined;
import uk.npq.contracts.funding.StatementDefined;
import uk.npq.contracts.funding.StatementState;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/** Course offers, statements and contracts: imported by admins or finance, published to the services that check them. */
@QuarkusTest
class ContractDataTest {
    static final String STATEMENTS = "lead_provider_id,cohort,year,month,deadline_date,payment_date,output_fee\n";
    static final String CONTRACTS = "lead_provider_id,cohort,course_identifier,recruitment_target,per_participant,service_fee_installments\n";

    /** Every answer here must match funding-service's OpenAPI document. */
    static final io.restassured.filter.Filter CONTRACT = uk.npq.platform.testing.ContractValidator.forService("funding-service").filter();

    static String admin() {
        return "Bearer " + TestTokens.token("admin-" + UUID.randomUUID(), List.of("admin"), java.util.Map.of());
    }

    static String finance() {
        return "Bearer " + TestTokens.token("finance-" + UUID.randomUUID(), List.of("finance"), java.util.Map.of());
    }

    static io.restassured.response.ValidatableResponse put(String auth, String dataset, String csv) {
        return given().filter(CONTRACT).header("Authorization", auth).contentType("text/csv").body(csv).put("/api/v1/reference/" + dataset).then();
    }

    static List<ConsumerRecord<String, SpecificRecord>> published(String key) {
        return TestKafka.readAll(Topics.FUNDING_REFERENCE).stream().filter(r -> key.equals(r.key())).toList();
    }

    @Test
    void leadProvidersNamesAreImportedAndPublishedOnceEachChange() {
        String lp = UUID.randomUUID().toString();
        put(admin(), "lead-providers", "id,name\n" + lp + ",Example Teaching Trust\n").statusCode(200).body("data.attributes.inserted", equalTo(1));
        put(finance(), "lead-providers", "id,name\n" + lp + ",Example Teaching Trust\n").statusCode(200).body("data.attributes.unchanged", equalTo(1));
        put(admin(), "lead-providers", "id,name\n" + lp + ",Example Teaching Trust Ltd\n").statusCode(200).body("data.attributes.updated", equalTo(1));
        var events = published(lp);
        assertThat(events).hasSize(2);
        assertThat(((LeadProviderDefined) events.get(1).value()).getName()).isEqualTo("Example Teaching Trust Ltd");
        put(admin(), "lead-providers", "id,name\nnot-a-uuid,X\n" + UUID.randomUUID() + ",\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("id 'not-a-uuid' is not a UUID"))
                .body("errors.find { it.title == 'line 3' }.detail", equalTo("name is blank"));
        given().filter(CONTRACT).header("Authorization", "Bearer " + TestTokens.leadProvider(lp)).get("/api/v1/reference/lead-providers")
                .then().statusCode(200).body("find { it.id == '" + lp + "' }.name", equalTo("Example Teaching Trust Ltd"));
        given().filter(CONTRACT).header("Authorization", "Bearer " + TestTokens.leadProvider(lp)).contentType("text/csv")
                .body("id,name\n" + lp + ",Mine now\n").put("/api/v1/reference/lead-providers").then().statusCode(403);
    }

    @Test
    void courseOffersAreImportedOncePublishedAndCanBeWithdrawn() {
        String lp = UUID.randomUUID().toString();
        String file = "lead_provider_id,cohort,course_identifier,offered\n" + lp + ",2026b,npq-headship,true\n" + lp + ",2026b,npq-senco,\n";
        put(admin(), "course-offers", file).statusCode(200).body("data.attributes.inserted", equalTo(2));
        put(admin(), "course-offers", file).statusCode(200).body("data.attributes.unchanged", equalTo(2));
        String key = lp + "/2026b/npq-headship";
        assertThat(published(key)).hasSize(1);
        put(admin(), "course-offers", file.replace("npq-headship,true", "npq-headship,false")).statusCode(200)
                .body("data.attributes.updated", equalTo(1));
        var events = published(key);
        assertThat(events).hasSize(2);
        assertThat(((CourseOfferDefined) events.get(1).value()).getOffered()).isFalse();
        assertThat(((CourseOfferDefined) events.get(0).value()).getOffered()).isTrue();
    }

    @Test
    void badOfferRowsAreRefusedWholeWithTheirReasons() {
        String lp = UUID.randomUUID().toString();
        String file = "lead_provider_id,cohort,course_identifier,offered\n" + "not-a-uuid,2026b,npq-headship,true\n"
                + lp + ",1999z,npq-headship,true\n" + lp + ",2026b,npq-juggling,true\n" + lp + ",2026b,npq-senco,maybe\n"
                + lp + ",2026b,npq-headship,true\n" + lp + ",2026b,npq-headship,true\n";
        put(admin(), "course-offers", file).statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("lead_provider_id 'not-a-uuid' is not a UUID"))
                .body("errors.find { it.title == 'line 3' }.detail", equalTo("cohort '1999z' does not exist"))
                .body("errors.find { it.title == 'line 4' }.detail", equalTo("course_identifier 'npq-juggling' is not a course"))
                .body("errors.find { it.title == 'line 5' }.detail", equalTo("offered must be true or false"))
                .body("errors.find { it.title == 'line 7' }.detail", startsWith("duplicate "));
        assertThat(TestDb.count("SELECT count(*) FROM course_offer WHERE lead_provider_id = '" + lp + "'")).isZero();
    }

    @Test
    void statementsKeepTheirIdAreCheckedAndPublished() {
        String lp = UUID.randomUUID().toString();
        String file = STATEMENTS + lp + ",2026b,2026,12,2026-11-25,2026-12-25,true\n" + lp + ",2026b,2027,1,2026-12-26,2027-01-26,false\n";
        put(finance(), "statements", file).statusCode(200).body("data.attributes.inserted", equalTo(2));
        String id = TestDb.string("SELECT id::text FROM statement WHERE lead_provider_id = '" + lp + "' AND month = 12");
        put(finance(), "statements", file.replace("2026-12-25", "2026-12-29")).statusCode(200).body("data.attributes.updated", equalTo(1));
        assertThat(TestDb.string("SELECT id::text FROM statement WHERE lead_provider_id = '" + lp + "' AND month = 12")).isEqualTo(id);
        var events = published(id);
        assertThat(events).hasSize(2);
        var latest = (StatementDefined) events.get(1).value();
        assertThat(latest.getLeadProviderId()).isEqualTo(lp);
        assertThat(latest.getPaymentDate()).hasToString("2026-12-29");
        assertThat(latest.getOutputFee()).isTrue();
        assertThat(latest.getState()).isEqualTo(StatementState.open);

        put(finance(), "statements", STATEMENTS + lp + ",2026b,2027,13,2027-01-25,2027-01-01,yes\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("month must be 1 to 12"));
        put(finance(), "statements", STATEMENTS + lp + ",2026b,2027,2,2027-01-25,2027-01-01,true\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("payment_date must be on or after deadline_date"));
        put(finance(), "statements", STATEMENTS + lp + ",2026b,2027,2,2027-02-30,2027-03-01,true\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("deadline_date must be a date, YYYY-MM-DD"));
        put(finance(), "statements", STATEMENTS + lp + ",2026b,2027,2,2027-01-25,2027-03-01,yes\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("output_fee must be true or false"));
    }

    @Test
    void payableAndPaidStatementsAreFrozen() {
        String lp = UUID.randomUUID().toString();
        String header = STATEMENTS.strip() + ",state\n";
        put(admin(), "statements", header + lp + ",2025a,2026,3,2026-02-23,2026-03-23,true,payable\n"
                + lp + ",2025a,2026,6,2026-05-26,2026-06-26,true,paid\n").statusCode(200);
        put(admin(), "statements", header + lp + ",2025a,2026,3,2026-02-24,2026-03-23,true,payable\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("the statement is payable: only its state and output_fee may change"));
        put(admin(), "statements", header + lp + ",2025a,2026,3,2026-02-23,2026-03-23,true,open\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("the statement is payable: its state cannot go back to open"));
        put(admin(), "statements", header + lp + ",2025a,2026,6,2026-05-26,2026-06-26,false,paid\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("the statement is paid: it cannot change"));
        // moving forward is allowed, and leaving state out keeps it
        put(admin(), "statements", header + lp + ",2025a,2026,3,2026-02-23,2026-03-23,true,paid\n").statusCode(200)
                .body("data.attributes.updated", equalTo(1));
        put(admin(), "statements", STATEMENTS + lp + ",2025a,2026,3,2026-02-23,2026-03-23,true\n").statusCode(200)
                .body("data.attributes.unchanged", equalTo(1));
        assertThat(TestDb.string("SELECT state FROM statement WHERE lead_provider_id = '" + lp + "' AND month = 3")).isEqualTo("paid");
    }

    @Test
    void contractsNeedStatementsFirstAreCheckedAndFreezeWithPayableStatements() {
        String lp = UUID.randomUUID().toString();
        String contract = CONTRACTS + lp + ",2026b,npq-headship,300,1600.00,19\n";
        put(admin(), "contracts", contract).statusCode(422).body("errors.find { it.title == 'line 2' }.detail",
                equalTo("the lead provider has no statements for cohort 2026b: import its statements first"));
        put(admin(), "statements", STATEMENTS + lp + ",2026b,2026,12,2026-11-25,2026-12-25,true\n").statusCode(200);
        put(admin(), "contracts", contract).statusCode(200).body("data.attributes.inserted", equalTo(1));
        String key = lp + "/2026b/npq-headship";
        assertThat(((ContractDefined) published(key).get(0).value()).getCourseIdentifier()).isEqualTo("npq-headship");
        // a change of money is not news to other services: they only learn that the contract exists
        put(admin(), "contracts", contract.replace("1600.00", "1650.00")).statusCode(200).body("data.attributes.updated", equalTo(1));
        assertThat(published(key)).hasSize(1);

        put(admin(), "contracts", CONTRACTS + lp + ",2026b,npq-senco,0,1600.001,19\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("recruitment_target must be a whole number above 0"));
        put(admin(), "contracts", CONTRACTS + lp + ",2026b,npq-senco,10,1600.001,19\n").statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail",
                        equalTo("per_participant must be an amount in pounds with at most 2 decimals, above 0"));

        put(admin(), "statements", STATEMENTS.strip() + ",state\n" + lp + ",2026b,2026,12,2026-11-25,2026-12-25,true,payable\n")
                .statusCode(200);
        put(admin(), "contracts", contract.replace("1600.00", "1700.00")).statusCode(422).body("errors.find { it.title == 'line 2' }.detail",
                equalTo("a statement of cohort 2026b is payable or paid: its contracts cannot change"));
        put(admin(), "contracts", contract.replace("1600.00", "1650.00")).statusCode(200).body("data.attributes.unchanged", equalTo(1));
    }

    @Test
    void aLeadProviderReadsOnlyItsOwnAndCannotImport() {
        String mine = UUID.randomUUID().toString(), theirs = UUID.randomUUID().toString();
        put(admin(), "statements", STATEMENTS + mine + ",2026b,2026,12,2026-11-25,2026-12-25,true\n"
                + theirs + ",2026b,2026,12,2026-11-25,2026-12-25,true\n").statusCode(200);
        put(admin(), "contracts", CONTRACTS + mine + ",2026b,npq-headship,300,1600.00,19\n" + theirs + ",2026b,npq-headship,300,1600.00,19\n")
                .statusCode(200);
        put(admin(), "course-offers", "lead_provider_id,cohort,course_identifier\n" + mine + ",2026b,npq-headship\n" + theirs
                + ",2026b,npq-headship\n").statusCode(200);
        String lp = "Bearer " + TestTokens.leadProvider(mine);
        for (String dataset : List.of("statements", "contracts", "course-offers")) {
            given().filter(CONTRACT).header("Authorization", lp).get("/api/v1/reference/" + dataset).then().statusCode(200)
                    .body("lead_provider_id", everyItem(equalTo(mine))).body("lead_provider_id", hasItem(mine));
            given().filter(CONTRACT).header("Authorization", admin()).get("/api/v1/reference/" + dataset).then().statusCode(200)
                    .body("lead_provider_id", hasItems(mine, theirs));
            put(lp, dataset, STATEMENTS).statusCode(403);
            given().contentType("text/csv").body(STATEMENTS).put("/api/v1/reference/" + dataset).then().statusCode(401);
        }
        given().filter(CONTRACT).header("Authorization", lp).get("/api/v1/reference/contracts").then().body("findAll { it.lead_provider_id == '" + mine
                + "' }", hasSize(1));
    }

    @Test
    void anEmptyOrHeaderlessUploadIsAClearBadRequest() {
        put(admin(), "statements", "").statusCode(400).contentType(startsWith("application/problem+json"));
        put(admin(), "contracts", "lead_provider_id\nx\n").statusCode(422)
                .body("errors.detail", hasItem("The file has no column \"course_identifier\"."));
    }
}
