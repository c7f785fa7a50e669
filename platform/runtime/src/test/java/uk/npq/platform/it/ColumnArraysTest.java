package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.persistence.ColumnArrays;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;

/**
 * persistence.ColumnArrays: many rows in one statement of text arrays, each value cast to its column's type, nulls kept,
 * one statement prepared for any number of rows (seen by the session's statement inspector), a failing row fails the
 * statement and the transaction writes nothing.
 */
@QuarkusTest
class ColumnArraysTest {
    static final String INSERT = "INSERT INTO note (id, title, pages, written_on) SELECT CAST(r.id AS uuid), r.title, "
            + "CAST(r.pages AS integer), CAST(r.written_on AS date) FROM unnest(CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[])) AS r(id, title, pages, written_on)";

    record Note(UUID id, String title, Integer pages, LocalDate writtenOn) {}

    @Inject EntityManager em;

    int insert(List<Note> notes) {
        return QuarkusTransaction.requiringNew().call(() -> ColumnArrays.execute(em, INSERT, ColumnArrays.column(notes, Note::id),
                ColumnArrays.column(notes, Note::title), ColumnArrays.column(notes, Note::pages), ColumnArrays.column(notes, Note::writtenOn)));
    }

    @Test
    void writesEveryRowWithOneStatementCastingEachColumn() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 2500; i++) notes.add(new Note(UUID.randomUUID(), i == 7 ? "it's \"quoted\", {braced}" : "note " + i, i,
                LocalDate.of(2026, 1, 1).plusDays(i % 300)));
        List<String> prepared = SqlTrace.onThisThread(() -> assertThat(insert(notes)).isEqualTo(2500));
        assertThat(prepared).containsExactly(INSERT);
        Note seventh = notes.get(7);
        assertThat(TestDb.string("SELECT title || '|' || pages || '|' || written_on FROM note WHERE id = '" + seventh.id() + "'"))
                .isEqualTo("it's \"quoted\", {braced}|7|2026-01-08");
        assertThat(TestDb.count("SELECT count(*) FROM note WHERE id IN ('" + notes.get(0).id() + "', '" + notes.get(2499).id() + "')")).isEqualTo(2);
    }

    @Test
    void aRowTheTableRefusesFailsTheStatementAndNothingIsWritten() {
        UUID first = UUID.randomUUID();
        List<Note> notes = List.of(new Note(first, "fine", 1, LocalDate.of(2026, 2, 1)), new Note(UUID.randomUUID(), null, 2, LocalDate.of(2026, 2, 2)));
        assertThatThrownBy(() -> insert(notes)).isInstanceOf(RuntimeException.class);
        assertThat(TestDb.count("SELECT count(*) FROM note WHERE id = '" + first + "'")).isZero();
    }
}
