package uk.npq.platform.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quarkus test resource: the stand-in Teacher Record System, WireMock in this JVM on a free loopback port,
 * serving the same mappings as the local suite ({@code deploy/trs-stand-in}). Started once per JVM and
 * stopped by a shutdown hook; gives the application {@code npq.trs.url}.
 * Register it with {@code @QuarkusTestResource(value = TrsStandIn.class, restrictToAnnotatedClass = false)}.
 *
 * <p>Quarkus loads test resources in a new class loader on every app restart, so the running server's URL
 * is published through a system property and picked up again instead of restarted (as {@link SharedInfra}).
 * The static helpers speak WireMock's admin API, so they work from any class loader.
 */
public class TrsStandIn implements QuarkusTestResourceLifecycleManager {
    /** The directory, below the project root, that holds {@code mappings/} and {@code __files/}. */
    public static final String STAND_IN_DIR = "deploy/trs-stand-in";
    private static final String PROPERTY = "npq.test.trs-stand-in";
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final HttpClient ADMIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public Map<String, String> start() {
        return Map.of("npq.trs.url", url());
    }

    @Override
    public void stop() {
        // kept for the whole JVM: Quarkus restarts the app (and calls stop) on every @TestProfile change
    }

    /** The base URL of the running stand-in, starting it on first use. */
    public static synchronized String url() {
        String running = System.getProperty(PROPERTY);
        if (running != null) return running;
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .usingFilesUnderDirectory(standInDir().toString())
                .notifier(new ConsoleNotifier(false)));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "npq-trs-stand-in-stop"));
        String url = "http://127.0.0.1:" + server.port();
        System.setProperty(PROPERTY, url);
        return url;
    }

    /** Every scenario (the flaky and slow TRNs, pending TRN requests) back to its first state. */
    public static void resetScenarios() {
        admin("POST", "/__admin/scenarios/reset", "");
    }

    /** Forgets the requests received so far (the mappings stay). */
    public static void resetRequests() {
        admin("DELETE", "/__admin/requests", "");
    }

    /** How many requests with this method and exact path (no query) the stand-in has received. */
    public static int requestCount(String method, String path) {
        String body = admin("POST", "/__admin/requests/count",
                "{\"method\":\"" + method + "\",\"urlPath\":\"" + path + "\"}");
        Matcher m = COUNT.matcher(body);
        if (!m.find()) throw new IllegalStateException("unexpected answer from the stand-in's admin API: " + body);
        return Integer.parseInt(m.group(1));
    }

    private static String admin(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = ADMIN.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    /**
     * deploy/trs-stand-in of the project: below {@code npq.project.root} (the build sets it), else the first
     * directory above the working directory (the module's basedir under Maven) that has it.
     */
    static Path standInDir() {
        String root = System.getProperty("npq.project.root");
        if (root != null && Files.isDirectory(Path.of(root, STAND_IN_DIR, "mappings"))) {
            return Path.of(root, STAND_IN_DIR).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(STAND_IN_DIR).resolve("mappings"))) return dir.resolve(STAND_IN_DIR);
        }
        throw new IllegalStateException(STAND_IN_DIR + "/mappings not found above " + Path.of("").toAbsolutePath()
                + ": run the tests from the project (./mvnw)");
    }
}
