package uk.npq.platform.security.apitoken;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the tokens' owner (funding-service's introspection endpoint, RFC 7662 in spirit: the token as a form field, the
 * answer as JSON) on every request. The call is authenticated with the shared introspection key and bounded by a
 * timeout; an owner that cannot answer gives 503, not 401. Replaced in funding-service, which answers in process.
 */
@DefaultBean
@ApplicationScoped
public class HttpApiTokenVerifier implements ApiTokenVerifier {
    public static final String KEY_HEADER = "X-NPQ-Introspection-Key";

    @ConfigProperty(name = "npq.api-tokens.introspection-url") String url;
    @ConfigProperty(name = "npq.api-tokens.introspection-key") String key;
    @ConfigProperty(name = "npq.api-tokens.introspection-timeout", defaultValue = "PT2S") Duration timeout;
    @Inject ObjectMapper json;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public ApiTokenVerdict verify(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header(KEY_HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw ApiTokenFailures.checkUnavailable("API token introspection answered " + response.statusCode(), null);
            }
            return json.readValue(response.body(), ApiTokenVerdict.class);
        } catch (IOException e) {
            throw ApiTokenFailures.checkUnavailable("API token introspection failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiTokenFailures.checkUnavailable("API token introspection interrupted", e);
        }
    }
}
