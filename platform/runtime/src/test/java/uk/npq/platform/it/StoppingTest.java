package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import uk.npq.platform.lifecycle.Stopping;

/**
 * Once a service is told to stop, a new request is a 503 problem with Retry-After and Connection: close, so
 * Quarkus's graceful shutdown sees the requests in flight finish instead of an endless stream of new ones (deploy/faults,
 * fault "sigterm"); before that, requests are served as ever.
 */
@QuarkusTest
class StoppingTest {

    @Test
    void aStoppingServiceAnswersNewRequests503WithRetryAfterAndClosesTheConnection() {
        given().contentType("application/json").body("{\"a\":1}").post("/test/bodies").then().statusCode(200);
        Stopping.set(true);
        try {
            given().contentType("application/json").body("{\"a\":1}").post("/test/bodies").then().statusCode(503)
                    .header("Content-Type", startsWith("application/problem+json"))
                    .header("Retry-After", "1")
                    .header("Connection", "close")
                    .body("status", equalTo(503));
        } finally {
            Stopping.set(false);
        }
        given().contentType("application/json").body("{\"a\":1}").post("/test/bodies").then().statusCode(200);
    }
}
