package uk.npq.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Establishments read by URN and UKPRN and found by a part of their name, paged, from an index; roles as documented. */
@QuarkusTest
class EstablishmentReadTest {
    static final String ESTABLISHMENTS = "/api/v1/reference/establishments";

    @Inject DataSource dataSource;

    @BeforeEach
    void schools() {
        EligibilityListTest.admin().contentType("text/csv").body(ReferenceImportTest.HEADER
                        + "790001,10079001,\"St Quillon's C of E Primary School\",2,Voluntary aided school,1,202,Camden,2,210,X\n"
                        + "790002,,Quillonbury Academy,34,Academy converter,1,202,Camden,4,900,Y\n"
                        + "790003,,Little Quillon Nursery,15,Local authority nursery school,1,202,Camden,1,,Z\n"
                        + "790004,,The 100%_Quill School,11,Other independent school,1,202,Camden,2,50,W\n")
                .put(ESTABLISHMENTS).then().statusCode(200);
    }

    @Test
    void oneByUrnWithItsGiasFields() {
        EligibilityListTest.as("school").get(ESTABLISHMENTS + "/790001").then().statusCode(200)
                .body("data.id", equalTo("790001")).body("data.attributes.name", equalTo("St Quillon's C of E Primary School"))
                .body("data.attributes.ukprn", equalTo("10079001")).body("data.attributes.type_code", equalTo(2))
                .body("data.attributes.eligible_type", equalTo(true)).body("data.attributes.number_of_pupils", equalTo(210));
        EligibilityListTest.as("school").get(ESTABLISHMENTS + "/790004").then().statusCode(200).body("data.attributes.eligible_type", equalTo(false));
        EligibilityListTest.as("school").get(ESTABLISHMENTS + "/799999").then().statusCode(404).contentType(startsWith("application/problem+json"));
        EligibilityListTest.as("school").get(ESTABLISHMENTS + "/not-a-urn").then().statusCode(404);
    }

    @Test
    void aPartOfTheNameInAnyCaseFindsThemByNameThenUrnPaged() {
        EligibilityListTest.as("participant").get(ESTABLISHMENTS + "?filter[name]=QUILLON").then().statusCode(200)
                .body("data.id", contains("790003", "790002", "790001"));
        EligibilityListTest.as("lead-provider").get(ESTABLISHMENTS + "?filter[name]=quillon&page[per_page]=2&page[page]=2").then().statusCode(200)
                .body("data.id", contains("790001"));
        EligibilityListTest.as("lead-provider").get(ESTABLISHMENTS + "?filter[name]=quillon&page[per_page]=2&page[page]=3").then().statusCode(200)
                .body("data", empty());
        // LIKE's wildcards are the name's own characters
        EligibilityListTest.as("admin").queryParam("filter[name]", "100%_q").get(ESTABLISHMENTS).then().statusCode(200).body("data.id", contains("790004"));
        EligibilityListTest.as("admin").queryParam("filter[name]", "0%%").get(ESTABLISHMENTS).then().statusCode(200).body("data", empty());
        EligibilityListTest.as("admin").get(ESTABLISHMENTS + "?filter[ukprn]=10079001").then().statusCode(200).body("data.id", contains("790001"));
        EligibilityListTest.as("admin").get(ESTABLISHMENTS + "?filter[ukprn]=10079001&filter[name]=academy").then().statusCode(200).body("data", empty());
    }

    @Test
    void aSearchNeedsAFilterOfUsableSize() {
        EligibilityListTest.as("admin").get(ESTABLISHMENTS).then().statusCode(400).body("errors.title", hasItem("filter"));
        EligibilityListTest.as("admin").get(ESTABLISHMENTS + "?filter[name]=qu").then().statusCode(400).body("errors.title", hasItem("filter[name]"));
        EligibilityListTest.as("admin").get(ESTABLISHMENTS + "?filter[ukprn]=x1").then().statusCode(400).body("errors.title", hasItem("filter[ukprn]"));
        EligibilityListTest.as("admin").get(ESTABLISHMENTS + "?filter[name]=quillon&page[page]=0").then().statusCode(400);
    }

    @Test
    void theNameSearchAndTheUkprnAreServedByIndexes() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            assertThat(EligibilityListTest.plan(s, "SELECT urn FROM establishment e WHERE lower(name) LIKE '%quillon%' ORDER BY name, urn LIMIT 100"))
                    .contains("establishment_name_trgm");
            assertThat(EligibilityListTest.plan(s, "SELECT urn FROM establishment e WHERE ukprn = '10079001'")).contains("establishment_ukprn");
            s.execute("RESET enable_seqscan");
        }
    }

    @Test
    void markersAndModeratorsAreRefusedAndStrangersUnauthorised() {
        for (String role : List.of("marker", "moderator")) {
            EligibilityListTest.as(role).get(ESTABLISHMENTS + "/790001").then().statusCode(403);
            EligibilityListTest.as(role).get(ESTABLISHMENTS + "?filter[name]=quillon").then().statusCode(403);
        }
        for (String role : List.of("finance", "reporting", "delivery-partner")) {
            EligibilityListTest.as(role).get(ESTABLISHMENTS + "/790001").then().statusCode(200);
        }
        io.restassured.RestAssured.given().filter(EligibilityListTest.CONTRACT).get(ESTABLISHMENTS + "/790001").then().statusCode(401);
        // reading is not importing
        EligibilityListTest.as("school").contentType("text/csv").body(ReferenceImportTest.HEADER).put(ESTABLISHMENTS).then().statusCode(403);
    }
}
