package uk.npq.engagement.service;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * One SQL statement with named parameters, run on the transaction's connection through Hibernate's statement preparer (so it is
 * traced, counted and its errors converted like every other statement of the session) but without Hibernate's native-query
 * machinery: no parameter parsing, binding or result-type resolution per execution. Issue 16: the declaration POST's three
 * statements (facts, checks, insert) spent more of engagement's CPU in that machinery (parsing the SQL for parameters, resolving
 * a Hibernate type for each of 27 result columns from the result set's metadata, every time) than in the driver.
 *
 * <p>The text's {@code :name} parameters become JDBC's {@code ?} once, when the statement is made; a parameter may appear more
 * than once. Values are bound as the driver binds them ({@code setObject}; a {@code null} as an untyped null), so the SQL says
 * each parameter's type with a {@code CAST} where PostgreSQL cannot infer it.
 */
final class SessionSql {
    final String sql;
    private final List<String> order;

    SessionSql(String named) {
        StringBuilder out = new StringBuilder(named.length());
        List<String> names = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < named.length(); i++) {
            char c = named.charAt(i);
            if (c == '\'') quoted = !quoted;
            if (!quoted && c == ':' && i + 1 < named.length() && Character.isJavaIdentifierStart(named.charAt(i + 1))
                    && (i == 0 || named.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < named.length() && Character.isJavaIdentifierPart(named.charAt(end))) end++;
                names.add(named.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        this.sql = out.toString();
        this.order = List.copyOf(names);
    }

    /** The parameters' names in the order of the text's {@code ?}s. */
    List<String> parameters() {
        return order;
    }

    interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs the query and reads its result set with {@code rows}. */
    <T> T query(EntityManager em, Map<String, ?> values, Rows<T> rows) {
        SharedSessionContractImplementor session = session(em);
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement ps = jdbc.getStatementPreparer().prepareStatement(sql);
        try {
            bind(ps, values);
            ResultSet rs = jdbc.getResultSetReturn().extract(ps, sql);
            return rows.read(rs);
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "declaration statement failed", sql);
        } finally {
            jdbc.getLogicalConnection().getResourceRegistry().release(ps);
            jdbc.afterStatementExecution();
        }
    }

    /** Runs the statement; the rows it changed. */
    int update(EntityManager em, Map<String, ?> values) {
        SharedSessionContractImplementor session = session(em);
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement ps = jdbc.getStatementPreparer().prepareStatement(sql);
        try {
            bind(ps, values);
            return jdbc.getResultSetReturn().executeUpdate(ps, sql);
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "declaration statement failed", sql);
        } finally {
            jdbc.getLogicalConnection().getResourceRegistry().release(ps);
            jdbc.afterStatementExecution();
        }
    }

    /**
     * The session, flushed first if it holds changes (as Hibernate flushes before a native query), so the statement sees them.
     */
    private static SharedSessionContractImplementor session(EntityManager em) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        if (session.getPersistenceContextInternal().getNumberOfManagedEntities() > 0 && em.unwrap(org.hibernate.Session.class).isDirty()) {
            em.flush();
        }
        return session;
    }

    private void bind(PreparedStatement ps, Map<String, ?> values) throws SQLException {
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            if (!values.containsKey(name)) throw new IllegalArgumentException("no value for :" + name);
            Object v = values.get(name);
            if (v == null) ps.setNull(i + 1, java.sql.Types.NULL);
            else if (v instanceof String[] a) ps.setArray(i + 1, ps.getConnection().createArrayOf("varchar", a));
            else ps.setObject(i + 1, v);
        }
    }
}
