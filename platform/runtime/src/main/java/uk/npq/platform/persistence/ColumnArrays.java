package uk.npq.platform.persistence;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Many rows written by ONE statement: each parameter is a text array holding one column's values for every row, and the SQL
 * reads them as rows with {@code unnest} and casts each column to its type, e.g.
 * {@code INSERT INTO t (id, n) SELECT CAST(r.id AS uuid), CAST(r.n AS integer) FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS r(id, n)}.
 * The text is the same whatever the number of rows, so the server prepares it once; a statement trigger sees the rows
 * together (one transition table), and the driver makes one round trip, where a JDBC batch runs the statement (and
 * its statement triggers) once per row. Bulk imports write their chunks this way (issue 16).
 *
 * <p>The statement runs on the transaction's connection through Hibernate's statement preparer, so it is traced and
 * counted like every other statement of the session and its errors are converted as Hibernate converts them. The session
 * is not flushed first: call it where the session holds no pending change the statement must see.
 */
public final class ColumnArrays {
    private ColumnArrays() {}

    /** A column of {@code rows}: each row's value as text (null stays null, SQL NULL). */
    public static <T> String[] column(List<T> rows, Function<T, ?> value) {
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = value.apply(rows.get(i));
            out[i] = v == null ? null : v.toString();
        }
        return out;
    }

    /** Runs {@code sql} with one text-array parameter per column, in order; the rows it changed. */
    public static int execute(EntityManager em, String sql, String[]... columns) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement ps = jdbc.getStatementPreparer().prepareStatement(sql);
        try {
            Connection c = jdbc.getLogicalConnection().getPhysicalConnection();
            for (int i = 0; i < columns.length; i++) ps.setArray(i + 1, c.createArrayOf("text", columns[i]));
            return jdbc.getResultSetReturn().executeUpdate(ps, sql);
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "cannot write rows", sql);
        } finally {
            jdbc.getLogicalConnection().getResourceRegistry().release(ps);
            jdbc.afterStatementExecution();
        }
    }
}
