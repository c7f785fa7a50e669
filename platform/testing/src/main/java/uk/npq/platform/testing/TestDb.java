package uk.npq.platform.testing;

import jakarta.enterprise.inject.spi.CDI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Direct SQL against the service's own datasource, for arranging and checking state in @QuarkusTests. */
public final class TestDb {
    private TestDb() {}

    /** The single number a query answers (0 when it answers no row). */
    public static long count(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single text a query answers (null when it answers no row). */
    public static String string(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The number of rows of every table of the service's own schema (Flyway's history left out), by table name: two
     * answers that are equal mean that no row was inserted or deleted in between.
     */
    public static java.util.SortedMap<String, Long> tableCounts() {
        java.util.List<String> tables = new java.util.ArrayList<>();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    + "AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
                while (r.next()) tables.add(r.getString(1));
            }
            java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
            if (tables.isEmpty()) return counts;
            String sql = String.join(" UNION ALL ", tables.stream()
                    .map(t -> "SELECT '" + t + "', count(*) FROM \"" + t + "\"").toList());
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next()) counts.put(r.getString(1), r.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("counting the rows of " + tables, e);
        }
    }

    public static void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * A transaction held open on a connection of its own (the service's role and schema), for tests of what readers see
     * while a writer has not committed: {@link Held#execute} runs statements in it; nothing is visible to others until
     * {@link Held#commit}; closing it without a commit rolls it back.
     */
    public static Held hold() {
        try {
            Connection c = dataSource().getConnection();
            c.setAutoCommit(false);
            return new Held(c);
        } catch (SQLException e) {
            throw new IllegalStateException("opening a held transaction", e);
        }
    }

    /** An open transaction of {@link #hold()}. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private boolean done;

        private Held(Connection connection) {
            this.connection = connection;
        }

        /** Runs a statement in the held transaction (uncommitted). */
        public Held execute(String sql) {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
                return this;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        public void commit() {
            try {
                connection.commit();
                done = true;
            } catch (SQLException e) {
                throw new IllegalStateException("committing the held transaction", e);
            }
        }

        @Override
        public void close() {
            try {
                if (!done) connection.rollback();
                connection.setAutoCommit(true);
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing the held transaction", e);
            }
        }
    }

    private static DataSource dataSource() {
        return CDI.current().select(DataSource.class).get();
    }
}
