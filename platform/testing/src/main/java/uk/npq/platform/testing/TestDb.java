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

    public static void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static DataSource dataSource() {
        return CDI.current().select(DataSource.class).get();
    }
}
