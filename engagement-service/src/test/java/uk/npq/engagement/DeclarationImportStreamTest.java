package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.uncontractedEnrolment;
import static uk.npq.engagement.DeclarationImportTest.PATH;
import static uk.npq.engagement.DeclarationImportTest.declarations;
import static uk.npq.engagement.DeclarationImportTest.row;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.BulkFiles;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * The import of historic declarations as a streamed file (platform rest.BulkUpload): NDJSON and CSV rows are the JSON
 * envelope's rows, with the same checks, events and idempotency; a refused row (titled by its line) refuses the whole
 * file; a body that cannot be read is a 4xx problem, never a 500; only an admin may send one.
 */
@QuarkusTest
class DeclarationImportStreamTest {
    static final String NDJSON = "application/x-ndjson", CSV = "text/csv";

    static RequestSpecification asAdmin(String type) {
        return given().config(BulkFiles.CONFIG).auth().oauth2(TestTokens.token("admin", List.of("admin"), Map.of())).contentType(type);
    }

    static UUID application() {
        return uncontractedEnrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england")[1];
    }

    static long outbox() {
        return TestDb.count("SELECT count(*) FROM outbox_event");
    }

    @Test
    void eachFormatImportsItsRowsWithTheirEventsAndAResentFileChangesNothing() {
        for (String type : List.of(NDJSON, CSV)) {
            UUID application = application(), started = UUID.randomUUID(), retained = UUID.randomUUID();
            List<String> rows = List.of(row(started, application, "started", "submitted", null, null),
                    row(retained, application, "retained-1", "voided", null, null));
            String file = type.equals(CSV) ? BulkFiles.csv(rows) : BulkFiles.ndjson(rows);
            long before = outbox();

            asAdmin(type).body(file).post(PATH).then().log().ifValidationFails().statusCode(200)
                    .body("data.type", equalTo("declaration-import")).body("data.attributes.rows_read", equalTo(2))
                    .body("data.attributes.imported", equalTo(2));
            as(LP_A).get("/api/v3/participant-declarations/" + retained).then().statusCode(200)
                    .body("data.attributes.state", equalTo("voided")).body("data.attributes.declaration_type", equalTo("retained-1"));
            assertThat(TestDb.count("SELECT count(*) FROM outbox_event WHERE aggregateid IN ('" + started + "','" + retained + "')"))
                    .as(type).isGreaterThanOrEqualTo(2);

            long after = outbox();
            assertThat(after).isGreaterThan(before);
            asAdmin(type).body(file).post(PATH).then().statusCode(200)
                    .body("data.attributes.imported", equalTo(0)).body("data.attributes.unchanged", equalTo(2));
            assertThat(outbox()).isEqualTo(after);
        }
    }

    @Test
    void aBadRowRefusesTheWholeFileNamingItsLineAndAnUnreadableFileIsA4xx() {
        UUID application = application(), good = UUID.randomUUID();
        String passedAsText = "{\"declaration_id\":\"" + UUID.randomUUID() + "\",\"application_id\":\"" + application
                + "\",\"declaration_type\":\"completed\",\"declaration_date\":\"2026-10-01T10:00:00Z\",\"state\":\"submitted\",\"has_passed\":\"yes\"}";
        List<String> rows = List.of(row(good, application, "started", "submitted", null, null),
                row(UUID.randomUUID(), UUID.randomUUID(), "started", "submitted", null, null), passedAsText);
        long before = outbox();

        asAdmin(NDJSON).body(BulkFiles.ndjson(rows) + "not json\n").post(PATH).then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", hasItem("line 2")).body("errors.detail", hasItem(startsWith("application_id: no enrolment here")))
                .body("errors.title", hasItem("line 3")).body("errors.detail", hasItem("has_passed: has a value of the wrong JSON type"))
                .body("errors.title", hasItem("line 4")).body("errors.detail", hasItem("could not be read as JSON"));
        asAdmin(CSV).body(BulkFiles.csv(rows)).post(PATH).then().statusCode(422).contentType("application/problem+json")
                .body("errors.title", hasItem("line 3")).body("errors.detail", hasItem(startsWith("application_id: no enrolment here")))
                .body("errors.title", hasItem("line 4")).body("errors.detail", hasItem("has_passed: has a value of the wrong JSON type"));
        asAdmin(CSV).body("declaration_id,state,nonsense\r\n\"a\",\"b\",\"c\"\r\n").post(PATH).then().statusCode(422)
                .body("errors.title", hasItem("header")).body("errors.detail", hasItem(startsWith("Unknown column(s) nonsense")));
        asAdmin(CSV).body("declaration_id,declaration_id\r\n\"a\",\"b\"\r\n").post(PATH).then().statusCode(422)
                .contentType("application/problem+json").body("errors.title", hasItem("header"));
        asAdmin(CSV).body(BulkFiles.csv(rows) + "\"open").post(PATH).then().statusCode(400).contentType("application/problem+json");
        asAdmin(NDJSON).body(new byte[] {'{', '"', (byte) 0xFF, '"', '}', '\n'}).post(PATH).then().statusCode(400)
                .contentType("application/problem+json");
        asAdmin(NDJSON).body("").post(PATH).then().statusCode(422).contentType("application/problem+json");
        assertThat(declarations(good)).isZero();
        assertThat(outbox()).isEqualTo(before);
    }

    @Test
    void onlyAnAdminMaySendAFile() {
        UUID id = UUID.randomUUID();
        List<String> rows = List.of(row(id, application(), "started", "submitted", null, null));
        for (String type : List.of(NDJSON, CSV)) {
            String file = type.equals(CSV) ? BulkFiles.csv(rows) : BulkFiles.ndjson(rows);
            as(LP_A).config(BulkFiles.CONFIG).contentType(type).body(file).post(PATH).then().statusCode(403);
            given().config(BulkFiles.CONFIG).contentType(type).body(file).post(PATH).then().statusCode(401);
        }
        assertThat(declarations(id)).isZero();
    }
}
