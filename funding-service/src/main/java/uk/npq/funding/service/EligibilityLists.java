package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import uk.npq.platform.problem.Problems;

/**
 * The eligibility lists, versioned. Each change (a whole replacement, or one entry added or removed) is a new
 * version; an entry row is a range of versions (added_in_version up to, not including, removed_in_version), so a
 * change writes only what changed and every version reads the same forever. Changes to one list are serialised by an
 * advisory lock and may be conditional on the version the client read ({@link IfMatch}, the list's ETag).
 */
@ApplicationScoped
public class EligibilityLists {
    public static final List<String> TYPES = List.of("pp50-schools", "pp50-further-education", "rise-schools",
            "childminders", "local-authority-nurseries", "disadvantaged-early-years");
    static final Pattern URN = Pattern.compile("^[0-9]{5,7}$");
    static final Pattern UKPRN = Pattern.compile("^1[0-9]{7}$");
    static final Pattern OFSTED_URN = Pattern.compile("^(EY|SC)?[0-9]{6,7}$");
    /** The rows of version ?2 of list ?1. */
    static final String AT_VERSION = "list_type = ?1 AND added_in_version <= ?2 AND (removed_in_version IS NULL OR removed_in_version > ?2)";

    @Inject EntityManager em;
    @Inject DataSource dataSource;

    /**
     * The If-Match header: absent, {@code *} (any version), or strong ETags {@code "7"}. A weak ETag never matches
     * (RFC 9110 compares If-Match strongly); anything else is a 400 naming the header.
     */
    public record IfMatch(boolean any, Set<Integer> versions) {
        public static IfMatch parse(String header) {
            if (header == null) return null;
            Set<Integer> versions = new HashSet<>();
            boolean any = false;
            for (String raw : header.split(",")) {
                String tag = raw.strip();
                if (tag.equals("*")) { any = true; continue; }
                if (tag.startsWith("W/\"") && tag.endsWith("\"") && tag.length() >= 4) continue;
                if (!tag.matches("^\"[0-9]{1,9}\"$")) {
                    throw Problems.badRequest("If-Match", "'If-Match' must be * or the list's ETag as read, e.g. \"7\".");
                }
                versions.add(Integer.parseInt(tag.substring(1, tag.length() - 1)));
            }
            return new IfMatch(any, versions);
        }

        boolean matches(int version) {
            return any || versions.contains(version);
        }
    }

    /** What a change did: the version now current, whether it made one, and the list's size at it. */
    public record Change(String listType, int version, boolean applied, int entries, String change, String identifier) {}

    /** An entry of a version: its identifier and the version since which it has been on the list without a break. */
    public record Entry(String identifier, int addedInVersion) {}

    public static void requireType(String type) {
        if (type == null || !TYPES.contains(type)) throw Problems.notFound();
    }

    public static Pattern pattern(String type) {
        return switch (type) {
            case "pp50-further-education" -> UKPRN;
            case "childminders", "disadvantaged-early-years" -> OFSTED_URN;
            default -> URN;
        };
    }

    /** The current version of a list (0: never uploaded, empty). */
    public int current(String type) {
        Number v = (Number) em.createNativeQuery("SELECT max(version) FROM eligibility_list_version WHERE list_type = ?1")
                .setParameter(1, type).getSingleResult();
        return v == null ? 0 : v.intValue();
    }

    /** Whether version {@code version} of the list exists (0, the empty list before any upload, does not). */
    public boolean exists(String type, int version) {
        return version >= 1 && version <= current(type);
    }

