package uk.npq.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void readsQuotedFieldsByHeaderNameWithLineNumbers() {
        Csv csv = Csv.parse("URN,EstablishmentName,\"LA (code)\"\r\n100001,\"Oak, \"\"Upper\"\" School\",202\r\n\r\n"
                + "100002,\"Two\nLines\",203\n100003,short\n");
        assertThat(csv.header()).containsExactly("URN", "EstablishmentName", "LA (code)");
        assertThat(csv.rows()).hasSize(3);
        Csv.Row first = csv.rows().get(0);
        assertThat(first.line).isEqualTo(2);
        assertThat(first.get("establishmentname")).contains("Oak, \"Upper\" School");
        assertThat(first.get(" la (code) ")).contains("202");
        assertThat(csv.rows().get(1).line).isEqualTo(4);
        assertThat(csv.rows().get(1).get("EstablishmentName")).contains("Two\nLines");
        assertThat(csv.rows().get(2).line).isEqualTo(6);
        assertThat(csv.rows().get(2).malformed()).isTrue();
        assertThat(csv.rows().get(0).get("NoSuchColumn")).isEmpty();
    }

    @Test
    void streamsRecordByRecordWithTheSameReading() {
        String text = "URN,Name\r\n1,\"a, \"\"b\"\"\"\r\n\r\n2,\"two\nlines\"\n3\n";
        java.util.List<String> seen = new java.util.ArrayList<>();
        Csv csv = Csv.stream(new java.io.StringReader(text), r -> seen.add(r.line + ":" + r.get("name").orElse("-") + (r.malformed() ? "!" : "")));
        assertThat(csv.header()).containsExactly("URN", "Name");
        assertThat(csv.rows()).isEmpty();
        assertThat(seen).containsExactly("2:a, \"b\"", "4:two\nlines", "6:-!");
    }

    @Test
    void decodesUtf8WithBomAndFallsBackToWindows1252() {
        assertThat(Csv.decode("\uFEFFURN\n1\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("URN\n1\n");
        byte[] cp1252 = "Ysgol Gymraeg Caerdydd – Ffordd".getBytes(Charset.forName("windows-1252"));
        assertThat(Csv.decode(cp1252)).isEqualTo("Ysgol Gymraeg Caerdydd – Ffordd");
    }
}
