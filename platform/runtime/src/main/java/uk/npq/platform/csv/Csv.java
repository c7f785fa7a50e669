package uk.npq.platform.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.NulBytes;

/**
 * RFC 4180 CSV for uploads: a header row, then records addressed by header name (case- and
 * space-insensitive). Quoted fields may hold commas, quotes ("") and line breaks. A record whose field
 * count differs from the header's is kept and marked malformed, so an import can refuse it by line.
 * Large files are read with {@link #stream}, one record at a time, never all in memory. A file holding the NUL
 * character (0x00) anywhere is refused whole with a 400 naming its line: no field may hold it (PostgreSQL cannot store
 * it), and it is no text file.
 */
public final class Csv {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final List<String> header;
    private final Map<String, Integer> index;
    private final List<Row> rows;

    private Csv(List<String> header) {
        this.header = List.copyOf(header);
        this.index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) index.putIfAbsent(key(header.get(i)), i);
        this.rows = new ArrayList<>();
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

        public int headerSize() {
            return header.size();
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

    /** A whole (small) file in memory. */
    public static Csv parse(String text) {
        Csv[] csv = new Csv[1];
        read(new StringReader(text), header -> csv[0] = new Csv(header), (line, fields) -> csv[0].rows.add(csv[0].new Row(line, fields)));
        return csv[0] == null ? new Csv(List.of()) : csv[0];
    }

    /**
     * Reads {@code in} record by record: the returned Csv holds the header (and no rows); each record is
     * handed to {@code onRow} and then dropped.
     */
    public static Csv stream(Reader in, Consumer<Row> onRow) {
        Csv[] csv = new Csv[1];
        read(in, header -> csv[0] = new Csv(header), (line, fields) -> onRow.accept(csv[0].new Row(line, fields)));
        return csv[0] == null ? new Csv(List.of()) : csv[0];
    }

    /** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252, which GIAS publishes in. */
    public static Reader reader(byte[] bytes) {
        boolean utf8 = isUtf8(bytes);
        int skip = utf8 && bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        return new InputStreamReader(new ByteArrayInputStream(bytes, skip, bytes.length - skip), utf8 ? StandardCharsets.UTF_8 : WINDOWS_1252);
    }

    /** The whole text of a (small) upload, decoded as {@link #reader} does. */
    public static String decode(byte[] bytes) {
        try (Reader r = reader(bytes)) {
            StringBuilder out = new StringBuilder(bytes.length);
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) out.append(buf, 0, n);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) return false;
            out.clear();
            if (r.isUnderflow()) return !d.flush(out).isError();
        }
    }

    private interface RecordSink { void record(int line, List<String> fields); }

    private static void read(Reader in, Consumer<List<String>> onHeader, RecordSink onRecord) {
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, fieldStarted = false, headerSeen = false, pendingQuote = false, pendingCr = false;
        int line = 1, recordLine = 1;
        char[] buf = new char[65536];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == NulBytes.NUL) {
                        throw Problems.badRequest("line " + line,
                                "Line " + line + " of the file contains the NUL character (0x00), which no field may hold");
                    }
                    if (pendingCr) {
                        pendingCr = false;
                        if (c == '\n') continue; // the \n of a \r\n
                    }
                    if (pendingQuote) { // a quote inside a quoted field: doubled ("") or the field's end
                        pendingQuote = false;
                        if (c == '"') { field.append('"'); continue; }
                        quoted = false;
                    }
                    if (quoted) {
                        if (c == '"') pendingQuote = true;
                        else {
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
                        if (c == '\r') pendingCr = true;
                        if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
                            record.add(field.toString());
                            headerSeen = emit(record, recordLine, headerSeen, onHeader, onRecord);
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
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            emit(record, recordLine, headerSeen, onHeader, onRecord);
        }
    }

    private static boolean emit(List<String> record, int line, boolean headerSeen, Consumer<List<String>> onHeader, RecordSink onRecord) {
        if (!headerSeen) {
            onHeader.accept(record.stream().map(String::strip).toList());
            return true;
        }
        if (!(record.size() == 1 && record.get(0).isBlank())) onRecord.record(line, record);
        return true;
    }

    private static String key(String column) {
        return column.strip().toLowerCase(Locale.ROOT);
    }
}
