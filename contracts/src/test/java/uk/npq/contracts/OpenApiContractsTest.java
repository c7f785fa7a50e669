package uk.npq.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each service's contract: one document without duplicate keys, bearer-secured, every operation documents 400, 401 and
 * 403 as problems (any parameter may be refused: a NUL character in one is a 400), 429 and 503 (a lead provider's API token
 * may be over its rate limit, or its check unavailable), every operation that takes a body
 * documents 415 (a body in a media type it does not read), and the Problem schema has the DfE's {@code error} member.
 */
class OpenApiContractsTest {
    static final List<String> SERVICES = List.of("registration-service", "funding-service", "engagement-service", "assessment-service");

    @TestFactory
    Stream<DynamicTest> everyOperationIsSecuredAndAnswersProblems() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        // a path or key written twice is an error, not "the last one wins"
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (String service : SERVICES) {
            JsonNode doc = yaml.readTree(Files.readString(Path.of("openapi", service, "openapi.yaml")));
            assertThat(doc.path("openapi").asText()).startsWith("3.");
            assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
            assertThat(doc.path("security").get(0).has("bearer")).isTrue();
            assertThat(doc.at("/components/schemas/Problem/properties/error/type").asText()).as(service + " Problem.error").isEqualTo("string");
            doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                    tests.add(DynamicTest.dynamicTest(service + " " + op.getKey() + " " + path.getKey(), () -> {
                        JsonNode responses = op.getValue().path("responses");
                        assertThat(responses.has("401")).as("documents 401").isTrue();
                        assertThat(responses.has("403")).as("documents 403").isTrue();
                        assertThat(responses.path("401").path("$ref").asText()).isEqualTo("#/components/responses/Problem");
                        assertThat(responses.path("400").path("$ref").asText()).as("documents 400").isEqualTo("#/components/responses/Problem");
                        // any caller holding a lead provider's API token may be over its rate limit, or find the token check unavailable
                        assertThat(responses.path("429").path("$ref").asText()).as("documents 429").isEqualTo("#/components/responses/Problem");
                        assertThat(responses.path("503").path("$ref").asText()).as("documents 503").isEqualTo("#/components/responses/Problem");
                        if (op.getValue().has("requestBody")) {
                            assertThat(responses.path("415").path("$ref").asText()).as("documents 415").isEqualTo("#/components/responses/Problem");
                        }
                    }))));
        }
        return tests.stream();
    }
}
