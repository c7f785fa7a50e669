package uk.npq.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import uk.npq.platform.problem.Problems;

/**
 * The streamed formats of the admin bulk imports, beside their JSON envelope: a large file (a migration of the DfE's
 * records) is read record by record from the request body and handed on in chunks, never held whole in memory.
 * <ul>
 *   <li>{@value #NDJSON}: one JSON object per line, the same object as one element of the JSON envelope's rows (blank
 *       lines are skipped). A line that is not a JSON object is a refused row, not a refused file.</li>
 *   <li>{@value #CSV}: RFC 4180 (commons-csv) with a header row naming the row's fields (the same snake_case names);
 *       an empty cell is an absent field, true/false in a boolean field is that boolean, every other cell is text, so
 *       the row is then read by the same strict mapper as JSON. A header naming a field the row does not have is a 422
 *       (a typo would otherwise silently drop a column).</li>
 * </ul>
 * Rows are labelled by the line they start on ({@code line 2} is a CSV file's first record), the title of their error
 * in a 422. UTF-8 only: bytes that are not UTF-8, and a CSV file that ends inside a quoted field, are a 400 naming the
 * line. A field holding the NUL character refuses its row (PostgreSQL cannot store it).
 */
public final class BulkUpload {
    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";

    private BulkUpload() {}

    /** One row of an upload: its label, and the row as a JSON object or why it could not be read. */
    public record Row(String label, JsonNode json, String unreadable) {}

    /** Whether this media type is one of the streamed formats. */
    public static boolean streamed(MediaType type) {
        return type != null && (type.isCompatible(MediaType.valueOf(NDJSON)) || type.isCompatible(MediaType.valueOf(CSV)));
    }

    /**
     * Reads the upload in {@code type} ({@value #NDJSON} or {@value #CSV}) whose rows are records of {@code rowType}
     * (snake_case fields), handing them to {@code onChunk} in chunks of at most {@code chunkSize}, in file order.
     * Returns the number of rows read; an upload with none is a 422.
     */
    public static int read(InputStream body, MediaType type, Class<? extends Record> rowType, ObjectMapper mapper, int chunkSize,
                           Consumer<List<Row>> onChunk) {
        Chunker chunker = new Chunker(chunkSize, onChunk);
        Reader in = utf8(body);
        try {
            if (type.isCompatible(MediaType.valueOf(CSV))) csv(in, rowType, mapper, chunker);
            else ndjson(in, mapper, chunker);
        } catch (UncheckedIOException e) {
            throw unreadable(chunker.line, e.getCause());
        } catch (IOException e) {
            throw unreadable(chunker.line, e);
        }
        chunker.flush();
        if (chunker.rows == 0) throw Problems.unprocessable("rows", "The upload holds no rows: send one record a line.");
        return chunker.rows;
    }

    private static RuntimeException unreadable(long line, Throwable cause) {
        String why = cause instanceof CharacterCodingException ? "is not UTF-8 text" : "could not be read (a quoted field not closed?)";
        return Problems.badRequest("line " + Math.max(1, line), "The upload " + why + " at or after line " + Math.max(1, line)
                + "; nothing was imported.");
    }

    private static Reader utf8(InputStream body) {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 65536);
    }

    private static void ndjson(Reader in, ObjectMapper mapper, Chunker chunker) throws IOException {
        BufferedReader lines = (BufferedReader) in;
        for (String line; (line = lines.readLine()) != null; ) {
            chunker.line++;
            if (line.isBlank()) continue;
            String label = "line " + chunker.line;
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (IOException e) {
                chunker.add(new Row(label, null, "could not be read as JSON"));
                continue;
            }
            chunker.add(checked(label, node));
        }
    }

    private static void csv(Reader in, Class<? extends Record> rowType, ObjectMapper mapper, Chunker chunker) throws IOException {
        Map<String, Boolean> fields = new LinkedHashMap<>(); // field -> is boolean
        var snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        for (var c : rowType.getRecordComponents())
            fields.put(snake.translate(c.getName()), c.getType() == Boolean.class || c.getType() == boolean.class);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(false).setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).get();
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(in).setFormat(format).get();
        } catch (IllegalArgumentException e) { // an empty, duplicate or missing column name
            throw Problems.unprocessable("header", "The header row must name each column once: " + e.getMessage());
        }
        List<String> header = parser.getHeaderNames().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> unknown = header.stream().filter(h -> !fields.containsKey(h)).toList();
        if (!unknown.isEmpty()) throw Problems.unprocessable("header", "Unknown column(s) " + String.join(", ", unknown)
                + "; the columns are " + String.join(", ", fields.keySet()) + ".");
        chunker.line = parser.getCurrentLineNumber();
        Iterator<CSVRecord> records = parser.iterator();
        while (true) {
            long start = parser.getCurrentLineNumber() + 1;
            chunker.line = start;
            if (!records.hasNext()) break;
            CSVRecord record = records.next();
            String label = "line " + start;
            if (record.size() != header.size()) {
                chunker.add(new Row(label, null, "has " + record.size() + " fields where the header has " + header.size()));
                continue;
            }
            ObjectNode node = mapper.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                String value = record.get(i);
                if (value.isEmpty()) continue;
                String field = header.get(i);
                if (fields.get(field) && (value.equals("true") || value.equals("false"))) node.set(field, BooleanNode.valueOf(value.equals("true")));
                else node.put(field, value);
            }
            chunker.add(checked(label, node));
        }
    }

    private static Row checked(String label, JsonNode node) {
        if (node == null || !node.isObject()) return new Row(label, null, "must be a JSON object (one record)");
        var nul = NulBytes.attributeIn(node);
        if (nul.isPresent()) return new Row(label, null, (nul.get().isEmpty() ? "the record" : nul.get()) + ": must not contain the NUL character (0x00)");
        return new Row(label, node, null);
    }

    private static final class Chunker {
        final int size;
        final Consumer<List<Row>> onChunk;
        List<Row> chunk = new ArrayList<>();
        int rows;
        long line;

        Chunker(int size, Consumer<List<Row>> onChunk) {
            this.size = size;
            this.onChunk = onChunk;
        }

        void add(Row row) {
            chunk.add(row);
            rows++;
            if (chunk.size() >= size) flush();
        }

        void flush() {
            if (chunk.isEmpty()) return;
            List<Row> full = chunk;
            chunk = new ArrayList<>();
            onChunk.accept(full);
        }
    }
}
