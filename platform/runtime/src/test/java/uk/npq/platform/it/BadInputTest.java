package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/**
 * Bad input is a clear 4xx problem+json that changes nothing, decided once in the platform: a NUL character in a
 * parameter or body string (400 naming it; PostgreSQL would fail the statement, a 500), a JSON value of the wrong
 * type (422 naming it; Jackson would coerce it), a body in a media type the endpoint does not read (415), and the
 * DfE's {@code error} member on 401 and 404.
 */
@QuarkusTest
class BadInputTest {
    static final String VALID = "{\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"pages\":1,\"written_on\":\"2026-01-05\"}}}";
    long notes, events;

    @BeforeEach
    void count() {
        notes = TestDb.count("SELECT count(*) FROM note");
        events = TestDb.count("SELECT count(*) FROM outbox_event");
    }

    @AfterEach
    void nothingWritten() {
        assertThat(TestDb.count("SELECT count(*) FROM note")).as("notes written").isEqualTo(notes);
        assertThat(TestDb.count("SELECT count(*) FROM outbox_event")).as("events written").isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/test/notes?filter[title]=%00             | filter[title]",
        "/test/notes?filter[title]=abc%00def       | filter[title]",
        "/test/notes?filter[title]=a&other=%00     | other",
        "/test/notes?filter[ti%00tle]=a            | filter[ti\\u0000tle]",
        "/test/notes/titled/a%00b                  | title",
        "/test/notes/%00                           | id",
    })
    @TestSecurity(user = "admin-1", roles = "admin")
    void aNulInAnyParameterIs400NamingIt(String uri, String parameter) {
        given().urlEncodingEnabled(false).get(uri).then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors[0].title", equalTo(parameter))
                .body("errors[0].detail", equalTo("The '#/" + parameter + "' parameter must not contain the NUL character (0x00)"));
    }

    @Test
    void aNulParameterWithoutATokenIsStill401() {
        given().urlEncodingEnabled(false).get("/test/notes?filter[title]=%00").then().statusCode(401);
    }

    /** The HTTP server refuses a NUL in a header itself (a bare 400) before any code runs: nothing is written. */
    @Test
    void aNulInAHeaderIsRefusedBeforeAnyCode() throws Exception {
        String answer = raw("POST /test/notes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.token("admin-1", List.of("admin"), Map.of()) + "\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: a\u0000b\r\nContent-Length: " + VALID.length() + "\r\nConnection: close\r\n\r\n" + VALID);
        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    private static String raw(String request) throws Exception {
        try (var socket = new java.net.Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The HTTP layer refuses a URI it cannot decode before any resource (a bare 400, no body): never a 500. */
    @Test
    void aMalformedEscapeInAParameterIs400() throws Exception {
        // no client library sends this, so it is written by hand
        String token = TestTokens.token("admin-1", List.of("admin"), Map.of());
        try (var socket = new java.net.Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.getOutputStream().write(("GET /test/notes?filter[title]=%zz HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "title        | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\\u0000y\",\"pages\":1,\"written_on\":\"2026-01-05\"}}}",
        "tags         | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"pages\":1,\"written_on\":\"2026-01-05\",\"tags\":[\"a\",\"\\u0000\"]}}}",
        "n            | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"pages\":1,\"written_on\":\"2026-01-05\",\"score\":{\"n\":\"\\u0000\"}}}}",
        "n\\u0000     | {\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"x\",\"pages\":1,\"written_on\":\"2026-01-05\",\"n\\u0000\":1}}}",
        "type         | {\"data\":{\"type\":\"note\\u0000\",\"attributes\":{\"title\":\"x\",\"pages\":1,\"written_on\":\"2026-01-05\"}}}",
    })
    @TestSecurity(user = "admin-1", roles = "admin")
    void aNulInAnyBodyStringIs400NamingTheAttribute(String attribute, String body) {
        given().contentType("application/json").body(body).post("/test/notes").then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].title", equalTo(attribute))
                .body("errors[0].detail", equalTo("'#/" + attribute + "' must not contain the NUL character (0x00)"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "title       | 12                       | a string",
        "title       | 1.5                      | a string",
        "title       | true                     | a string",
        "title       | {}                       | a string",
        "title       | []                       | a string",
        "pages       | \"12\"                   | a whole number",
        "pages       | 1.5                      | a whole number",
        "pages       | true                     | a whole number",
        "pages       | \"\"                     | a whole number",
        "starred     | -1                       | true or false",
        "starred     | 0                        | true or false",
        "starred     | \"true\"                 | true or false",
        "written_on  | 0                        | a date in the format YYYY-MM-DD",
        "written_on  | [2026,1,5]               | a date in the format YYYY-MM-DD",
        "written_on  | \"2026-01-05T00:00:00Z\" | a date in the format YYYY-MM-DD",
        "written_on  | \"\"                     | a date in the format YYYY-MM-DD",
        "reviewed_at | 86400                    | an RFC 3339 date and time",
        "reviewed_at | 86400.5                  | an RFC 3339 date and time",
        "tags        | \"a\"                    | a list",
        "tags        | [1]                      | a string",
    })
    @TestSecurity(user = "admin-1", roles = "admin")
    void aValueOfTheWrongJsonTypeIs422NamingTheAttribute(String attribute, String value, String expected) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>(Map.of("title", "\"x\"", "pages", "1", "written_on", "\"2026-01-05\""));
        attributes.put(attribute, value);
        String body = "{\"data\":{\"type\":\"note\",\"attributes\":{" + attributes.entrySet().stream()
                .map(a -> "\"" + a.getKey() + "\":" + a.getValue()).collect(java.util.stream.Collectors.joining(",")) + "}}}";
        given().contentType("application/json").body(body).post("/test/notes").then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("errors.title", hasItem(attribute))
                .body("errors[0].detail", equalTo("'#/" + attribute + "' must be " + expected + "."));
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void anAttributeTypedObjectOnPurposeTakesANumberOrAString() {
        long before = TestDb.count("SELECT count(*) FROM note");
        for (String score : List.of("12", "\"12.50\"")) {
            given().contentType("application/json").body(VALID.replace("\"pages\":1", "\"pages\":1,\"score\":" + score))
                    .post("/test/notes").then().statusCode(200);
        }
        // and the right types are still read: a string, a whole number, a date, an RFC 3339 instant, a boolean
        given().contentType("application/json").body(VALID.replace("\"pages\":1",
                        "\"pages\":1,\"starred\":false,\"reviewed_at\":\"2026-01-05T10:00:00Z\",\"tags\":[\"a\"]"))
                .post("/test/notes").then().statusCode(200);
        assertThat(TestDb.count("SELECT count(*) FROM note")).isEqualTo(before + 3);
        notes += 3;
        events += 3;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"text/plain", "text/csv", "application/xml", "application/x-www-form-urlencoded"})
    @TestSecurity(user = "admin-1", roles = "admin")
    void jsonInAnotherMediaTypeIs415(String mediaType) {
        given().contentType(mediaType).body(VALID).post("/test/notes").then()
                .statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(415))
                .body("errors[0].title", equalTo("Unsupported media type"));
    }

    @Test
    void jsonWithoutAContentTypeIs415() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/notes")).POST(HttpRequest.BodyPublishers.ofString(VALID)));
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("none was given");
    }

    @Test
    void aPostWithoutABodyNeedsNoContentType() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/notes/touch")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void jsonWithACharsetIsRead() {
        given().contentType("application/json; charset=utf-8").body(VALID).post("/test/notes").then().statusCode(200);
        notes++;
        events++;
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void csvEndpointsKeepTakingCsvAndPlainTextButNotJson() {
        String csv = "title,pages,written_on\nfrom csv,3,2026-02-01\n";
        given().contentType("text/csv").body(csv).post("/test/notes/csv").then().statusCode(200).body("created", equalTo(1));
        given().contentType("text/plain").body(csv).post("/test/notes/csv").then().statusCode(200).body("created", equalTo(1));
        notes += 2;
        events += 2;
        given().contentType("application/json").body(csv).post("/test/notes/csv").then()
                .statusCode(415).contentType(startsWith("application/problem+json"))
                .body("errors[0].title", equalTo("Unsupported media type"));
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void aNulInACsvUploadIs400NamingTheLine() {
        given().contentType("text/csv").body("title,pages,written_on\nfine,3,2026-02-01\nbad\u0000,3,2026-02-01\n")
                .post("/test/notes/csv").then()
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].title", equalTo("line 3"));
    }

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void a404CarriesTheDfeErrorMember() {
        given().get("/test/notes/" + java.util.UUID.randomUUID()).then()
                .statusCode(404).contentType(startsWith("application/problem+json"))
                .body("error", equalTo("Resource not found")).body("errors[0].title", equalTo("Resource not found"));
        given().get("/test/notes/not-a-uuid").then().statusCode(404).body("error", equalTo("Resource not found"));
        // a path that no resource serves, too
        given().get("/test/nothing-here").then()
                .statusCode(404).contentType(startsWith("application/problem+json"))
                .body("error", equalTo("Resource not found"));
    }

    @Test
    void a401CarriesTheDfeErrorMember() {
        given().get("/test/notes/whoami").then()
                .statusCode(401).contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("HTTP Token: Access denied"))
                .body("errors[0].detail", equalTo("HTTP Token: Access denied"));
        given().auth().oauth2("not-a-token").get("/test/notes/whoami").then()
                .statusCode(401).body("error", equalTo("HTTP Token: Access denied"));
    }

    private static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String token = TestTokens.token("admin-1", List.of("admin"), Map.of());
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
