package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * Eligibility lists are readable at every version, changed whole (PUT, If-Match required once a list exists) or one
 * entry at a time (POST, DELETE; If-Match honoured), and every answer matches funding-service's OpenAPI document.
 */
@QuarkusTest
class EligibilityListTest {
    static final Filter CONTRACT = ContractValidator.forService("funding-service").filter();
    static final String LISTS = "/api/v1/reference/eligibility-lists/";

    @Inject DataSource dataSource;

    static RequestSpecification as(String role) {
        return given().filter(CONTRACT).header("Authorization", "Bearer " + TestTokens.token(role + "-" + UUID.randomUUID(), List.of(role), Map.of()));
    }

    static RequestSpecification admin() {
        return as("admin");
    }

    static String etag(String type) {
        return admin().get(LISTS + type + "/entries").then().statusCode(200).extract().header("ETag");
    }

    static int version(String etag) {
        return Integer.parseInt(etag.replace("\"", ""));
    }

    static String entry(String identifier) {
        return "{\"data\":{\"type\":\"eligibility-list-entry\",\"attributes\":{\"identifier\":\"" + identifier + "\"}}}";
    }

    @Test
    void aReplacementNeedsTheVersionItWasMadeFromAndAStaleOneWritesNothing() {
        String type = "local-authority-nurseries";
        String read = etag(type);
        String first = admin().header("If-Match", read).contentType("text/plain").body("780001\n780002\n").put(LISTS + type)
                .then().statusCode(200).body("data.attributes.applied", equalTo(true)).extract().header("ETag");
        assertThat(version(first)).isEqualTo(version(read) + 1);
        long versions = TestDb.count("SELECT count(*) FROM eligibility_list_version");
        long entries = TestDb.count("SELECT count(*) FROM eligibility_list_entry");

        // without If-Match a list that exists is not replaced blind: 428, nothing written
        admin().contentType("text/plain").body("780003\n").put(LISTS + type).then().statusCode(428)
                .contentType(startsWith("application/problem+json")).body("errors.title", hasItem("If-Match"));
        // the version read before the first replacement is stale: 412, nothing written
        admin().header("If-Match", read).contentType("text/plain").body("780003\n").put(LISTS + type).then().statusCode(412)
                .contentType(startsWith("application/problem+json")).body("errors.title", hasItem("If-Match"));
        admin().header("If-Match", "W/" + first).contentType("text/plain").body("780003\n").put(LISTS + type).then().statusCode(412);
        admin().header("If-Match", "seven").contentType("text/plain").body("780003\n").put(LISTS + type).then().statusCode(400)
                .body("errors.title", hasItem("If-Match"));
        assertThat(TestDb.count("SELECT count(*) FROM eligibility_list_version")).isEqualTo(versions);
        assertThat(TestDb.count("SELECT count(*) FROM eligibility_list_entry")).isEqualTo(entries);
        admin().get(LISTS + type + "/entries").then().statusCode(200).header("ETag", first)
                .body("data.id", contains("780001", "780002"));

        // the current ETag, or * on purpose, replaces it; only the difference is written
        String second = admin().header("If-Match", first).contentType("text/plain").body("780002\n780003\n").put(LISTS + type)
                .then().statusCode(200).extract().header("ETag");
        assertThat(TestDb.count("SELECT count(*) FROM eligibility_list_entry")).isEqualTo(entries + 1);
        admin().header("If-Match", "*").contentType("text/plain").body("780002\n780003\n").put(LISTS + type)
                .then().statusCode(200).body("data.attributes.applied", equalTo(false)).header("ETag", second);
    }

