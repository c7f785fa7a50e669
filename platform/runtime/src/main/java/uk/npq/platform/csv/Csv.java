package uk.npq.platform.csv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 4180 CSV for uploads: a header row, then records addressed by header name (case- and
 * space-insensitive). Quoted fields may hold commas, quotes ("") and line breaks. A record whose field
 * count differs from the header's is kept and marked malformed, so an import can refuse it by line.
 */
public final class Csv {
    private final List<String> header;
    private final Map<String, Integer> index;
    private final List<Row> rows;

    private Csv(List<String> header, List<Row> rows) {
        this.header = List.copyOf(header);
        this.index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) index.putIfAbsent(key(header.get(i)), i);
        this.rows = rows;
    }

    /** One record: its first physical line number in the file (header is line 1) and its fields. */
    public final class Row {
        public final int line;
        private final List<String> fields;

        Row(int line, List<String> fields) {
            this.line = line;
            this.fields = fields;
        }

        public boolean malformed() {
            return fields.size() != header.size();
        }

        public int fieldCount() {
            return fields.size();
        }

        /** The trimmed value of a column, empty when blank or absent. */
        public Optional<String> get(String column) {
            Integer i = index.get(key(column));
            if (i == null || i >= fields.size()) return Optional.empty();
            String v = fields.get(i).strip();
            return v.isEmpty() ? Optional.empty() : Optional.of(v);
        }
    }

    public List<String> header() { return header; }
    public List<Row> rows() { return rows; }

    public boolean hasColumn(String column) {
        return index.containsKey(key(column));
    }

    /** Decodes UTF-8 (with or without BOM), falling back to Windows-1252, which GIAS publishes in. */
    public static String decode(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

    public static Csv parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, fieldStarted = false;
        int line = 1, recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                    else quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                    lines.add(recordLine);
                }
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
            }
        }
        if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
            lines.add(recordLine);
        }
        if (records.isEmpty()) return new Csv(List.of(), List.of());
        List<String> header = records.get(0).stream().map(String::strip).toList();
        Csv csv = new Csv(header, new ArrayList<>(records.size()));
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() == 1 && fields.get(0).isBlank()) continue; // blank line
            csv.rows.add(csv.new Row(lines.get(r), fields));
        }
        return csv;
    }

    private static String key(String column) {
        return column.strip().toLowerCase(Locale.ROOT);
    }
}
