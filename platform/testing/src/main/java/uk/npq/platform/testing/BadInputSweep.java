package uk.npq.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A generated bad-input sweep of a service, from its contract (contracts/openapi/SERVICE/openapi.yaml): for every
 * documented operation it sends requests that are wrong in one way each, and requires every answer to be a 4xx
 * application/problem+json (never a 5xx) that the contract documents for the operation, that names what is wrong
 * where the platform can know it, and that wrote nothing (no row of the service's schema inserted or deleted, the
 * outbox included). The bad requests:
 * <ul>
 * <li>a NUL character (0x00) in each query parameter (documented or not), in a parameter's name and in each path
 * parameter: 400 naming it; in each header parameter: 400 (the HTTP server's own, without a body);</li>
 * <li>a text where a documented query parameter is an integer: 400 or 422;</li>
 * <li>for a JSON body, built valid-typed from its schema: every JSON type the schema does not allow, in turn, at every
 * attribute (nested and in list items too): 422 naming the attribute (400 for the envelope itself); a NUL in every
 * string and in an attribute's name: 400 naming it; malformed JSON and a body that is not the envelope: 400;</li>
 * <li>a body in a media type the operation does not read, or with none: 415; a CSV upload holding a NUL: 400.</li>
 * </ul>
 * Each request carries a token with the roles the serving resource method allows ({@code @RolesAllowed}, read from the
 * running service) and the tenant claims of those roles, so it gets past authorisation. Path ids are random (no such
 * record), so a 404 to a bad body means the body was read and taken: input must be checked before records are looked
 * up. Use it from one {@code @QuarkusTest} per service:
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> badInputIsA4xxProblemThatWritesNothing() {
 *     return BadInputSweep.forService("funding-service").tests();
 * }
 * }</pre>
 */
public final class BadInputSweep {
    static final String NUL = "a\u0000b";
    static final String LEAD_PROVIDER_ID = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String DELIVERY_PARTNER_ID = "5c2e8d41-7b3a-4e9f-8a10-2b6d0c0d0001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> VERBS = Set.of("get", "post", "put", "delete", "patch");

    private final String service;
    private final ContractValidator contract;
    private final JsonNode document;
    private final Map<String, String> pathValues = new HashMap<>();
    private final Map<String, Map<String, String>> claimsByRole = new HashMap<>();
    private final String randomId = UUID.randomUUID().toString();

    private BadInputSweep(String service) {
        this.service = service;
        this.contract = ContractValidator.forService(service);
        this.document = contract.document;
        claims("lead-provider", Map.of("lead_provider_id", LEAD_PROVIDER_ID));
        claims("marker", Map.of("lead_provider_id", LEAD_PROVIDER_ID));
        claims("moderator", Map.of("lead_provider_id", LEAD_PROVIDER_ID));
        claims("delivery-partner", Map.of("lead_provider_id", LEAD_PROVIDER_ID, "delivery_partner_id", DELIVERY_PARTNER_ID));
        claims("school", Map.of("school_urn", "100001"));
        claims("participant", Map.of("participant_id", UUID.randomUUID().toString()));
    }

    /** The sweep of {@code service} (e.g. "funding-service"), from its contract on the classpath. */
    public static BadInputSweep forService(String service) {
        return new BadInputSweep(service);
    }

    /** The value of a path parameter in every request (default: a random UUID for ids, else its example, enum or "x"). */
    public BadInputSweep pathValue(String name, String value) {
        pathValues.put(name, value);
        return this;
    }

    /** The tenant claims a token with {@code role} carries (defaults: those of the realm's clients). */
    public BadInputSweep claims(String role, Map<String, String> claims) {
        claimsByRole.put(role, Map.copyOf(claims));
        return this;
    }

    /** One test per documented operation, after one that waits until the service has stopped writing. */
    public Stream<DynamicTest> tests() {
        List<Operation> operations = operations();
        if (operations.isEmpty()) throw new AssertionError(service + ": the contract documents no operation");
        Stream<DynamicTest> quiet = Stream.of(DynamicTest.dynamicTest(service + ": nothing is being written before the sweep", BadInputSweep::awaitQuiet));
        return Stream.concat(quiet, operations.stream().map(op -> DynamicTest.dynamicTest(op.toString(), () -> sweep(op))));
    }

    // ------------------------------------------------------------------ operations of the contract