    @Test
    void singleEntriesAreNewVersionsAndPastVersionsReadTheSameForever() {
        String type = "disadvantaged-early-years";
        String v1 = admin().header("If-Match", etag(type)).contentType("text/plain").body("EY781001\n781002\nEY781003\n")
                .put(LISTS + type).then().statusCode(200).extract().header("ETag");
        int n = version(v1);
        String pastJson = admin().get(LISTS + type + "/versions/" + n + "/entries").then().statusCode(200).header("ETag", v1)
                .body("data.id", contains("781002", "EY781001", "EY781003")).extract().asString();
        String pastCsv = admin().accept("text/csv").get(LISTS + type + "/versions/" + n + "/entries").then().statusCode(200).extract().asString();

        admin().contentType("application/json").body(entry("ey781004")).post(LISTS + type + "/entries").then().statusCode(201)
                .header("ETag", "\"" + (n + 1) + "\"").body("data.attributes.version", equalTo(n + 1))
                .body("data.attributes.entries", equalTo(4)).body("data.attributes.identifier", equalTo("EY781004"));
        // already on it: nothing changes
        admin().contentType("application/json").body(entry("EY781004")).post(LISTS + type + "/entries").then().statusCode(200)
                .body("data.attributes.applied", equalTo(false)).body("data.attributes.version", equalTo(n + 1));
        admin().header("If-Match", "\"" + (n + 1) + "\"").delete(LISTS + type + "/entries/781002").then().statusCode(200)
                .header("ETag", "\"" + (n + 2) + "\"").body("data.attributes.change", equalTo("remove"))
                .body("data.attributes.entries", equalTo(3));
        admin().delete(LISTS + type + "/entries/781002").then().statusCode(404);

        // a stale If-Match on a single change is a 412 and writes nothing
        long versions = TestDb.count("SELECT count(*) FROM eligibility_list_version WHERE list_type = '" + type + "'");
        admin().header("If-Match", v1).contentType("application/json").body(entry("EY781005")).post(LISTS + type + "/entries").then().statusCode(412);
        admin().header("If-Match", v1).delete(LISTS + type + "/entries/EY781001").then().statusCode(412);
        assertThat(TestDb.count("SELECT count(*) FROM eligibility_list_version WHERE list_type = '" + type + "'")).isEqualTo(versions);
        admin().get(LISTS + type + "/entries/EY781001").then().statusCode(200);

        admin().get(LISTS + type + "/entries").then().statusCode(200).header("ETag", "\"" + (n + 2) + "\"")
                .body("data.id", contains("EY781001", "EY781003", "EY781004"))
                .body("data.find { it.id == 'EY781004' }.attributes.added_in_version", equalTo(n + 1))
                .body("data.find { it.id == 'EY781001' }.attributes.added_in_version", equalTo(n));
        admin().get(LISTS + type + "/entries/EY781004").then().statusCode(200).body("data.attributes.added_in_version", equalTo(n + 1));
        admin().get(LISTS + type + "/entries/781002").then().statusCode(404);
        // the past version reads exactly as it did, as JSON and as CSV
        assertThat(admin().get(LISTS + type + "/versions/" + n + "/entries").then().statusCode(200).extract().asString()).isEqualTo(pastJson);
        assertThat(admin().accept("text/csv").get(LISTS + type + "/versions/" + n + "/entries").then().statusCode(200).extract().asString())
                .isEqualTo(pastCsv);
        admin().get(LISTS + type + "/versions/" + (n + 1) + "/entries").then().statusCode(200)
                .body("data.id", contains("781002", "EY781001", "EY781003", "EY781004"));
        // the history says which change made each version
        admin().get(LISTS + type + "/versions?page[per_page]=3").then().statusCode(200)
                .body("data.attributes.version", contains(n + 2, n + 1, n))
                .body("data.attributes.change", contains("remove", "add", "replace"))
                .body("data[0].attributes.identifier", equalTo("781002"));
    }

