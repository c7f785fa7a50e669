package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import uk.npq.funding.service.LeadProviderStatements;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * The DfE v3 statements a lead provider reads: its own output-fee statements, in the DfE shape and order, with the
 * DfE filters, paging and error texts; everyone else is refused. Every answer is checked against funding-service's
 * OpenAPI document.
 */
@QuarkusTest
class StatementsV3Test {
    static final String HEADER = "lead_provider_id,cohort,year,month,deadline_date,payment_date,output_fee,state\n";
    static final String PAGE_ERROR = "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number";
    static final String UPDATED_SINCE_ERROR = "The filter '#/updated_since' must be a valid ISO 8601 date";
    static final String TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";
    static final Filter CONTRACT = ContractValidator.forService("funding-service").filter();

    @Inject DataSource dataSource;

    /** Statements as finance imports them; each row: lead_provider_id,cohort,year,month,deadline_date,payment_date,output_fee,state. */
    static void arrange(String... rows) {
        ContractDataTest.put(ContractDataTest.admin(), "statements", HEADER + String.join("\n", rows) + "\n").statusCode(200);
    }

    static String id(String lp, String cohort, int year, int month) {
        return TestDb.string("SELECT id::text FROM statement WHERE lead_provider_id = '" + lp + "' AND cohort = '" + cohort
                + "' AND year = " + year + " AND month = " + month);
    }

    static RequestSpecification as(String lp) {
        return with("Bearer " + TestTokens.leadProvider(lp));
    }

    static RequestSpecification with(String authorization) {
        return given().filter(CONTRACT).header("Authorization", authorization);
    }

    static List<String> ids(String lp, Map<String, ?> params) {
        Response r = as(lp).queryParams(params).get("/api/v3/statements");
        r.then().statusCode(200).header("Cache-Control", "no-store");
        return r.path("data.id");
    }

    static List<String> ids(String lp) {
        return ids(lp, Map.of());
    }

    @Test
    void aLeadProviderSeesItsOwnOutputFeeStatementsByPaymentDateInTheDfeShape() {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        arrange(a + ",2025a,2026,6,2026-05-26,2026-06-25,true,open",
                a + ",2025a,2026,3,2026-02-23,2026-03-25,true,paid",
                a + ",2026b,2026,9,2026-08-26,2026-09-25,true,payable",
                a + ",2026a,2026,9,2026-08-26,2026-09-25,true,open",
                a + ",2025a,2026,4,2026-03-26,2026-04-25,false,open",
                b + ",2025a,2026,3,2026-02-23,2026-03-25,true,open");
        String march = id(a, "2025a", 2026, 3), june = id(a, "2025a", 2026, 6);
        String septA = id(a, "2026a", 2026, 9), septB = id(a, "2026b", 2026, 9);
        // the DfE's timestamps are UTC to the second: a fraction is cut, not rounded
        TestDb.execute("UPDATE statement SET created_at = '2023-07-01 12:00:00.987654+00', updated_at = '2023-07-02 13:00:00+01' WHERE id = '"
                + march + "'");

        // by payment_date, then id where two share it; no non-output-fee statement, none of B's
        List<String> septembers = septA.compareTo(septB) < 0 ? List.of(septA, septB) : List.of(septB, septA);
        assertThat(ids(a)).containsExactly(march, june, septembers.get(0), septembers.get(1));

        Response list = as(a).get("/api/v3/statements");
        list.then().statusCode(200).contentType(startsWith("application/json"))
                .body("data[0].id", equalTo(march))
                .body("data[0].type", equalTo("statement"))
                .body("data[0].attributes.month", equalTo("March"))
                .body("data[0].attributes.year", equalTo("2026"))
                .body("data[0].attributes.cohort", equalTo("2025"))
                .body("data[0].attributes.cut_off_date", equalTo("2026-02-23"))
                .body("data[0].attributes.payment_date", equalTo("2026-03-25"))
                .body("data[0].attributes.paid", equalTo(true))
                .body("data[0].attributes.created_at", equalTo("2023-07-01T12:00:00Z"))
                .body("data[0].attributes.updated_at", equalTo("2023-07-02T12:00:00Z"))
                .body("data[1].attributes.month", equalTo("June"))
                .body("data[1].attributes.paid", equalTo(false))
                .body("data.findAll { it.attributes.cohort == '2026' }", hasSize(2))
                .body("data.find { it.id == '" + septB + "' }.attributes.paid", equalTo(false)); // payable is not paid yet
        Map<String, Object> attributes = list.path("data[1].attributes");
        assertThat(attributes).containsOnlyKeys("month", "year", "cohort", "cut_off_date", "payment_date", "paid", "created_at", "updated_at");
        assertThat((String) attributes.get("created_at")).matches(TIMESTAMP);
        assertThat((String) attributes.get("updated_at")).matches(TIMESTAMP);

        as(a).get("/api/v3/statements/" + march).then().statusCode(200).header("Cache-Control", "no-store")
                .body("data.id", equalTo(march)).body("data.type", equalTo("statement"))
                .body("data.attributes.month", equalTo("March")).body("data.attributes.cohort", equalTo("2025"))
                .body("data.attributes.cut_off_date", equalTo("2026-02-23")).body("data.attributes.paid", equalTo(true))
                .body("data.attributes.created_at", equalTo("2023-07-01T12:00:00Z"));
    }

