package uk.npq.platform.it;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server in the place of funding-service's introspection endpoint (whose own behaviour funding's tests
 * cover), answering fixed verdicts per token, so the platform's HTTP verifier, mechanism and mappers are tested over the
 * wire: the key it sends, the identity it builds, 401, 429, 503 and the RateLimit fields.
 */
public class IntrospectionStandIn implements QuarkusTestResourceLifecycleManager {
    static final String KEY = "platform-test-introspection-key";
    static final String LEAD_PROVIDER = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a00aa";
    /** What each call carried: "key|token". */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/introspect", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = body.startsWith("token=") ? URLDecoder.decode(body.substring(6), StandardCharsets.UTF_8) : "";
            String key = exchange.getRequestHeaders().getFirst("X-NPQ-Introspection-Key");
            CALLS.add(key + "|" + token);
            int status = 200;
            String answer;
            if (!KEY.equals(key)) {
                status = 401;
                answer = "{}";
            } else {
                answer = switch (token) {
                    case "npq_active" -> "{\"active\":true,\"token_id\":\"0b6c8f7e-1111-4c5d-9e2f-000000000001\",\"lead_provider_id\":\""
                            + LEAD_PROVIDER + "\",\"rate_limit\":{\"limit\":1000,\"window_seconds\":300,\"remaining\":7,\"reset_seconds\":42,\"exceeded\":false}}";
                    case "npq_limited" -> "{\"active\":true,\"token_id\":\"0b6c8f7e-1111-4c5d-9e2f-000000000002\",\"lead_provider_id\":\""
                            + LEAD_PROVIDER + "\",\"rate_limit\":{\"limit\":1000,\"window_seconds\":300,\"remaining\":0,\"reset_seconds\":42,\"exceeded\":true}}";
                    case "npq_broken" -> null;
                    default -> "{\"active\":false}";
                };
                if (answer == null) {
                    status = 500;
                    answer = "oops";
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("npq.api-tokens.introspection-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/introspect",
                "npq.api-tokens.introspection-key", KEY);
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }
}
