package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.npq.platform.rest.SmallBodies;

/**
 * {@link SmallBodies}: a small JSON body reaches its (blocking) endpoint already read on the event loop, with the same bytes;
 * a large one, and any other media type (the streamed imports), is read from the stream as before.
 */
@QuarkusTest
class SmallBodiesTest {
    @Path("/test/bodies")
    public static class BodiesResource {
        @POST
        @PermitAll
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> json(String body, RoutingContext rc) {
            return Map.of("buffered", rc.body().buffer() != null, "length", body.length(), "body", body);
        }

        @POST
        @Path("/ndjson")
        @PermitAll
        @Consumes("application/x-ndjson")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> ndjson(String body, RoutingContext rc) {
            return Map.of("buffered", rc.body().buffer() != null, "length", body.length(), "body", body);
        }
    }

    @Test
    void aSmallJsonBodyIsReadBeforeTheEndpointWithTheSameCharacters() {
        String body = "{\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"Łódź – café ✓\"}}}";
        given().contentType("application/json; charset=UTF-8").body(body).post("/test/bodies").then().statusCode(200)
                .body("buffered", equalTo(true)).body("body", equalTo(body));
    }

    @Test
    void aLargeBodyIsStreamedAsBefore() {
        String body = "{\"pad\":\"" + "x".repeat((int) SmallBodies.MAX_BYTES) + "\"}";
        given().contentType("application/json").body(body).post("/test/bodies").then().statusCode(200)
                .body("buffered", equalTo(false)).body("length", equalTo(body.length()));
    }

    @Test
    void anotherMediaTypeIsStreamedAsBefore() {
        String body = "{\"row\":1}\n{\"row\":2}\n";
        given().contentType("application/x-ndjson").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/test/bodies/ndjson").then().statusCode(200)
                .body("buffered", equalTo(false)).body("body", equalTo(body));
    }
}
