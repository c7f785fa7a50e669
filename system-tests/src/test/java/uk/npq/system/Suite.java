package uk.npq.system;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The running local suite, as its users reach it: through the edge, with tokens from Keycloak. */
final class Suite {
    static final String EDGE = env("NPQ_EDGE_URL", "http://127.0.0.1:8080");
    static final String KEYCLOAK = env("NPQ_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String KAFKA = env("NPQ_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final String REGISTRY = env("NPQ_REGISTRY_URL", "http://127.0.0.1:8085/apis/registry/v3");
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Suite() {}

    /** A client-credentials access token for one of realm npq's clients (secret: "<client>-secret"). */
    static String token(String client) {
        return TOKENS.computeIfAbsent(client, c -> given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", c)
                .formParam("client_secret", c + "-secret")
                .post(KEYCLOAK + "/realms/npq/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token"));
    }

    static RequestSpecification as(String client) {
        return given().baseUri(EDGE).auth().oauth2(token(client));
    }

    static RequestSpecification anonymous() {
        return given().baseUri(EDGE);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
