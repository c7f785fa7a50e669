package uk.npq.platform.persistence;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.npq.platform.rest.ListQuery;

/**
 * A change feed in commit order, which a sync by {@code page[cursor]} reads without skipping or repeating a change even
 * while transactions commit out of order. The application's clock (created_at, updated_at) is no such order: a
 * transaction that took its timestamp first may commit last, after a reader has already passed that timestamp.
 *
 * <p>Every row of a feed carries its change position, {@code change_xid bigint NOT NULL}: the id of the transaction that
 * last inserted or changed it ({@code pg_current_xact_id()}, the 64-bit xid8, as a number), written by the trigger
 * function {@link #POSITION_FUNCTION} on every insert and update of the row (and, where a feed shows other tables' data,
 * by triggers on those tables that touch the row). A page serves only rows whose position is below the horizon
 * {@link #HORIZON}, the oldest transaction still running ({@code pg_snapshot_xmin(pg_current_snapshot())}): every
 * transaction below it has finished, and any transaction that writes later gets a larger id, so no row can ever appear
 * below a position a reader has passed. Pages are in (change_xid, id) order and the cursor is that pair
 * ({@link ListQuery.Cursor}).
 *
 * <ul>
 *   <li>An updated row moves to the end of the feed: a sync sees it again with its new state, which is a new change, not
 *       a repeat of the old one. An update that changes nothing a client sees moves it too (the trigger does not compare
 *       columns), so a client may see an unchanged record again; it never misses a changed one.</li>
 *   <li>The cost: a change becomes visible to the feed only when every older transaction (of the whole database cluster,
 *       not only of this service) has finished. A long-running transaction holds the feed's end back for its duration;
 *       nothing is lost, the changes behind it arrive when it ends.</li>
 *   <li>The position is not a time; filters such as {@code filter[updated_since]} keep their DfE meaning beside it.</li>
 * </ul>
 *
 * <p>Each service's migration creates the function with exactly this body ({@code CREATE FUNCTION feed_position()
 * RETURNS trigger LANGUAGE plpgsql AS $$ ... $$}) and a {@code BEFORE INSERT OR UPDATE ... FOR EACH ROW EXECUTE FUNCTION
 * feed_position()} trigger on each feed table, with an index (tenant, change_xid, id).
 */
public final class ChangeFeed {
    /** The body of the trigger function {@code feed_position()} that every service's migration creates. */
    public static final String POSITION_FUNCTION = "BEGIN NEW.change_xid := pg_current_xact_id()::text::bigint; RETURN NEW; END";

    /** The feed's horizon: positions below it belong to finished transactions only. */
    public static final String HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    private ChangeFeed() {}

    /**
     * Makes the current transaction a read of one snapshot (REPEATABLE READ, read-only): the horizon, the page's positions
     * and the rows loaded for them are then one consistent state, so a row changed meanwhile is not shown in its new
     * state at its old position as well as at its new one. Call it first in the transaction, before any other statement.
     */
    public static void readTransaction(EntityManager em) {
        em.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").executeUpdate();
        ReadOnly.transaction(em);
    }

    /**
     * The native SQL of one feed page of {@code table} (aliased {@code t}, with columns change_xid and id) whose rows
     * match {@code where} (SQL on {@code t}, with named parameters), after the cursor (:feedXid, :feedId) and below the
     * horizon (:feedHorizon), in feed order, at most :feedLimit rows. Its answer is (change_xid, id) pairs.
     */
    public static String sql(String table, String where) {
        return sql(table, "", where);
    }

    /** As {@link #sql(String, String)}, each answer row (change_xid, id) followed by {@code columns} (SQL on {@code t}, comma-separated). */
    public static String sql(String table, String columns, String where) {
        return "SELECT t.change_xid, t.id" + (columns.isEmpty() ? "" : ", " + columns) + " FROM " + table + " t WHERE " + where
                + " AND (t.change_xid, t.id) > (:feedXid, :feedId) AND t.change_xid < :feedHorizon ORDER BY t.change_xid, t.id LIMIT :feedLimit";
    }

