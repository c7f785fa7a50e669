package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.platform.testing.TestKafka;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.TestDb;

@QuarkusTest
class ReferenceImportTest {
    static final String HEADER = "URN,UKPRN,EstablishmentName,TypeOfEstablishment (code),TypeOfEstablishment (name),"
            + "EstablishmentStatus (code),LA (code),LA (name),PhaseOfEducation (code),NumberOfPupils,Street\n";

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aGiasFileWithBadRowsIsRefusedWholeAndNamesEachRow() {
        long before = TestDb.count("SELECT count(*) FROM establishment");
        String file = HEADER
                + "710001,10071001,Good School,1,Community school,1,202,Camden,2,200,A Street\n"
                + "710002,10071002,\"Broken, row\",1\n"                                           // line 3: malformed
                + "710003,10071003,Odd School,99,Nonsense,1,202,Camden,2,200,B Street\n"          // line 4: unknown type
                + "710001,10071001,Good School Again,1,Community school,1,202,Camden,2,200,C Street\n"; // line 5: duplicate
        given().contentType("text/csv").body(file).put("/api/v1/reference/establishments").then()
                .statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.title", hasItems("line 3", "line 4", "line 5", "file"))
                .body("errors.find { it.title == 'line 4' }.detail", equalTo("unknown establishment type code '99'"))
                .body("errors.find { it.title == 'line 5' }.detail", startsWith("duplicate URN 710001"));
        assertThat(TestDb.count("SELECT count(*) FROM establishment")).isEqualTo(before);

        given().contentType("text/csv").body(file).put("/api/v1/reference/establishments?on_invalid_rows=skip").then()
                .statusCode(200)
                .body("data.attributes.rows_read", equalTo(4))
                .body("data.attributes.inserted", equalTo(1))
                .body("data.attributes.refused.line", hasItems(3, 4, 5));
        assertThat(TestDb.count("SELECT count(*) FROM establishment WHERE urn = '710001' AND name = 'Good School'")).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void theSameGiasFileTwiceChangesNothingAndAChangedRowIsAnUpdate() {
        String file = HEADER + "720001,10072001,\"St Mary's, Upper\",2,Voluntary aided school,1,202,Camden,2,210,X\n"
                + "720002,,Lower School,5,Foundation school,1,202,Camden,4,,Y\n";
        given().contentType("text/csv").body(file).put("/api/v1/reference/establishments").then().statusCode(200)
                .body("data.attributes.inserted", equalTo(2)).body("data.attributes.unchanged", equalTo(0));
        given().contentType("text/csv").body(file).put("/api/v1/reference/establishments").then().statusCode(200)
                .body("data.attributes.inserted", equalTo(0)).body("data.attributes.updated", equalTo(0))
                .body("data.attributes.unchanged", equalTo(2));
        given().contentType("text/csv").body(file.replace(",210,", ",215,")).put("/api/v1/reference/establishments").then()
                .statusCode(200).body("data.attributes.updated", equalTo(1)).body("data.attributes.unchanged", equalTo(1));
        assertThat(TestDb.count("SELECT number_of_pupils FROM establishment WHERE urn = '720001'")).isEqualTo(215);
        assertThat(TestDb.count("SELECT count(*) FROM establishment WHERE urn = '720001' AND name = 'St Mary''s, Upper'")).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aListUploadReplacesThePreviousVersionAndAnIdenticalOneIsIdempotent() {
        int v1 = given().header("If-Match", "*").contentType("text/plain").body("730001\n730002\n").put("/api/v1/reference/eligibility-lists/rise-schools")
                .then().statusCode(200).body("data.attributes.applied", equalTo(true)).extract().path("data.attributes.version");
        given().header("If-Match", "*").contentType("text/plain").body("730002\n730001\n730001\n").put("/api/v1/reference/eligibility-lists/rise-schools")
                .then().statusCode(200).body("data.attributes.applied", equalTo(false)).body("data.attributes.version", equalTo(v1));
        given().header("If-Match", "\"" + v1 + "\"").contentType("text/csv").body("URN,Name\n730003,Third\n").put("/api/v1/reference/eligibility-lists/rise-schools")
                .then().statusCode(200).body("data.attributes.version", equalTo(v1 + 1));
        given().get("/api/v1/reference/eligibility-lists").then().statusCode(200)
                .body("data.attributes.rise-schools", equalTo(v1 + 1));
        assertThat(TestDb.count("SELECT count(*) FROM eligibility_list_entry WHERE list_type = 'rise-schools' AND added_in_version <= "
                + (v1 + 1) + " AND (removed_in_version IS NULL OR removed_in_version > " + (v1 + 1) + ")")).isEqualTo(1);
        // a bad identifier refuses the whole upload and leaves the current version in place
        given().header("If-Match", "*").contentType("text/plain").body("730004\nnot-a-urn\n").put("/api/v1/reference/eligibility-lists/rise-schools")
                .then().statusCode(422).body("errors.title", hasItem("line 2"));
        given().get("/api/v1/reference/eligibility-lists").then().body("data.attributes.rise-schools", equalTo(v1 + 1));
        given().contentType("text/plain").body("730001\n").put("/api/v1/reference/eligibility-lists/no-such-list")
                .then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aFileWithoutTheNeededColumnsOrEmptyIsABadRequest() {
        given().contentType("text/csv").body("Name,Town\nX,Y\n").put("/api/v1/reference/establishments").then()
                .statusCode(422).body("errors.detail", hasItem("The file has no column \"URN\"."));
        given().contentType("text/csv").body("").put("/api/v1/reference/establishments").then().statusCode(400);
        given().contentType("text/csv").body("x").put("/api/v1/reference/establishments?on_invalid_rows=maybe").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void cohortsAndSchedulesAreDataAnAdminKeepsCurrent() {
        given().contentType("text/csv").body("identifier,description,registration_start_date,funding,rule_set\n"
                        + "2027a,2027 to 2028,2027-01-04,capped,2026\n")
                .put("/api/v1/reference/cohorts").then().statusCode(200).body("data.attributes.inserted", equalTo(1));
        given().contentType("text/csv").body("identifier,description,registration_start_date,funding,rule_set\n"
                        + "2027a,2027 to 2028,2026-12-01,capped,2026\n2027b,x,2027-06-01,lots,2026\n")
                .put("/api/v1/reference/cohorts").then().statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("registration_start_date must fall in the cohort's start year"))
                .body("errors.title", hasItem("line 3"));
        // a cohort's funding cannot change once it has applications
        TestDb.execute("INSERT INTO application_funding (application_id, participant_id, course_family, cohort, updated_at) "
                + "VALUES (gen_random_uuid(), gen_random_uuid(), 'npq-headship', '2027a', now())");
        given().contentType("text/csv").body("identifier,description,registration_start_date,funding,rule_set\n"
                        + "2027a,2027 to 2028,2027-01-04,full,2026\n")
                .put("/api/v1/reference/cohorts").then().statusCode(422)
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("the funding of cohort 2027a cannot change: it has applications"));
        assertThat(TestDb.count("SELECT count(*) FROM cohort WHERE identifier = '2027a' AND funding = 'capped'")).isEqualTo(1);

        String schedules = "cohort,identifier,name,course_group,applies_from,applies_to,allowed_declaration_types,acceptance_window_start,acceptance_window_end\n"
                + "2027a,npq-specialist-autumn,NPQ Specialist Autumn,specialist,2027-08-01,,started retained-1 completed,2027-01-01,2028-06-30\n";
        given().contentType("text/csv").body(schedules).put("/api/v1/reference/schedules").then().statusCode(200)
                .body("data.attributes.inserted", equalTo(1));
        given().contentType("text/csv").body(schedules).put("/api/v1/reference/schedules").then().statusCode(200)
                .body("data.attributes.unchanged", equalTo(1));
        given().contentType("text/csv").body(schedules.replace("2027-01-01,2028-06-30", "2028-07-01,2028-06-30").replace("retained-1", "retained-9"))
                .put("/api/v1/reference/schedules").then().statusCode(422).body("errors.title", hasItem("line 2"));
        assertThat(TestDb.count("SELECT count(*) FROM schedule WHERE cohort = '2027a' AND 'retained-1' = ANY (allowed_declaration_types) "
                + "AND NOT 'retained-2' = ANY (allowed_declaration_types)")).isEqualTo(1);

        // other services hear of each change once: the new cohort and schedule, not the identical re-import
        await().atMost(Duration.ofSeconds(30)).until(() -> defined("2027a/npq-specialist-autumn") == 1);
        var schedule = (ScheduleDefined) TestKafka.readAll(Topics.FUNDING_REFERENCE).stream()
                .filter(r -> "2027a/npq-specialist-autumn".equals(r.key())).findFirst().orElseThrow().value();
        assertThat(schedule.getAllowedDeclarationTypes()).containsExactly("started", "retained-1", "completed");
        assertThat(schedule.getAcceptanceWindowStart()).isEqualTo(java.time.LocalDate.parse("2027-01-01"));
        given().contentType("text/csv").body(schedules.replace("NPQ Specialist Autumn", "NPQ Specialist Autumn 2027"))
                .put("/api/v1/reference/schedules").then().statusCode(200).body("data.attributes.updated", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> defined("2027a/npq-specialist-autumn") == 2);
        assertThat(defined("2027a")).isEqualTo(1);
    }

    @Test
    void theSeededCohortsAndSchedulesArePublishedOnceAtStart() {
        await().atMost(Duration.ofSeconds(30)).until(() -> defined("2026b/npq-leadership-autumn") == 1);
        assertThat(defined("2026b")).isEqualTo(1);
        var cohort = (CohortDefined) TestKafka.readAll(Topics.FUNDING_REFERENCE).stream().filter(r -> "2026b".equals(r.key()))
                .findFirst().orElseThrow().value();
        assertThat(cohort.getFunding()).isEqualTo("capped");
        assertThat(TestDb.count("SELECT count(*) FROM reference_published WHERE kind IN ('cohort', 'schedule')")).isEqualTo(
                TestDb.count("SELECT (SELECT count(*) FROM cohort) + (SELECT count(*) FROM schedule)"));
    }

    /** How many CohortDefined / ScheduleDefined events funding-service published under this key. */
    static long defined(String key) {
        return TestKafka.readAll(Topics.FUNDING_REFERENCE).stream().filter(r -> key.equals(r.key())).count();
    }

    @Test
    void importsNeedAnAdmin() {
        given().contentType("text/csv").body(HEADER).put("/api/v1/reference/establishments").then().statusCode(401);
    }

    @Test
    @TestSecurity(user = "lp", roles = "lead-provider")
    void aLeadProviderCannotImport() {
        given().contentType("text/csv").body(HEADER).put("/api/v1/reference/establishments").then().statusCode(403);
        given().contentType("text/plain").body("730001\n").put("/api/v1/reference/eligibility-lists/pp50-schools").then().statusCode(403);
        given().get("/api/v1/reference/schedules").then().statusCode(200).body("identifier", hasItem("npq-leadership-autumn"));
    }
}
