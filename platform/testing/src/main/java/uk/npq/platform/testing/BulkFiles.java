package uk.npq.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The streamed upload formats of the admin bulk imports, made from the same row objects a test sends in the JSON
 * envelope: NDJSON (one object a line) and CSV (a header of every field any row has; each value quoted, booleans as
 * true/false, an absent or null field an empty cell).
 */
public final class BulkFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** REST Assured sends an NDJSON body as the text it is given (it does not know the media type). */
    public static final RestAssuredConfig CONFIG = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/x-ndjson", ContentType.TEXT));

    private BulkFiles() {}

    public static String ndjson(List<String> rows) {
        return String.join("\n", rows) + "\n";
    }

    public static String csv(List<String> rows) {
        List<JsonNode> nodes = new ArrayList<>();
        Set<String> header = new LinkedHashSet<>();
        for (String row : rows) {
            try {
                JsonNode node = MAPPER.readTree(row);
                nodes.add(node);
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) header.add(it.next());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        StringBuilder out = new StringBuilder(String.join(",", header)).append("\r\n");
        for (JsonNode node : nodes) {
            List<String> cells = new ArrayList<>();
            for (String field : header) {
                JsonNode v = node.get(field);
                cells.add(v == null || v.isNull() ? "" : "\"" + v.asText().replace("\"", "\"\"") + "\"");
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }
}
