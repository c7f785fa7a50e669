package uk.npq.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import uk.npq.platform.problem.Problems;

/**
 * Reads a request body in the envelope {@code {"data":{"type","attributes":{...}}}} into an attributes
 * record, answering every way it can be wrong with a problem before anything is written: not JSON or
 * not the envelope is a 400 ("correct json data structure required"), a NUL character (0x00) in any string or
 * name is a 400 naming the attribute ({@link NulBytes}), the wrong data.type or a value of the wrong JSON type is
 * a 422 naming the attribute (nothing is coerced: {@link StrictJson}).
 */
@ApplicationScoped
public class RequestReader {

    @Inject ObjectMapper mapper;

    public <A> A attributes(String body, String expectedType, Class<A> type) {
        if (body == null || body.isBlank()) throw Problems.badRequest(Problems.STRUCTURE);
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problems.badRequest(Problems.STRUCTURE);
        }
        NulBytes.attributeIn(root).ifPresent(attribute -> {
            throw NulBytes.inAttribute(attribute);
        });
        JsonNode data = root == null ? null : root.get("data");
        JsonNode attributes = data == null ? null : data.get("attributes");
        if (attributes == null || !attributes.isObject()) throw Problems.badRequest(Problems.STRUCTURE);
        JsonNode declared = data.get("type");
        if (expectedType != null && declared != null && !declared.isNull()
                && !Objects.equals(expectedType, declared.asText())) {
            throw Problems.unprocessable("type", "'#/type' must be '" + expectedType + "'.");
        }
        try {
            return mapper.treeToValue(attributes, type);
        } catch (MismatchedInputException e) {
            String attribute = attribute(e);
            if (attribute.isEmpty()) throw Problems.badRequest(Problems.STRUCTURE);
            throw Problems.unprocessable(attribute, "'#/" + attribute + "' must be " + describe(e.getTargetType()) + ".");
        } catch (JsonMappingException e) {
            String attribute = attribute(e);
            throw attribute.isEmpty() ? Problems.badRequest(Problems.STRUCTURE)
                    : Problems.unprocessable(attribute, "'#/" + attribute + "' has an invalid value.");
        } catch (JsonProcessingException e) {
            throw Problems.badRequest(Problems.STRUCTURE);
        }
    }

    /** The attribute's name: the last named element of the JSON path. */
    static String attribute(JsonMappingException e) {
        String name = "";
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) name = r.getFieldName();
        }
        return name;
    }

    private static String describe(Class<?> type) {
        if (type == null) return "a valid value";
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) return "a list";
        if (java.util.Map.class.isAssignableFrom(type)) return "an object";
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> "'" + c + "'")
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        return switch (type.getSimpleName()) {
            case "LocalDate" -> "a date in the format YYYY-MM-DD";
            case "OffsetDateTime", "Instant", "ZonedDateTime" -> "an RFC 3339 date and time";
            case "UUID" -> "a UUID";
            case "Boolean", "boolean" -> "true or false";
            case "Integer", "int", "Long", "long", "Short", "short", "BigInteger" -> "a whole number";
            case "BigDecimal", "Double", "double", "Float", "float", "Number" -> "a number";
            case "String" -> "a string";
            case "List", "Set" -> "a list";
            default -> type.getName().startsWith("java.") ? "a valid " + type.getSimpleName() : "an object";
        };
    }
}