    /** Serialises changes to one list and answers its current version, refusing a stale If-Match (412). */
    private int lock(String type, IfMatch ifMatch, boolean required) {
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtext('eligibility_list_' || ?1)) AS text)").setParameter(1, type).getSingleResult();
        int current = current(type);
        if (ifMatch == null) {
            if (required && current > 0) {
                throw Problems.of(428, "Precondition Required", List.of(new uk.npq.platform.problem.ApiError("If-Match",
                        "Replacing the list " + type + " needs an 'If-Match' header with the ETag you read (it is now \"" + current
                                + "\"), or If-Match: * to replace whatever is current.")));
            }
        } else if (!ifMatch.matches(current)) {
            throw Problems.of(412, "Precondition Failed", List.of(new uk.npq.platform.problem.ApiError("If-Match",
                    "The list " + type + " is at version " + current + " (ETag \"" + current + "\"), not the version you read: "
                            + "nothing was changed. Read it again and reapply your change.")));
        }
        return current;
    }

    /**
     * Replaces the list with {@code ids} as a new version, unless they are its current entries (then nothing changes
     * and the current version is answered). Writes only the differences: closed rows for removed identifiers, new rows
     * for added ones.
     */
    @Transactional
    public Change replace(String type, Set<String> ids, String by, IfMatch ifMatch, boolean ifMatchRequired) {
        int current = lock(type, ifMatch, ifMatchRequired);
        @SuppressWarnings("unchecked")
        List<String> existing = em.createNativeQuery("SELECT identifier FROM eligibility_list_entry WHERE list_type = ?1 "
                + "AND removed_in_version IS NULL").setParameter(1, type).getResultList();
        Set<String> before = new HashSet<>(existing);
        if (current > 0 && before.equals(ids)) return new Change(type, current, false, ids.size(), "replace", null);
        int version = current + 1;
        newVersion(type, version, ids.size(), by, "replace", null);
        List<String> removed = existing.stream().filter(id -> !ids.contains(id)).toList();
        if (!removed.isEmpty()) close(type, version, removed);
        StringBuilder copy = new StringBuilder();
        for (String id : ids) {
            if (!before.contains(id)) copy.append(type).append(',').append(id).append(',').append(version).append('\n');
        }
        if (!copy.isEmpty()) copyIn(copy.toString());
        return new Change(type, version, true, ids.size(), "replace", null);
    }

    /** Adds one entry as a new version; one already on the list changes nothing. */
    @Transactional
    public Change add(String type, String identifier, String by, IfMatch ifMatch) {
        int current = lock(type, ifMatch, false);
        int size = size(type);
        boolean on = ((Number) em.createNativeQuery("SELECT count(*) FROM eligibility_list_entry WHERE list_type = ?1 "
                + "AND identifier = ?2 AND removed_in_version IS NULL").setParameter(1, type).setParameter(2, identifier)
                .getSingleResult()).longValue() > 0;
        if (on) return new Change(type, current, false, size, "add", identifier);
        int version = current + 1;
        newVersion(type, version, size + 1, by, "add", identifier);
        em.createNativeQuery("INSERT INTO eligibility_list_entry (list_type, identifier, added_in_version) VALUES (?1, ?2, ?3)")
                .setParameter(1, type).setParameter(2, identifier).setParameter(3, version).executeUpdate();
        return new Change(type, version, true, size + 1, "add", identifier);
    }

    /** Removes one entry as a new version; an identifier not on the list is a 404 (nothing written). */
    @Transactional
    public Change remove(String type, String identifier, String by, IfMatch ifMatch) {
        int current = lock(type, ifMatch, false);
        boolean on = ((Number) em.createNativeQuery("SELECT count(*) FROM eligibility_list_entry WHERE list_type = ?1 "
                + "AND identifier = ?2 AND removed_in_version IS NULL").setParameter(1, type).setParameter(2, identifier)
                .getSingleResult()).longValue() > 0;
        if (!on) throw Problems.notFound();
        int version = current + 1;
        int size = size(type) - 1;
        newVersion(type, version, size, by, "remove", identifier);
        em.createNativeQuery("UPDATE eligibility_list_entry SET removed_in_version = ?3 WHERE list_type = ?1 AND identifier = ?2 "
                + "AND removed_in_version IS NULL").setParameter(1, type).setParameter(2, identifier).setParameter(3, version).executeUpdate();
        return new Change(type, version, true, size, "remove", identifier);
    }

    private int size(String type) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM eligibility_list_entry WHERE list_type = ?1 AND removed_in_version IS NULL")
                .setParameter(1, type).getSingleResult()).intValue();
    }

    private void newVersion(String type, int version, int entries, String by, String change, String identifier) {
        em.createNativeQuery("INSERT INTO eligibility_list_version (list_type, version, entries, uploaded_at, uploaded_by, change, identifier) "
                        + "VALUES (?1, ?2, ?3, now(), ?4, ?5, ?6)")
                .setParameter(1, type).setParameter(2, version).setParameter(3, entries).setParameter(4, by == null ? "unknown" : by)
                .setParameter(5, change).setParameter(6, identifier).executeUpdate();
        em.flush();
    }

    /** Closes the open rows of {@code identifiers} at {@code version} (one statement, an array parameter). */
    private void close(String type, int version, List<String> identifiers) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement("UPDATE eligibility_list_entry "
                + "SET removed_in_version = ? WHERE list_type = ? AND removed_in_version IS NULL AND identifier = ANY (?)")) {
            p.setInt(1, version);
            p.setString(2, type);
            p.setArray(3, c.createArrayOf("varchar", identifiers.toArray()));
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("list change failed", e);
        }
    }

    private void copyIn(String rows) {
        // within the JTA transaction Agroal hands back the connection Hibernate uses, so this commits with it
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY eligibility_list_entry (list_type, identifier, added_in_version) FROM STDIN (FORMAT csv)", new StringReader(rows));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("list change failed", e);
        }
    }

    // ---------------------------------------------------------------- reads

    /** A page of version {@code version}'s entries in identifier order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Entry> entries(String type, int version, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT identifier, added_in_version FROM eligibility_list_entry WHERE " + AT_VERSION
                        + " ORDER BY identifier LIMIT ?3 OFFSET ?4")
                .setParameter(1, type).setParameter(2, version).setParameter(3, limit).setParameter(4, offset).getResultList();
        return rows.stream().map(r -> new Entry((String) r[0], ((Number) r[1]).intValue())).toList();
    }

    /** The entry {@code identifier} at the current version, or null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Entry currentEntry(String type, String identifier) {
        Object added = em.createNativeQuery("SELECT added_in_version FROM eligibility_list_entry WHERE list_type = ?1 AND identifier = ?2 "
                + "AND removed_in_version IS NULL").setParameter(1, type).setParameter(2, identifier).getResultStream().findFirst().orElse(null);
        return added == null ? null : new Entry(identifier, ((Number) added).intValue());
    }

    /** The versions of a list, newest first: what changed, when and by whom. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Map<String, Object>> versions(String type, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT version, entries, uploaded_at, uploaded_by, change, identifier "
                        + "FROM eligibility_list_version WHERE list_type = ?1 ORDER BY version DESC LIMIT ?2 OFFSET ?3")
                .setParameter(1, type).setParameter(2, limit).setParameter(3, offset).getResultList();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("list_type", type);
            m.put("version", ((Number) r[0]).intValue());
            m.put("entries", ((Number) r[1]).intValue());
            m.put("created_at", instant(r[2]));
            m.put("created_by", r[3]);
            m.put("change", r[4]);
            m.put("identifier", r[5]);
            out.add(m);
        }
        return out;
    }

    private static String instant(Object value) {
        if (value instanceof java.time.Instant i) return i.toString();
        if (value instanceof OffsetDateTime o) return o.toInstant().toString();
        if (value instanceof java.sql.Timestamp t) return t.toInstant().toString();
        return String.valueOf(value);
    }

    /**
     * Version {@code version} as CSV (identifier, added_in_version), streamed from a cursor; its identifier column is
     * what a replacement upload reads, so a list read can be edited and sent back with If-Match.
     */
    public void csv(String type, int version, OutputStream out) throws IOException {
        String sql = "SELECT identifier, added_in_version FROM eligibility_list_entry WHERE "
                + AT_VERSION.replace("?1", "?").replace("?2", "?") + " ORDER BY identifier";
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor: PostgreSQL sends the rows in batches of the fetch size
            c.setReadOnly(true);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setFetchSize(2000);
                p.setString(1, type);
                p.setInt(2, version);
                p.setInt(3, version);
                try (ResultSet r = p.executeQuery()) {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("identifier", "added_in_version").get());
                    while (r.next()) csv.printRecord(r.getString(1), r.getInt(2));
                    csv.flush();
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
