package uk.npq.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a response body is what a service's contract (contracts/openapi/SERVICE/openapi.yaml, on the
 * classpath as openapi/SERVICE/openapi.yaml from the npq-contracts jar) documents for the operation and status,
 * so a test fails when code and contract drift apart:
 * <pre>{@code
 * var r = given().auth().oauth2(token).get("/api/v3/npq-applications/" + id);
 * ContractValidator.forService("registration-service").assertResponse("GET", "/api/v3/npq-applications/" + id, r);
 * }</pre>
 * Schemas are read with the OpenAPI 3.0 rules (nullable, formats such as uuid and date-time are checked).
 */
public final class ContractValidator {
    private static final Map<String, ContractValidator> BY_SERVICE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final String iri;
    final JsonNode document;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ContractValidator(String service, String yaml) {
        this.service = service;
        // the IRI only names the document for $ref resolution; nothing is fetched (the text is handed over)
        this.iri = "npq-contract:" + service + "/openapi.yaml";
        try {
            this.document = new YAMLMapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(service + ": the contract is not YAML", e);
        }
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b
                .metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(iri, yaml))));
    }

    /** The contract of {@code service} (e.g. "registration-service"), read once from the classpath. */
    public static ContractValidator forService(String service) {
        return BY_SERVICE.computeIfAbsent(service, s -> new ContractValidator(s, read("openapi/" + s + "/openapi.yaml")));
    }

    /** A validator of a document given as text: for tests of this class and of documents not yet in a jar. */
    public static ContractValidator of(String name, String yaml) {
        return new ContractValidator(name, yaml);
    }

    /**
     * A RestAssured filter that checks every response to a request under {@code /api/} against the contract
     * (the undocumented path, method or status fails too): register it with {@code RestAssured.filters(...)}
     * so that every response a module's tests see is a contract test.
     */
    public io.restassured.filter.Filter filter() {
        return (request, response, ctx) -> {
            io.restassured.response.Response r = ctx.next(request, response);
            String path = java.net.URI.create(request.getURI()).getRawPath();
            if (path.startsWith("/api/")) {
                assertResponse(request.getMethod(), path, r.statusCode(), r.contentType(), r.asString());
            }
            return r;
        };
    }

    /** Fails unless a RestAssured response (status, content type, body) matches the contract for the request. */
    public void assertResponse(String method, String path, io.restassured.response.Response response) {
        assertResponse(method, path, response.statusCode(), response.contentType(), response.asString());
    }

    /** Fails unless {@code body} is what the contract documents for {@code method path} answering {@code status}. */
    public void assertResponse(String method, String path, int status, String body) {
        assertResponse(method, path, status, null, body);
    }

    public void assertResponse(String method, String path, int status, String contentType, String body) {
        List<String> problems = validate(method, path, status, contentType, body);
        if (!problems.isEmpty()) {
            throw new AssertionError(service + " " + method.toUpperCase(Locale.ROOT) + " " + path + " " + status
                    + ": the response does not match the contract\n  - " + String.join("\n  - ", problems)
                    + "\nbody: " + abbreviate(body));
        }
    }

    /** What is wrong with the response: empty when it matches the contract. */
    public List<String> validate(String method, String path, int status, String contentType, String body) {
        String verb = method.toLowerCase(Locale.ROOT);
        String template = template(stripQuery(path))
                .orElseThrow(() -> new AssertionError(service + ": no documented path matches " + path));
        JsonNode operation = document.path("paths").path(template).path(verb);
        if (operation.isMissingNode()) throw new AssertionError(service + ": " + verb.toUpperCase(Locale.ROOT) + " " + template + " is not documented");
        String pointer = "/paths/" + escape(template) + "/" + verb + "/responses/" + status;
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            throw new AssertionError(service + ": " + verb.toUpperCase(Locale.ROOT) + " " + template + " documents no " + status
                    + " response (documented: " + iterable(operation.path("responses").fieldNames()) + ")");
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isBlank() ? List.of() : List.of("no body is documented, but one was sent");
        }
        String mediaType = mediaType(content, contentType);
        if (!mediaType.contains("json")) { // a CSV or text document: its media type is documented, its body is the service's own text
            return body == null || body.isEmpty() ? List.of("the body is empty") : List.of();
        }
        JsonNode schemaNode = content.path(mediaType).path("schema");
        String location = schemaNode.has("$ref") ? schemaNode.get("$ref").asText()
                : "#" + pointer + "/content/" + escape(mediaType) + "/schema";
        JsonNode instance;
        try {
            instance = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return List.of("the body is not JSON: " + e.getOriginalMessage());
        }
        if (instance == null || instance.isMissingNode()) return List.of("the body is empty");
        JsonSchema schema = schemas.computeIfAbsent(location,
                l -> factory.getSchema(SchemaLocation.of(iri + l), SchemaValidatorsConfig.builder().build()));
        return schema.validate(instance).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The documented path template that matches a concrete path, preferring the most literal one. */
    Optional<String> template(String path) {
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            String[] want = candidate.split("/", -1), got = path.split("/", -1);
            if (want.length != got.length) continue;
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < want.length && matches; i++) {
                if (want[i].startsWith("{") && want[i].endsWith("}")) matches = !got[i].isEmpty();
                else if (want[i].equals(got[i])) literals++;
                else matches = false;
            }
            if (matches && literals > bestLiterals) {
                best = candidate;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private String mediaType(JsonNode content, String contentType) {
        if (contentType != null && !contentType.isBlank()) {
            String bare = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (content.has(bare)) return bare;
            throw new AssertionError(service + ": content type " + bare + " is not documented (documented: "
                    + iterable(content.fieldNames()) + ")");
        }
        return content.fieldNames().next();
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** A JSON pointer token inside a URI fragment. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static String abbreviate(String body) {
        if (body == null) return "(none)";
        return body.length() <= 2000 ? body : body.substring(0, 2000) + "... (" + body.length() + " characters)";
    }

    private static String read(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = ContractValidator.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the classpath: depend on npq-contracts");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
