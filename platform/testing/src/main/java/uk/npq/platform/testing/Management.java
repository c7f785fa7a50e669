package uk.npq.platform.testing;

import static io.restassured.RestAssured.given;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The management interface of the service under test ({@code /q/health}, {@code /q/metrics}: no token, a port of its own,
 * random in tests), and reading its Prometheus scrape.
 */
public final class Management {
    private Management() {}

    /** The management interface's actual port in this test run. */
    public static int port() {
        return Arc.container().instance(HttpServer.class).get().getManagementPort();
    }

    /** A request to the management interface, without any credentials. */
    public static RequestSpecification request() {
        return given().port(port()).auth().none();
    }

    /** The current Prometheus scrape (text format). */
    public static String scrape() {
        return request().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The value of the sample {@code name} whose labels include every {@code label="value"} pair given (null when there is
     * none), from a scrape.
     */
    public static Double sample(String scrape, String name, String... labels) {
        // a sample may carry an exemplar (the trace it was counted in) or a timestamp after its value
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)( .*)?$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        while (m.find()) {
            String set = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String l : labels) all &= set.contains(l);
            if (all) return Double.valueOf(m.group(2));
        }
        return null;
    }
}