    @Test
    void anotherProvidersStatementANonOutputFeeOneOrANonUuidIsNotFound() {
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        arrange(a + ",2026b,2026,12,2026-11-25,2026-12-25,true,open", a + ",2026b,2027,1,2026-12-26,2027-01-26,false,open",
                b + ",2026b,2026,12,2026-11-25,2026-12-25,true,open");
        String mine = id(a, "2026b", 2026, 12), noOutputFee = id(a, "2026b", 2027, 1), theirs = id(b, "2026b", 2026, 12);
        as(a).get("/api/v3/statements/" + mine).then().statusCode(200).body("data.id", equalTo(mine));

        for (String[] who : List.of(new String[] {b, mine}, new String[] {a, noOutputFee}, new String[] {a, theirs},
                new String[] {a, "not-a-uuid"}, new String[] {a, UUID.randomUUID().toString()}, new String[] {a, "%00"})) {
            as(who[0]).get("/api/v3/statements/" + who[1]).then().statusCode(404)
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(404)).body("errors[0].title", equalTo("Resource not found"));
        }
        assertThat(ids(b)).containsExactly(theirs);
        assertThat(ids(a)).containsExactly(mine);
    }

    @Test
    void filtersByCohortStartYearsAndUpdatedSinceAsTheDfeDoes() {
        String a = UUID.randomUUID().toString();
        arrange(a + ",2024a,2025,3,2025-02-23,2025-03-25,true,open", a + ",2025a,2026,3,2026-02-23,2026-03-25,true,open",
                a + ",2026a,2026,6,2026-05-26,2026-06-25,true,open", a + ",2026b,2026,9,2026-08-26,2026-09-25,true,open");
        String y2024 = id(a, "2024a", 2025, 3), y2025 = id(a, "2025a", 2026, 3), y2026a = id(a, "2026a", 2026, 6),
                y2026b = id(a, "2026b", 2026, 9);

        // start years, suffix-blind; a start year with no statement matches nothing
        assertThat(ids(a, Map.of("filter[cohort]", "2026"))).containsExactly(y2026a, y2026b);
        assertThat(ids(a, Map.of("filter[cohort]", "2025,2026"))).containsExactly(y2025, y2026a, y2026b);
        assertThat(ids(a, Map.of("filter[cohort]", " 2024 , 2025"))).containsExactly(y2024, y2025);
        assertThat(ids(a, Map.of("filter[cohort]", "2019"))).isEmpty();
        for (String bad : List.of("2025,abc", "abc", "", "26", "2026b")) { // like every other v3 list: a start year or a 400 naming the filter
            as(a).queryParam("filter[cohort]", bad).get("/api/v3/statements").then().statusCode(400)
                    .body("errors[0].detail", equalTo("The filter '#/cohort' must be a comma-separated list of start years, e.g. 2025,2026"));
        }

        // updated at or after the given time, which may carry an offset or be a date
        TestDb.execute("UPDATE statement SET updated_at = '2020-01-01 00:00:00+00' WHERE id = '" + y2024 + "'");
        TestDb.execute("UPDATE statement SET updated_at = '2024-06-01 12:00:00+00' WHERE id = '" + y2025 + "'");
        assertThat(ids(a, Map.of("filter[updated_since]", "2024-06-01T12:00:00Z"))).containsExactly(y2025, y2026a, y2026b);
        assertThat(ids(a, Map.of("filter[updated_since]", "2024-06-01T13:00:00+01:00"))).containsExactly(y2025, y2026a, y2026b);
        assertThat(ids(a, Map.of("filter[updated_since]", "2024-06-01T12:00:01Z"))).containsExactly(y2026a, y2026b);
        assertThat(ids(a, Map.of("filter[updated_since]", "2021-01-01"))).containsExactly(y2025, y2026a, y2026b);
        assertThat(ids(a, Map.of("filter[updated_since]", "2021-01-01T00:00:00Z", "filter[cohort]", "2024,2025"))).containsExactly(y2025);

        as(a).queryParam("filter[updated_since]", "yesterday").get("/api/v3/statements").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors", hasSize(1)).body("errors[0].title", equalTo("Bad request"))
                .body("errors[0].detail", equalTo(UPDATED_SINCE_ERROR));
        as(a).queryParam("filter", "2025").get("/api/v3/statements").then().statusCode(400)
                .body("errors[0].title", equalTo("Bad request")).body("errors[0].detail", equalTo("'#/filter' is not a valid field"));
    }

    @Test
    void pagesAsTheDfeDoes() {
        String a = UUID.randomUUID().toString();
        List<String> rows = new ArrayList<>();
        for (int month = 1; month <= 5; month++) {
            rows.add(a + ",2025a,2026," + month + ",2026-0" + month + "-01,2026-0" + month + "-20,true,open");
        }
        arrange(rows.toArray(String[]::new));
        List<String> all = ids(a);
        assertThat(all).hasSize(5);
        for (int month = 1; month <= 5; month++) assertThat(all.get(month - 1)).isEqualTo(id(a, "2025a", 2026, month));

        assertThat(ids(a, Map.of("page[per_page]", 2))).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(ids(a, Map.of("page[per_page]", 2, "page[page]", 2))).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(ids(a, Map.of("page[per_page]", 2, "page[page]", 3))).containsExactlyElementsOf(all.subList(4, 5));
        assertThat(ids(a, Map.of("page[per_page]", 2, "page[page]", 4))).isEmpty();
        assertThat(ids(a, Map.of("page[per_page]", 5000))).containsExactlyElementsOf(all); // silently capped at 3000
        assertThat(ids(a, Map.of("page[page]", Integer.MAX_VALUE, "page[per_page]", 3000))).isEmpty();

        for (String[] bad : List.of(new String[] {"page[page]", "0"}, new String[] {"page[page]", "-1"}, new String[] {"page[page]", "abc"},
                new String[] {"page[per_page]", "0"}, new String[] {"page[per_page]", "1.5"}, new String[] {"page[page]", "99999999999"})) {
            as(a).queryParam(bad[0], bad[1]).get("/api/v3/statements").then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors[0].title", equalTo("Bad request")).body("errors[0].detail", equalTo(PAGE_ERROR));
        }
    }

    @Test
    void onlyALeadProviderWithItsIdInTheTokenMayRead() {
        String a = UUID.randomUUID().toString();
        arrange(a + ",2026b,2026,12,2026-11-25,2026-12-25,true,open");
        String statement = id(a, "2026b", 2026, 12);
        for (String path : List.of("/api/v3/statements", "/api/v3/statements/" + statement)) {
            given().filter(CONTRACT).get(path).then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .body("errors[0].detail", equalTo("HTTP Token: Access denied"));
            given().filter(CONTRACT).header("Authorization", "Bearer not-a-token").get(path).then().statusCode(401);
            for (String role : List.of("admin", "finance", "reporting", "delivery-partner", "participant", "marker")) {
                // even with a lead provider's id in the token, another role does not read its statements
                String token = TestTokens.token(role + "-" + UUID.randomUUID(), List.of(role), Map.of("lead_provider_id", a));
                with("Bearer " + token).get(path).then().statusCode(403).contentType(startsWith("application/problem+json"));
            }
            String noTenant = TestTokens.token("lp-without-id", List.of("lead-provider"), Map.of());
            with("Bearer " + noTenant).get(path).then().statusCode(403).contentType(startsWith("application/problem+json"))
                    .body("errors[0].detail", equalTo("Your token names no lead provider"));
            as(a).get(path).then().statusCode(200);
        }
    }

    /**
     * Garbage in a parameter is refused as a problem (or, for filter[cohort], matches nothing, as in the DfE API), never a
     * 500; a NUL character in any parameter, read or ignored, is a 400 naming it (platform NulBytes).
     */
    @Test
    void aNulByteOrGarbageInAnyParameterIsAProblemNeverAServerError() throws IOException {
        String a = UUID.randomUUID().toString();
        arrange(a + ",2026b,2026,12,2026-11-25,2026-12-25,true,open");
        String statement = id(a, "2026b", 2026, 12);
        List<String> garbage = List.of("\u0000", "2026\u0000", "\u0000\u0000\u0000", "' OR '1'='1", "%", "%00", "\uD83D\uDCA5", "[]", "{}",
                "2026-01-01T00:00:00Z\u0000", "\\", "-", "9".repeat(400), "\u202E2026");
        for (String value : garbage) {
            boolean nul = value.indexOf('\u0000') >= 0;
            for (String parameter : List.of("page[page]", "page[per_page]", "filter[updated_since]", "filter[cohort]")) {
                as(a).queryParam(parameter, value).get("/api/v3/statements").then().statusCode(400)
                        .contentType(startsWith("application/problem+json")).body("errors[0].title", equalTo(nul ? parameter : "Bad request"));
            }
            // parameters the DfE statements endpoint does not read are ignored, as there (unless they hold a NUL); the
            // single statement reads none
            for (String ignored : List.of("sort", "filter[participant_id]", "page[cursor]", "filter[training_status]")) {
                if (nul) {
                    as(a).queryParam(ignored, value).get("/api/v3/statements").then().statusCode(400)
                            .contentType(startsWith("application/problem+json")).body("errors[0].title", equalTo(ignored));
                } else {
                    as(a).queryParam(ignored, value).get("/api/v3/statements").then().statusCode(200).body("data", hasSize(1));
                }
            }
            as(a).queryParam("x\u0000", value).get("/api/v3/statements").then().statusCode(400).body("errors[0].title", equalTo("x\\u0000"));
            as(a).queryParam("filter[cohort]", value).get("/api/v3/statements/" + statement).then().statusCode(nul ? 400 : 200);
            as(a).urlEncodingEnabled(false).get("/api/v3/statements/" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                    .then().statusCode(nul ? 400 : 404).contentType(startsWith("application/problem+json"));
        }
        // escapes no client library sends, so they go over a socket: a malformed one is refused by the HTTP server with
        // a bare 400 before the application sees the request; bytes that are no UTF-8 arrive as U+FFFD, and are garbage
        String token = TestTokens.leadProvider(a);
        for (String parameter : List.of("page[page]", "page[per_page]", "filter[updated_since]", "filter[cohort]")) {
            for (String malformed : List.of("%zz", "%", "%0", "2026%")) {
                assertThat(rawGet("/api/v3/statements?" + parameter + "=" + malformed, token)).as(parameter + "=" + malformed)
                        .startsWith("HTTP/1.1 400 ");
            }
            for (String notUtf8 : List.of("%C0%80", "%FF%FE", "%E2%82", "2026%80")) {
                String response = rawGet("/api/v3/statements?" + parameter + "=" + notUtf8, token);
                assertThat(response).as(parameter + "=" + notUtf8).startsWith("HTTP/1.1 400 ")
                        .containsIgnoringCase("\r\ncontent-type: application/problem+json");
            }
        }
    }

    /** The response to a GET whose request line is sent byte for byte as given. */
    static String rawGet(String target, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Each form of the list query reads its page in order from index statement_v3_list, without sorting. */
    @Test
    void theListIsReadInOrderFromItsIndex() throws SQLException {
        String a = UUID.randomUUID().toString();
        arrange(a + ",2025a,2026,3,2026-02-23,2026-03-25,true,open", a + ",2026b,2026,9,2026-08-26,2026-09-25,true,open");
        for (boolean byCohort : List.of(false, true)) {
            for (boolean bySince : List.of(false, true)) {
                String sql = LeadProviderStatements.listSql(byCohort, bySince).replace(":lp", "'" + a + "'")
                        .replace(":years", "2025, 2026").replace(":since", "'2021-01-01T00:00:00Z'")
                        .replace(":limit", "100").replace(":offset", "0");
                assertThat(plan(sql)).as(sql).contains("statement_v3_list").doesNotContain("Sort").doesNotContain("Seq Scan");
            }
        }
    }

    /** The plan PostgreSQL chooses when it may not scan a whole table (the tables are tiny here). */
    String plan(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try (ResultSet r = s.executeQuery("EXPLAIN " + sql)) {
                StringBuilder plan = new StringBuilder();
                while (r.next()) plan.append(r.getString(1)).append('\n');
                return plan.toString();
            } finally {
                s.execute("RESET enable_seqscan");
            }
        }
    }
}
