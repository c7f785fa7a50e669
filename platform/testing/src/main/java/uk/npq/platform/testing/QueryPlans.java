package uk.npq.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * PostgreSQL's plan for a statement as Hibernate sent it (with its {@code ?} parameters), by {@code EXPLAIN (GENERIC_PLAN)}:
 * the plan without the parameters' values, which is the plan a prepared statement settles on once it is reused (the JDBC
 * driver prepares a statement on the server from its fifth execution, and PostgreSQL then keeps a generic plan unless custom
 * ones are cheaper), so it is the plan the request path runs under load. The services' IndexUseTests explain the SQL of
 * their request paths with it against tables seeded with thousands of rows.
 */
public final class QueryPlans {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryPlans() {}

    /** Whether the statement reads or writes existing rows (not an insert) of one of these tables. */
    public static boolean touches(String sql, Set<String> tables) {
        String s = sql.strip().toLowerCase(Locale.ROOT);
        if (!(s.startsWith("select") || s.startsWith("update") || s.startsWith("delete") || s.startsWith("with"))) return false;
        return tables.stream().anyMatch(t -> Pattern.compile("(^|[\\s,(.])" + t + "([\\s,)]|$)").matcher(s).find());
    }

    /** The tables among these that the plan reads with a sequential scan, one "table (Seq Scan)" each. */
    public static List<String> seqScans(String sql, Set<String> tables) {
        List<String> found = new ArrayList<>();
        walk(plan(sql), tables, found);
        return found;
    }

    /** The index conditions of the plan's scans of this table (index, index-only and bitmap scans). */
    public static List<String> indexConditions(String sql, String table) {
        List<String> found = new ArrayList<>();
        collect(plan(sql), table, found);
        return found;
    }

    private static void collect(JsonNode node, String table, List<String> found) {
        if (table.equals(node.path("Relation Name").asText(null))) {
            if (node.has("Index Cond")) found.add(node.get("Index Cond").asText());
            // a bitmap heap scan's condition is its bitmap index scans' index condition
            if (node.has("Recheck Cond")) found.add(node.get("Recheck Cond").asText());
        }
        for (JsonNode child : node.path("Plans")) collect(child, table, found);
    }

    /** The JSON plan of the statement, its {@code ?} parameters numbered as $1, $2, ... */
    public static JsonNode plan(String sql) {
        String explain = "EXPLAIN (GENERIC_PLAN, FORMAT JSON) " + numbered(sql);
        try (Connection c = simpleProtocol(); Statement st = c.createStatement(); ResultSet r = st.executeQuery(explain)) {
            r.next();
            return JSON.readTree(r.getString(1)).get(0).get("Plan");
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(explain, e);
        }
    }

    /**
     * A connection of the service's own role that sends statements in the simple query protocol: in the extended one the
     * driver would take $1 for a parameter it must bind, where EXPLAIN (GENERIC_PLAN) wants PostgreSQL to leave it unbound.
     */
    private static Connection simpleProtocol() throws SQLException {
        var config = ConfigProvider.getConfig();
        Properties p = new Properties();
        p.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        p.setProperty("password", config.getValue("quarkus.datasource.password", String.class));
        p.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class), p);
    }

    /** JDBC's ? placeholders and named :parameters (outside quoted text; not a :: cast) as PostgreSQL's $n. */
    static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        int n = 0;
        java.util.Map<String, Integer> named = new java.util.HashMap<>();
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (ch == '?' && !quoted) {
                out.append('$').append(++n);
            } else if (ch == ':' && !quoted && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) end++;
                String name = sql.substring(i + 1, end);
                Integer number = named.get(name);
                if (number == null) named.put(name, number = ++n);
                out.append('$').append(number);
                i = end - 1;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static void walk(JsonNode node, Set<String> tables, List<String> found) {
        if (node == null) return;
        String type = node.path("Node Type").asText();
        String relation = node.path("Relation Name").asText(null);
        if ("Seq Scan".equals(type) && relation != null && tables.contains(relation)) found.add(relation + " (Seq Scan)");
        for (JsonNode child : node.path("Plans")) walk(child, tables, found);
    }
}