    @Test
    void entriesArePagedInIdentifierOrderAndTheCsvIsTheWholeVersionAnUploadReadsBack() {
        String type = "pp50-further-education";
        String v = admin().header("If-Match", "*").contentType("text/plain").body("10078205\n10078201\n10078204\n10078202\n10078203\n")
                .put(LISTS + type).then().statusCode(200).extract().header("ETag");
        admin().get(LISTS + type + "/entries?page[per_page]=2").then().statusCode(200).body("data.id", contains("10078201", "10078202"));
        admin().get(LISTS + type + "/entries?page[per_page]=2&page[page]=3").then().statusCode(200).body("data.id", contains("10078205"));
        admin().get(LISTS + type + "/entries?page[per_page]=2&page[page]=4").then().statusCode(200).body("data", empty());
        admin().get(LISTS + type + "/entries?page[per_page]=0").then().statusCode(400).contentType(startsWith("application/problem+json"));

        Response csv = admin().accept("text/csv").get(LISTS + type + "/entries");
        csv.then().statusCode(200).contentType(startsWith("text/csv")).header("ETag", v);
        int n = version(v);
        assertThat(csv.asString()).isEqualTo("identifier,added_in_version\r\n" + String.join("",
                List.of("10078201", "10078202", "10078203", "10078204", "10078205").stream().map(id -> id + "," + n + "\r\n").toList()));
        // downloaded, sent back with its ETag: the same list, no new version
        admin().header("If-Match", v).contentType("text/csv").body(csv.asString()).put(LISTS + type).then().statusCode(200)
                .body("data.attributes.applied", equalTo(false)).body("data.attributes.version", equalTo(n));
    }

