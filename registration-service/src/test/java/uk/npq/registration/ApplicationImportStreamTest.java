package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static uk.npq.registration.ApplicationImportTest.PATH;
import static uk.npq.registration.ApplicationImportTest.applications;
import static uk.npq.registration.ApplicationImportTest.row;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.platform.testing.BulkFiles;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * The import of existing records as a streamed file (platform rest.BulkUpload): NDJSON and CSV rows are the JSON
 * envelope's rows, with the same checks, events and idempotency; a refused row (titled by its line) refuses the whole
 * file; a body that cannot be read is a 4xx problem, never a 500; only an admin may send one.
 */
@QuarkusTest
class ApplicationImportStreamTest {
    static final String NDJSON = "application/x-ndjson", CSV = "text/csv";

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static RequestSpecification asAdmin(String type) {
        return given().config(BulkFiles.CONFIG).auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType(type);
    }

    static String good(UUID participant, UUID application) {
        return row(participant, randomTrn(), application, "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null);
    }

    static long outbox() {
        return TestDb.count("SELECT count(*) FROM registration.outbox_event");
    }

    @Test
    void ndjsonImportsEachLineWithTheEventsAndAResentFileChangesNothing() {
        UUID ada = UUID.randomUUID(), first = UUID.randomUUID(), second = UUID.randomUUID();
        String adaTrn = randomTrn();
        String file = BulkFiles.ndjson(List.of(
                row(ada, adaTrn, first, "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null),
                "",
                row(ada, adaTrn, second, "npq-senco", "2026b", "npq-leadership-autumn", "false", "active", null)));

        asAdmin(NDJSON).body(file).post(PATH).then().log().ifValidationFails().statusCode(200)
                .body("data.type", equalTo("application-import")).body("data.attributes.rows_read", equalTo(2))
                .body("data.attributes.imported", equalTo(2)).body("data.attributes.participants_created", equalTo(1));
        as(LP_A).get("/api/v3/npq-applications/" + second).then().statusCode(200)
                .body("data.attributes.participant_id", equalTo(ada.toString())).body("data.attributes.funded_place", equalTo(false));
        assertThat(AdminApplicationTest.awaitEvent(first, ApplicationAccepted.class, e -> true).getTrn()).isEqualTo(adaTrn);

        long before = outbox();
        asAdmin(NDJSON).body(file).post(PATH).then().statusCode(200)
                .body("data.attributes.imported", equalTo(0)).body("data.attributes.unchanged", equalTo(2));
        assertThat(outbox()).isEqualTo(before);
    }

    @Test
    void csvImportsEachRecordWithBooleansAndEmptyCellsAsAbsent() {
        UUID bo = UUID.randomUUID(), withdrawn = UUID.randomUUID(), active = UUID.randomUUID();
        String file = BulkFiles.csv(List.of(
                row(bo, randomTrn(), withdrawn, "npq-leading-teaching", "2025a", "npq-specialist-autumn", "true", "withdrawn", "started-in-error"),
                good(UUID.randomUUID(), active)));

        asAdmin(CSV).body(file).post(PATH).then().log().ifValidationFails().statusCode(200)
                .body("data.attributes.rows_read", equalTo(2)).body("data.attributes.imported", equalTo(2));
        as(LP_A).get("/api/v3/participants/npq/" + bo).then().statusCode(200)
                .body("data.attributes.npq_enrolments[0].training_status", equalTo("withdrawn"))
                .body("data.attributes.npq_enrolments[0].withdrawal.reason", equalTo("started-in-error"))
                .body("data.attributes.npq_enrolments[0].funded_place", equalTo(true));
        assertThat(applications(active)).isOne();
        asAdmin(CSV).body(file).post(PATH).then().statusCode(200).body("data.attributes.unchanged", equalTo(2));
    }

    @Test
    void aBadLineRefusesTheWholeNdjsonFileNamingTheLineAndTheField() {
        UUID good = UUID.randomUUID(), badSchedule = UUID.randomUUID();
        String file = BulkFiles.ndjson(List.of(
                good(UUID.randomUUID(), good),
                row(UUID.randomUUID(), randomTrn(), badSchedule, "npq-headship", "2026b", "npq-specialist-autumn", "true", "active", null),
                "{\"participant_id\": not json",
                "[1,2]",
                row(UUID.randomUUID(), randomTrn(), UUID.randomUUID(), "npq-headship", "2026b", "npq-leadership-autumn", "\"yes\"", "active", null),
                good(UUID.randomUUID(), UUID.randomUUID()).replace("Ada Import", "Ada\\u0000Import")));
        long before = outbox();

        asAdmin(NDJSON).body(file).post(PATH).then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", hasItem("line 2")).body("errors.detail", hasItem("schedule_identifier: is not a schedule for the course"))
                .body("errors.title", hasItem("line 3")).body("errors.detail", hasItem("could not be read as JSON"))
                .body("errors.title", hasItem("line 4")).body("errors.detail", hasItem("must be a JSON object (one record)"))
                .body("errors.title", hasItem("line 5")).body("errors.detail", hasItem("funded_place: has a value of the wrong JSON type"))
                .body("errors.title", hasItem("line 6")).body("errors.detail", hasItem("full_name: must not contain the NUL character (0x00)"))
                .body("errors.title", hasItem("rows"));
        assertThat(applications(good)).isZero();
        assertThat(outbox()).isEqualTo(before);
    }

    @Test
    void aBadRecordRefusesTheWholeCsvFileAndAnUnreadableFileIsA4xx() {
        UUID good = UUID.randomUUID();
        String file = BulkFiles.csv(List.of(good(UUID.randomUUID(), good),
                row(UUID.randomUUID(), randomTrn(), UUID.randomUUID(), "npq-headship", "2026b", "npq-leadership-autumn", "\"maybe\"", "active", null)));
        String header = file.substring(0, file.indexOf("\r\n"));
        long before = outbox();

        asAdmin(CSV).body(file).post(PATH).then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", hasItem("line 3")).body("errors.detail", hasItem("funded_place: has a value of the wrong JSON type"));
        asAdmin(CSV).body(file + "\"a\",\"b\"\r\n").post(PATH).then().statusCode(422)
                .body("errors.title", hasItem("line 4")).body("errors.detail", hasItem(startsWith("has 2 fields where the header has")));
        asAdmin(CSV).body(header.replace("full_name", "fullname") + "\r\n").post(PATH).then().statusCode(422)
                .contentType("application/problem+json").body("errors.title", hasItem("header"))
                .body("errors.detail", hasItem(startsWith("Unknown column(s) fullname")));
        asAdmin(CSV).body(file + "\"unclosed,").post(PATH).then().statusCode(400).contentType("application/problem+json");
        asAdmin(CSV).body(new byte[] {'t', 'r', 'n', '\r', '\n', (byte) 0xC3, (byte) 0x28}).post(PATH).then().statusCode(400)
                .contentType("application/problem+json").body("errors.detail", hasItem(startsWith("The upload is not UTF-8 text")));
        asAdmin(CSV).body(header + "\r\n").post(PATH).then().statusCode(422).contentType("application/problem+json");
        asAdmin(NDJSON).body("\n\n".getBytes(StandardCharsets.UTF_8)).post(PATH).then().statusCode(422).contentType("application/problem+json");
        asAdmin("text/plain").body(file).post(PATH).then().statusCode(415).contentType("application/problem+json");
        assertThat(applications(good)).isZero();
        assertThat(outbox()).isEqualTo(before);
    }

    @Test
    void onlyAnAdminMaySendAFile() {
        UUID application = UUID.randomUUID();
        List<String> rows = List.of(good(UUID.randomUUID(), application));
        for (String type : List.of(NDJSON, CSV)) {
            String file = type.equals(CSV) ? BulkFiles.csv(rows) : BulkFiles.ndjson(rows);
            as(LP_A).config(BulkFiles.CONFIG).contentType(type).body(file).post(PATH).then().statusCode(403);
            given().config(BulkFiles.CONFIG).contentType(type).body(file).post(PATH).then().statusCode(401);
        }
        assertThat(applications(application)).isZero();
    }
}
