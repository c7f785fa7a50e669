package uk.npq.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import uk.npq.platform.problem.Problems;

/**
 * The NUL character (U+0000, a 0x00 byte) in anything a client sends is refused with a 400 naming where it was,
 * before any code reads it: PostgreSQL cannot store it in text (it fails the statement), and no value of this API
 * holds it. Query and path parameters (names and values) are checked here, for every endpoint (after authentication:
 * without a valid token it stays a 401); JSON bodies by
 * {@link RequestReader}, CSV uploads by {@link uk.npq.platform.csv.Csv}. (A NUL in a header never gets this far: the
 * HTTP server refuses the request with a bare 400.)
 */
public class NulBytes {
    public static final char NUL = '\u0000';

    /** Every matched request: its query parameters and path parameters, decoded. */
    @ServerRequestFilter
    public void refuseInParameters(UriInfo uri) {
        MultivaluedMap<String, String> query;
        MultivaluedMap<String, String> path;
        try {
            query = uri.getQueryParameters();
            path = uri.getPathParameters();
        } catch (IllegalArgumentException e) { // a malformed %-escape
            throw Problems.badRequest("Bad request", "The request's parameters are not validly %-encoded");
        }
        check(query);
        check(path);
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = p.getKey();
            boolean bad = contains(name);
            for (String value : p.getValue()) bad |= contains(value);
            if (bad) throw inParameter(name);
        }
    }

    static HttpProblem inParameter(String name) {
        String shown = visible(name);
        return Problems.badRequest(shown, "The '#/" + shown + "' parameter must not contain the NUL character (0x00)");
    }

    /** 400 naming the body attribute (the last named element of its path) that holds a NUL. */
    public static HttpProblem inAttribute(String attribute) {
        String shown = visible(attribute);
        return Problems.badRequest(shown, "'#/" + shown + "' must not contain the NUL character (0x00)");
    }

    public static boolean contains(String s) {
        return s != null && s.indexOf(NUL) >= 0;
    }

    /**
     * The attribute of a JSON document (field names included) that holds a NUL: the last field name on its path
     * ("" at the top level), or empty when there is none.
     */
    public static Optional<String> attributeIn(JsonNode node) {
        return attributeIn(node, "");
    }

    private static Optional<String> attributeIn(JsonNode node, String name) {
        if (node == null) return Optional.empty();
        if (node.isTextual()) return contains(node.textValue()) ? Optional.of(name) : Optional.empty();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (contains(field.getKey())) return Optional.of(field.getKey());
                Optional<String> inside = attributeIn(field.getValue(), field.getKey());
                if (inside.isPresent()) return inside;
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                Optional<String> inside = attributeIn(item, name);
                if (inside.isPresent()) return inside;
            }
        }
        return Optional.empty();
    }

    /** The name as it can be shown in an error: the NUL written as \\u0000. */
    static String visible(String name) {
        return name.replace(String.valueOf(NUL), "\\u0000");
    }
}