    @Test
    void theEngineReadsAListAtTheVersionItRecordsAndTheLookupIsIndexed() throws Exception {
        // a school of its own (type 1, community school), for NPQLT: PP50 only in 2026
        admin().contentType("text/csv").body(ReferenceImportTest.HEADER + "782001,10078200,Range School,1,Community school,1,202,Camden,2,300,Z\n")
                .put("/api/v1/reference/establishments").then().statusCode(200);
        String preview = FundingDecisionFlowTest.preview("npq-leading-teaching", "782001", "england");
        admin().contentType("application/json").body(entry("782001")).post(LISTS + "pp50-schools/entries").then().statusCode(201);
        as("school").contentType("application/json").body(preview).post("/api/v1/funding-eligibility-checks").then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", not(equalTo("ineligible_establishment_not_a_pp50")));
        admin().delete(LISTS + "pp50-schools/entries/782001").then().statusCode(200);
        as("school").contentType("application/json").body(preview).post("/api/v1/funding-eligibility-checks").then().statusCode(200)
                .body("data.attributes.funding_eligibility_status_code", equalTo("ineligible_establishment_not_a_pp50"));

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            assertThat(plan(s, "SELECT e.list_type FROM eligibility_list_entry e JOIN jsonb_each_text('{\"pp50-schools\":3}'::jsonb) "
                    + "c(list_type, v) ON c.list_type = e.list_type AND e.added_in_version <= c.v::int AND (e.removed_in_version IS NULL "
                    + "OR e.removed_in_version > c.v::int) WHERE e.identifier IN ('782001', '10078200')")).contains("eligibility_list_entry_identifier");
            assertThat(plan(s, "SELECT identifier FROM eligibility_list_entry WHERE list_type = 'pp50-schools' AND removed_in_version IS NULL "
                    + "ORDER BY identifier LIMIT 100")).contains("eligibility_list_entry_current");
            s.execute("RESET enable_seqscan");
        }
    }

    /**
     * V13 turned the copies per version into version ranges: replayed here on the old shape (temporary tables, rolled
     * back), every old version reads exactly as it did, including an identifier that left a list and came back.
     */
    @Test
    void theMigrationToRangesKeepsEveryOldVersionReadable() throws Exception {
        String v10;
        try (var in = getClass().getResourceAsStream("/db/migration/V13__eligibility_list_entries_as_version_ranges.sql")) {
            v10 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL search_path = pg_temp");
                s.execute("CREATE TABLE eligibility_list_version (list_type varchar(40) NOT NULL, version integer NOT NULL, entries integer NOT NULL, "
                        + "uploaded_at timestamptz NOT NULL, uploaded_by varchar(200) NOT NULL, PRIMARY KEY (list_type, version))");
                s.execute("CREATE TABLE eligibility_list_entry (list_type varchar(40) NOT NULL, version integer NOT NULL, identifier varchar(20) NOT NULL, "
                        + "PRIMARY KEY (list_type, version, identifier), FOREIGN KEY (list_type, version) REFERENCES eligibility_list_version (list_type, version))");
                // a: v1 {1, 2}, v2 {2, 3}, v3 {1, 3}, v4 {3}; b: v1 {9}
                s.execute("INSERT INTO eligibility_list_version VALUES ('a', 1, 2, now(), 'x'), ('a', 2, 2, now(), 'x'), ('a', 3, 2, now(), 'x'), "
                        + "('a', 4, 1, now(), 'x'), ('b', 1, 1, now(), 'x')");
                s.execute("INSERT INTO eligibility_list_entry VALUES ('a', 1, '1'), ('a', 1, '2'), ('a', 2, '2'), ('a', 2, '3'), ('a', 3, '1'), "
                        + "('a', 3, '3'), ('a', 4, '3'), ('b', 1, '9')");
                s.execute("CREATE TABLE before AS SELECT list_type, version, identifier FROM eligibility_list_entry");
                s.execute(v10);
                String atEachVersion = "SELECT v.list_type, v.version, e.identifier FROM eligibility_list_version v JOIN eligibility_list_entry e "
                        + "ON e.list_type = v.list_type AND e.added_in_version <= v.version AND (e.removed_in_version IS NULL OR e.removed_in_version > v.version)";
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM ((SELECT * FROM before EXCEPT " + atEachVersion + ") UNION ALL ("
                        + atEachVersion + " EXCEPT SELECT * FROM before)) d")) {
                    r.next();
                    assertThat(r.getInt(1)).isZero();
                }
                try (ResultSet r = s.executeQuery("SELECT string_agg(identifier || ':' || added_in_version || '-' || coalesce(removed_in_version::text, ''), ' ' "
                        + "ORDER BY identifier, added_in_version) FROM eligibility_list_entry WHERE list_type = 'a'")) {
                    r.next();
                    assertThat(r.getString(1)).isEqualTo("1:1-2 1:3-4 2:1-3 3:2-");
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    static String plan(Statement s, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ResultSet r = s.executeQuery("EXPLAIN " + sql)) {
            while (r.next()) out.append(r.getString(1)).append('\n');
        }
        return out.toString();
    }

    @Test
    void unknownListsVersionsAndIdentifiersAre404() {
        admin().get(LISTS + "no-such-list/entries").then().statusCode(404).contentType(startsWith("application/problem+json"));
        admin().get(LISTS + "rise-schools/versions/999999/entries").then().statusCode(404);
        admin().get(LISTS + "rise-schools/versions/0/entries").then().statusCode(404);
        admin().get(LISTS + "rise-schools/versions/first/entries").then().statusCode(404);
        admin().get(LISTS + "rise-schools/entries/100000000").then().statusCode(404);
        admin().delete(LISTS + "rise-schools/entries/799999").then().statusCode(404);
        admin().contentType("application/json").body(entry("not-a-urn")).post(LISTS + "rise-schools/entries").then().statusCode(422)
                .body("errors.title", hasItem("identifier"));
        admin().contentType("application/json").body(entry("799999")).post(LISTS + "no-such-list/entries").then().statusCode(404);
    }

    @Test
    void readersMayReadButOnlyAdminsChangeAndOthersAreRefused() {
        as("finance").get(LISTS + "rise-schools/entries").then().statusCode(200);
        as("reporting").get(LISTS + "rise-schools/versions").then().statusCode(200);
        as("reporting").get("/api/v1/reference/eligibility-lists").then().statusCode(200);
        as("finance").contentType("application/json").body(entry("799998")).post(LISTS + "rise-schools/entries").then().statusCode(403);
        as("reporting").delete(LISTS + "rise-schools/entries/799998").then().statusCode(403);
        as("finance").header("If-Match", "*").contentType("text/plain").body("799998\n").put(LISTS + "rise-schools").then().statusCode(403);
        for (String role : List.of("lead-provider", "school", "participant")) {
            as(role).get(LISTS + "rise-schools/entries").then().statusCode(403);
            as(role).get(LISTS + "rise-schools/versions/1/entries").then().statusCode(403);
        }
        given().filter(CONTRACT).get(LISTS + "rise-schools/entries").then().statusCode(401);
    }
}