    /**
     * The positions of the next {@code limit} rows of the feed after {@code after}: the page to serve, in feed order.
     * The horizon is read first, in its own statement; a row committed after it is read stays beyond it, so the page is
     * exact (a row changed between the two statements has moved past the horizon and is served at its new position).
     */
    public static List<ListQuery.Cursor> page(EntityManager em, String table, String where, Map<String, Object> params,
                                              ListQuery.Cursor after, int limit) {
        return rows(em, table, "", where, params, after, limit).stream().map(ChangeFeed::position).toList();
    }

    /**
     * The next {@code limit} rows of the feed after {@code after} as plain values, in feed order: each is (change_xid, id,
     * then {@code columns} in their order), read in one statement after the horizon's, no entity loaded (a sync's page of
     * thousands of rows is then the database's values straight into the answer's records, without a persistence context).
     * {@link #position} is a row's place in the feed.
     */
    public static List<Object[]> rows(EntityManager em, String table, String columns, String where, Map<String, Object> params,
                                      ListQuery.Cursor after, int limit) {
        return rows(em, table, columns, where, params, after, limit, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #rows(EntityManager, String, String, String, Map, ListQuery.Cursor, int)}, the page's SQL ({@link #sql(String,
     * String, String)}) put into a statement by {@code around} that also reads each row's nested rows, e.g.
     * {@code SELECT p.change_xid, p.id, ..., n.x FROM (page) p LEFT JOIN nested n ON ... ORDER BY p.change_xid, p.id, ...}:
     * a page and its nested data in one statement, without a list of the page's ids. Each answer row starts with its
     * page row's (change_xid, id), so a page row with several nested rows comes as several answer rows, in feed order.
     */
    public static List<Object[]> rows(EntityManager em, String table, String columns, String where, Map<String, Object> params,
                                      ListQuery.Cursor after, int limit, java.util.function.UnaryOperator<String> around) {
        long horizon = ((Number) em.createNativeQuery(HORIZON).getSingleResult()).longValue();
        var query = em.createNativeQuery(around.apply(sql(table, columns, where)));
        params.forEach(query::setParameter);
        query.setParameter("feedXid", after.xid()).setParameter("feedId", after.id()).setParameter("feedHorizon", horizon)
                .setParameter("feedLimit", limit);
        List<Object[]> rows = new ArrayList<>();
        for (Object row : query.getResultList()) rows.add((Object[]) row);
        return rows;
    }

    /** A row's place in the feed, of a row that {@link #rows} answered. */
    public static ListQuery.Cursor position(Object[] row) {
        return new ListQuery.Cursor(((Number) row[0]).longValue(), (UUID) row[1]);
    }

    /** A timestamptz column's value of a native query's row as an Instant (the JDBC driver may answer any of these types). */
    public static java.time.Instant instant(Object value) {
        if (value == null || value instanceof java.time.Instant) return (java.time.Instant) value;
        if (value instanceof java.time.OffsetDateTime t) return t.toInstant();
        if (value instanceof java.time.ZonedDateTime t) return t.toInstant();
        if (value instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }

    /** The page's ids in feed order. */
    public static List<UUID> ids(List<ListQuery.Cursor> page) {
        return page.stream().map(ListQuery.Cursor::id).toList();
    }

    /** Rows loaded by id (in any order) put in the page's feed order. */
    public static <T> List<T> inOrder(List<ListQuery.Cursor> page, List<T> rows, java.util.function.Function<T, UUID> id) {
        Map<UUID, T> byId = new java.util.HashMap<>();
        for (T row : rows) byId.put(id.apply(row), row);
        return page.stream().map(c -> byId.get(c.id())).filter(java.util.Objects::nonNull).toList();
    }
}