    /** A documented operation, with the roles of the resource method that serves it. */
    public record Operation(String method, String template, JsonNode spec, List<JsonNode> parameters, JsonNode requestBody,
                            Endpoint endpoint) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    List<Operation> operations() {
        List<Endpoint> endpoints = Endpoint.all();
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!VERBS.contains(op.getKey())) continue;
                List<JsonNode> parameters = new ArrayList<>();
                for (JsonNode p : path.getValue().path("parameters")) parameters.add(resolve(p));
                for (JsonNode p : op.getValue().path("parameters")) parameters.add(resolve(p));
                JsonNode body = op.getValue().has("requestBody") ? resolve(op.getValue().get("requestBody")) : null;
                String verb = op.getKey().toUpperCase(Locale.ROOT);
                // the resource methods that serve it: the most literal match, as JAX-RS chooses
                int best = endpoints.stream().filter(e -> e.method.equals(verb)).mapToInt(e -> e.match(path.getKey())).max().orElse(-1);
                Endpoint endpoint = best < 0 ? null : endpoints.stream().filter(e -> e.method.equals(verb) && e.match(path.getKey()) == best)
                        .reduce(Endpoint::union).orElse(null);
                out.add(new Operation(op.getKey(), path.getKey(), op.getValue(), parameters, body, endpoint));
            }
        }
        return out;
    }

    private JsonNode resolve(JsonNode node) {
        int depth = 0;
        while (node != null && node.has("$ref") && depth++ < 20) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new IllegalStateException(service + ": only local $refs are followed: " + ref);
            node = document.at(ref.substring(1));
        }
        return node;
    }

    /** A JAX-RS resource method of the running service: its HTTP method, path template and roles. */
    record Endpoint(String method, List<String> segments, Set<String> roles, boolean permitAll) {
        /** How well it serves a documented template: -1 not at all, else the number of literal segments that agree. */
        int match(String template) {
            List<String> other = segments(template);
            if (other.size() != segments.size()) return -1;
            int literals = 0;
            for (int i = 0; i < other.size(); i++) {
                boolean documented = isParameter(other.get(i)), served = isParameter(segments.get(i));
                if (served) continue; // a resource's {parameter} takes a documented literal or parameter
                if (documented || !other.get(i).equals(segments.get(i))) return -1;
                literals++;
            }
            return literals;
        }

        /** The resource's own name of the path parameter at the position of {@code name} in {@code template}. */
        String parameterName(String template, String name) {
            List<String> other = segments(template);
            int i = other.indexOf("{" + name + "}");
            return i < 0 || i >= segments.size() ? name : segments.get(i).substring(1, segments.get(i).length() - 1);
        }

        Endpoint union(Endpoint other) {
            Set<String> all = new LinkedHashSet<>(roles);
            all.addAll(other.roles);
            return new Endpoint(method, segments, all, permitAll && other.permitAll);
        }

        static boolean isParameter(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }

        static List<String> segments(String template) {
            List<String> out = new ArrayList<>();
            for (String s : template.split("/")) {
                if (s.isEmpty()) continue;
                // {name: regex} is the parameter {name}
                if (s.startsWith("{") && s.endsWith("}") && s.contains(":")) s = "{" + s.substring(1, s.indexOf(':')).strip() + "}";
                out.add(s);
            }
            return out;
        }

        /** Every resource method of the running service (resource classes are CDI beans in Quarkus REST). */
        static List<Endpoint> all() {
            Set<Class<?>> classes = new LinkedHashSet<>();
            for (Bean<?> bean : CDI.current().getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
                Class<?> c = bean.getBeanClass();
                if (c.isAnnotationPresent(Path.class)) classes.add(c);
            }
            List<Endpoint> out = new ArrayList<>();
            for (Class<?> c : classes) {
                String base = c.getAnnotation(Path.class).value();
                for (Method m : c.getMethods()) {
                    String verb = httpMethod(m);
                    if (verb == null) continue;
                    Path p = m.getAnnotation(Path.class);
                    RolesAllowed roles = m.isAnnotationPresent(RolesAllowed.class) ? m.getAnnotation(RolesAllowed.class)
                            : m.isAnnotationPresent(PermitAll.class) ? null : c.getAnnotation(RolesAllowed.class);
                    boolean permitAll = m.isAnnotationPresent(PermitAll.class) || (roles == null && c.isAnnotationPresent(PermitAll.class));
                    out.add(new Endpoint(verb, segments(base + "/" + (p == null ? "" : p.value())),
                            roles == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.value())), permitAll));
                }
            }
            return out;
        }

        private static String httpMethod(Method m) {
            for (Annotation a : m.getAnnotations()) {
                HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
                if (h != null) return h.value();
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ probes

    /**
     * One bad request and what its answer must be: one of {@code statuses}, with an error titled {@code names} (if any);
     * or, inside a list, an error titled by the list item ({@code item}, e.g. "rows[0]") whose detail names it.
     */
    record Probe(String description, String method, String target, Map<String, String> headers, byte[] body,
                 Set<Integer> statuses, String names, String item, boolean refusedByHttpServer) {
        Probe(String description, String method, String target, Map<String, String> headers, byte[] body, Set<Integer> statuses, String names) {
            this(description, method, target, headers, body, statuses, names, null, false);
        }

        Probe(String description, String method, String target, Map<String, String> headers, byte[] body, Set<Integer> statuses,
              String names, boolean refusedByHttpServer) {
            this(description, method, target, headers, body, statuses, names, null, refusedByHttpServer);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    List<Probe> probes(Operation op) {
        List<Probe> out = new ArrayList<>();
        String verb = op.method().toUpperCase(Locale.ROOT);
        Map<String, String> path = new LinkedHashMap<>();
        for (JsonNode p : op.parameters()) {
            if (p.path("in").asText().equals("path")) path.put(p.path("name").asText(), pathValue(p));
        }
        String target = target(op.template(), path);
        Map<String, String> json = Map.of("Content-Type", "application/json");

        // parameters: a NUL in each (documented or not, and in a name), a text for an integer
        List<String> query = new ArrayList<>();
        for (JsonNode p : op.parameters()) if (p.path("in").asText().equals("query")) query.add(p.path("name").asText());
        query.add("npq_sweep");
        for (String name : query) {
            out.add(new Probe("NUL in query parameter " + name, verb, target + "?" + encode(name) + "=" + encode(NUL), Map.of(), null,
                    Set.of(400), name));
        }
        out.add(new Probe("NUL in a query parameter's name", verb, target + "?" + encode(NUL) + "=1", Map.of(), null, Set.of(400), "a\\u0000b"));
        for (JsonNode p : op.parameters()) {
            String name = p.path("name").asText();
            JsonNode schema = resolve(p.path("schema"));
            switch (p.path("in").asText()) {
                case "query" -> {
                    if (schema.path("type").asText().equals("integer")) {
                        out.add(new Probe("text for integer query parameter " + name, verb, target + "?" + encode(name) + "=x",
                                Map.of(), null, Set.of(400, 422), null));
                    }
                }
                case "path" -> {
                    Map<String, String> bad = new LinkedHashMap<>(path);
                    bad.put(name, NUL);
                    String resourceName = op.endpoint() == null ? name : op.endpoint().parameterName(op.template(), name);
                    out.add(new Probe("NUL in path parameter " + name, verb, target(op.template(), bad), Map.of(), null, Set.of(400),
                            resourceName));
                }
                // the HTTP server refuses a NUL in a header itself, with a bare 400, before any code runs
                case "header" -> out.add(new Probe("NUL in header " + name, verb, target, Map.of(name, NUL), null, Set.of(400), null, true));
                default -> { }
            }
        }
        if (op.requestBody() == null) return out;

        // bodies
        JsonNode content = op.requestBody().path("content");
        Set<String> mediaTypes = new LinkedHashSet<>();
        content.fieldNames().forEachRemaining(mediaTypes::add);
        JsonNode jsonSchema = content.has("application/json") ? resolve(content.path("application/json").path("schema")) : null;
        byte[] valid = jsonSchema != null ? bytes(base(jsonSchema)) : "column\nvalue\n".getBytes(StandardCharsets.UTF_8);
        for (String other : List.of("text/plain", "application/xml", "application/json")) {
            if (mediaTypes.contains(other) || (other.equals("application/json") && jsonSchema != null)) continue;
            out.add(new Probe("body as " + other, verb, target, Map.of("Content-Type", other), valid, Set.of(415), null));
        }
        out.add(new Probe("body without a Content-Type", verb, target, Map.of(), valid, Set.of(415), null));
        for (String csv : List.of("text/csv", "text/plain")) {
            if (!mediaTypes.contains(csv)) continue;
            out.add(new Probe("CSV (" + csv + ") holding a NUL", verb, target, Map.of("Content-Type", csv),
                    ("column\n" + NUL + "\n").getBytes(StandardCharsets.UTF_8), Set.of(400), "line 2"));
            break;
        }
        if (jsonSchema == null) return out;

        out.add(new Probe("malformed JSON", verb, target, json, "{\"data\":".getBytes(StandardCharsets.UTF_8), Set.of(400), null));
        out.add(new Probe("a JSON array, not the envelope", verb, target, json, "[]".getBytes(StandardCharsets.UTF_8), Set.of(400), null));
        out.add(new Probe("JSON that is not the envelope", verb, target, json, "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8), Set.of(400), null));
        JsonNode base = base(jsonSchema);
        if (base.path("data").path("attributes").isObject()) {
            ObjectNode named = base.deepCopy();
            ObjectNode attributes = (ObjectNode) named.path("data").path("attributes");
            ObjectNode first = NODES.objectNode();
            first.put(NUL, 1);
            first.setAll(attributes);
            ((ObjectNode) named.path("data")).set("attributes", first);
            out.add(new Probe("NUL in an attribute's name", verb, target, json, bytes(named), Set.of(400), "a\\u0000b"));
        }
        sites(jsonSchema, base, new ArrayList<>(), site -> {
            Expectation e = expectation(site.path());
            String item = item(site.path());
            for (Map.Entry<String, JsonNode> wrong : wrongValues(site.allowed(), site.schema()).entrySet()) {
                out.add(new Probe(wrong.getKey() + " at " + pointer(site.path()), verb, target, json,
                        bytes(with(base, site.path(), wrong.getValue())), e.wrongType(), e.name(), item, false));
            }
            if (site.allowed() != null && site.allowed().contains(Kind.STRING)) {
                out.add(new Probe("NUL in the string at " + pointer(site.path()), verb, target, json,
                        bytes(with(base, site.path(), NODES.textNode(NUL))), e.nul(), e.name(), item, false));
            }
        });
        return out;
    }

    private String pathValue(JsonNode parameter) {
        String name = parameter.path("name").asText();
        if (pathValues.containsKey(name)) return pathValues.get(name);
        JsonNode schema = resolve(parameter.path("schema"));
        if (schema.path("format").asText().equals("uuid") || name.equals("id") || name.endsWith("_id") || name.endsWith("Id")) return randomId;
        if (parameter.has("example")) return parameter.get("example").asText();
        if (schema.has("example")) return schema.get("example").asText();
        if (schema.has("enum")) return schema.get("enum").get(0).asText();
        return "x";
    }

    private static String target(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> v : values.entrySet()) out = out.replace("{" + v.getKey() + "}", encode(v.getValue()));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ JSON bodies from schemas

    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, ARRAY, OBJECT, NULL }

    /** A value in the body, its schema and the JSON types the schema allows there (null: any). */
    record Site(List<Object> path, JsonNode schema, Set<Kind> allowed) {}

    record Expectation(Set<Integer> wrongType, Set<Integer> nul, String name) {}

    /** The list item a value is in, as an error may title it ("rows[0]"), or null outside lists. */
    private static String item(List<Object> path) {
        for (int i = path.size() - 1; i > 0; i--) {
            if (path.get(i) instanceof Integer index && path.get(i - 1) instanceof String list) return list + "[" + index + "]";
        }
        return null;
    }

    /** Inside data.attributes: 422 (400 for a NUL) naming the attribute; the envelope itself: 400; data.type: 422 "type". */
    private static Expectation expectation(List<Object> path) {
        if (path.size() >= 3 && "data".equals(path.get(0)) && "attributes".equals(path.get(1))) {
            String name = null;
            for (Object p : path) if (p instanceof String s) name = s;
            return new Expectation(Set.of(422), Set.of(400), name);
        }
        if (path.equals(List.of("data", "type"))) return new Expectation(Set.of(422), Set.of(400), "type");
        if (path.size() <= 2) return new Expectation(Set.of(400), Set.of(400), null);
        return new Expectation(Set.of(400, 422), Set.of(400), null);
    }

    /** The JSON types a schema allows; null when it says nothing (any value). */
    Set<Kind> allowed(JsonNode schema) {
        schema = resolve(schema);
        if (schema == null || schema.isMissingNode()) return null;
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                for (JsonNode member : schema.get(combinator)) {
                    Set<Kind> m = allowed(member);
                    if (m == null) return null;
                    out.addAll(m);
                }
            }
        }
        if (schema.has("allOf") && schema.get("allOf").size() > 0) {
            Set<Kind> m = allowed(schema.get("allOf").get(0));
            if (m == null) return null;
            out.addAll(m);
        }
        switch (schema.path("type").asText()) {
            case "string" -> out.add(Kind.STRING);
            case "integer" -> out.add(Kind.INTEGER);
            case "number" -> out.addAll(List.of(Kind.INTEGER, Kind.FLOAT));
            case "boolean" -> out.add(Kind.BOOLEAN);
            case "array" -> out.add(Kind.ARRAY);
            case "object" -> out.add(Kind.OBJECT);
            default -> {
                if (schema.has("properties")) out.add(Kind.OBJECT);
            }
        }
        if (schema.path("nullable").asBoolean(false)) out.add(Kind.NULL);
        if (schema.has("enum")) {
            for (JsonNode v : schema.get("enum")) if (v.isNull()) out.add(Kind.NULL);
        }
        return out.isEmpty() ? null : out;
    }

    /** Values of every JSON type a site does not allow (null is never offered: it often means "absent"). */
    private static Map<String, JsonNode> wrongValues(Set<Kind> allowed, JsonNode schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (allowed == null) return out;
        String format = schema.path("format").asText();
        if (!allowed.contains(Kind.STRING)) {
            out.put("a string", NODES.textNode(allowed.contains(Kind.BOOLEAN) ? "true" : "12"));
            out.put("an empty string", NODES.textNode(""));
        }
        if (!allowed.contains(Kind.INTEGER)) {
            out.put("a whole number", NODES.numberNode(allowed.contains(Kind.BOOLEAN) ? -1
                    : format.startsWith("date") ? 86400 : 12));
        }
        if (!allowed.contains(Kind.FLOAT)) out.put("a fraction", NODES.numberNode(1.5));
        if (!allowed.contains(Kind.BOOLEAN)) out.put("a boolean", NODES.booleanNode(true));
        if (!allowed.contains(Kind.ARRAY)) out.put("a list", NODES.arrayNode().add("x"));
        if (!allowed.contains(Kind.OBJECT)) out.put("an object", NODES.objectNode().put("a", 1));
        return out;
    }

    /** A value valid in type (and, where the schema says, in enum and format) for every attribute of a schema. */
    JsonNode base(JsonNode schema) {
        schema = resolve(schema);
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            if (schema.has(combinator)) {
                for (JsonNode member : schema.get(combinator)) {
                    Set<Kind> m = allowed(member);
                    if (m == null || !m.equals(EnumSet.of(Kind.NULL))) return base(member);
                }
            }
        }
        if (schema.has("enum")) {
            for (JsonNode v : schema.get("enum")) if (!v.isNull()) return v.deepCopy();
        }
        if (schema.has("example") && !schema.get("example").isNull() && !schema.path("type").asText().equals("object")) {
            return schema.get("example").deepCopy();
        }
        Set<Kind> allowed = allowed(schema);
        if (allowed == null) return NODES.textNode("x");
        if (allowed.contains(Kind.OBJECT)) {
            ObjectNode o = NODES.objectNode();
            schema.path("properties").fields().forEachRemaining(p -> o.set(p.getKey(), base(p.getValue())));
            return o;
        }
        if (allowed.contains(Kind.ARRAY)) {
            ArrayNode a = NODES.arrayNode();
            a.add(base(schema.path("items")));
            return a;
        }
        if (allowed.contains(Kind.STRING)) {
            return NODES.textNode(switch (schema.path("format").asText()) {
                case "date" -> "2026-09-01";
                case "date-time" -> "2026-09-01T10:00:00Z";
                case "uuid" -> UUID.randomUUID().toString();
                default -> "x";
            });
        }
        if (allowed.contains(Kind.INTEGER)) return NODES.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
        if (allowed.contains(Kind.FLOAT)) return NODES.numberNode(1.5);
        if (allowed.contains(Kind.BOOLEAN)) return NODES.booleanNode(true);
        return NODES.nullNode();
    }

    /** Every value of a body built by {@link #base}, with its schema. */
    private void sites(JsonNode schema, JsonNode value, List<Object> path, Consumer<Site> out) {
        schema = resolve(schema);
        if (!path.isEmpty()) out.accept(new Site(List.copyOf(path), schema, allowed(schema)));
        JsonNode shape = schema;
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            if (schema.has(combinator)) {
                for (JsonNode member : schema.get(combinator)) {
                    Set<Kind> m = allowed(member);
                    if (m == null || !m.equals(EnumSet.of(Kind.NULL))) {
                        shape = resolve(member);
                        break;
                    }
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = shape.path("properties");
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                path.add(name);
                sites(properties.path(name), value.get(name), path, out);
                path.remove(path.size() - 1);
            }
        } else if (value.isArray() && !value.isEmpty()) {
            path.add(0);
            sites(shape.path("items"), value.get(0), path, out);
            path.remove(path.size() - 1);
        }
    }

    /**
     * {@code base} with the value at {@code path} replaced; each object on the way has the changed member first, so
     * that it is the first value read and the one an error names.
     */
    private static JsonNode with(JsonNode base, List<Object> path, JsonNode value) {
        if (path.isEmpty()) return value;
        Object head = path.get(0);
        List<Object> rest = path.subList(1, path.size());
        if (head instanceof Integer i) {
            ArrayNode a = ((ArrayNode) base).deepCopy();
            a.set(i, with(base.get(i), rest, value));
            return a;
        }
        String name = (String) head;
        ObjectNode o = NODES.objectNode();
        o.set(name, with(base.get(name), rest, value));
        base.fields().forEachRemaining(f -> {
            if (!f.getKey().equals(name)) o.set(f.getKey(), f.getValue().deepCopy());
        });
        return o;
    }

    private static String pointer(List<Object> path) {
        return "#/" + path.stream().map(String::valueOf).collect(Collectors.joining("/"));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ running

    private void sweep(Operation op) {
        List<Probe> probes = probes(op);
        List<String> failures = new ArrayList<>();
        if (op.endpoint() == null) {
            failures.add("no resource method of the service serves it");
        } else {
            String token = token(op);
            for (Probe probe : probes) {
                SortedMap<String, Long> before = TestDb.tableCounts();
                Answer answer;
                try {
                    Map<String, String> headers = new LinkedHashMap<>(probe.headers());
                    if (token != null) headers.put("Authorization", "Bearer " + token);
                    answer = Answer.send(probe.method(), probe.target(), headers, probe.body());
                } catch (IOException e) {
                    failures.add(probe + ": " + e);
                    continue;
                }
                List<String> wrong = check(op, probe, answer);
                SortedMap<String, Long> after = TestDb.tableCounts();
                if (!after.equals(before)) wrong.add("rows were written: " + difference(before, after));
                if (!wrong.isEmpty()) {
                    failures.add(probe + " -> " + answer.status + ": " + String.join("; ", wrong) + "\n        answer: " + abbreviate(answer.body));
                }
            }
        }
        System.out.printf("bad-input sweep: %s %s: %d bad requests, %d not answered as they must be%n", service, op, probes.size(), failures.size());
        if (!failures.isEmpty()) {
            throw new AssertionError(service + " " + op + " (roles " + (op.endpoint() == null ? "?" : op.endpoint().roles()) + "): "
                    + failures.size() + " of " + probes.size() + " bad requests were not answered as they must be:\n  - "
                    + String.join("\n  - ", failures));
        }
    }

    private List<String> check(Operation op, Probe probe, Answer answer) {
        List<String> wrong = new ArrayList<>();
        int status = answer.status;
        if (probe.refusedByHttpServer()) {
            if (!probe.statuses().contains(status)) wrong.add("expected " + probe.statuses());
            return wrong;
        }
        if (status < 400 || status > 499) wrong.add("not a 4xx");
        if (status == 401) wrong.add("the token was refused");
        String contentType = answer.headers.getOrDefault("content-type", "");
        if (!contentType.startsWith("application/problem+json")) wrong.add("not application/problem+json (" + contentType + ")");
        JsonNode body = null;
        try {
            body = JSON.readTree(answer.body);
        } catch (IOException e) {
            wrong.add("the body is not JSON");
        }
        if (body != null) {
            if (body.path("status").asInt() != status) wrong.add("its status member is not " + status);
            if (!body.path("errors").isArray() || body.path("errors").isEmpty()) wrong.add("no errors");
        }
        // path ids are random (no such record), so a 404 to a bad body means the body was read and taken: input is
        // checked before any record is looked up
        boolean expected = probe.statuses().contains(status);
        if (!expected) wrong.add("expected " + probe.statuses());
        if (expected && probe.names() != null && body != null) {
            List<String> titles = new ArrayList<>();
            boolean named = false;
            for (JsonNode e : body.path("errors")) {
                String title = e.path("title").asText();
                titles.add(title);
                named |= title.equalsIgnoreCase(probe.names())
                        || (title.equals(probe.item()) && (probe.item().startsWith(probe.names() + "[") || e.path("detail").asText().contains(probe.names())));
            }
            if (!named) wrong.add("errors do not name " + probe.names() + (probe.item() == null ? "" : " (nor " + probe.item() + " naming it)") + " " + titles);
        }
        if (status >= 400 && status <= 499) {
            try {
                String path = probe.target().contains("?") ? probe.target().substring(0, probe.target().indexOf('?')) : probe.target();
                List<String> drift = contract.validate(op.method(), path, status, contentType, answer.body);
                if (!drift.isEmpty()) wrong.add("not as the contract documents it: " + drift);
            } catch (AssertionError e) {
                wrong.add(e.getMessage());
            }
        }
        return wrong;
    }

    private String token(Operation op) {
        if (op.endpoint().permitAll() && op.endpoint().roles().isEmpty()) return null;
        List<String> roles = new ArrayList<>(op.endpoint().roles());
        Map<String, String> claims = new LinkedHashMap<>();
        for (String role : roles) claims.putAll(claimsByRole.getOrDefault(role, Map.of()));
        return TestTokens.token("bad-input-sweep", roles, claims);
    }

    private static String difference(SortedMap<String, Long> before, SortedMap<String, Long> after) {
        Map<String, String> changed = new TreeMap<>();
        Set<String> tables = new LinkedHashSet<>(before.keySet());
        tables.addAll(after.keySet());
        for (String t : tables) {
            if (!Objects.equals(before.get(t), after.get(t))) changed.put(t, before.get(t) + " -> " + after.get(t));
        }
        return changed.toString();
    }

    /** Waits (up to 60 s) until no row of the service's schema has been inserted or deleted for two seconds. */
    static void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        SortedMap<String, Long> last = TestDb.tableCounts();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 2_000_000_000L) {
            if (System.nanoTime() > deadline) throw new AssertionError("the service kept writing rows for a minute: " + last);
            Thread.sleep(250);
            SortedMap<String, Long> now = TestDb.tableCounts();
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "(none)";
        String one = s.replace("\n", " ");
        return one.length() <= 600 ? one : one.substring(0, 600) + "...";
    }

    /**
     * An HTTP/1.1 exchange over a plain socket: a client library would refuse to send some of these requests (a NUL in a
     * header, a body without a Content-Type), which is the point.
     */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
            URI base = URI.create(RestAssured.baseURI);
            int port = RestAssured.port;
            try (Socket socket = new Socket(base.getHost(), port)) {
                socket.setSoTimeout(60_000);
                StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                        .append("Host: ").append(base.getHost()).append(':').append(port).append("\r\n")
                        .append("Connection: close\r\n");
                headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
                else if (!method.equals("GET") && !method.equals("DELETE")) head.append("Content-Length: 0\r\n");
                head.append("\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) out.write(body);
                out.flush();
                return parse(socket.getInputStream().readAllBytes());
            }
        }

        static Answer parse(byte[] raw) throws IOException {
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (end < 0) throw new IOException("no complete HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
            String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < in.length) {
                int lineEnd = indexOf(in, new byte[] {'\r', '\n'}, at);
                if (lineEnd < 0) break;
                String size = new String(in, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
                int n = Integer.parseInt(size, 16);
                if (n == 0) break;
                out.write(in, lineEnd + 2, n);
                at = lineEnd + 2 + n + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] data, byte[] needle, int from) {
            outer:
            for (int i = from; i <= data.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) if (data[i + j] != needle[j]) continue outer;
                return i;
            }
            return -1;
        }
    }
}
