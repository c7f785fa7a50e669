package uk.npq.platform.projection;

import uk.npq.platform.persistence.SqlValues;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts every service's copy of registration's applications and participants shares (engagement and
 * assessment keep one): a row per application that whichever event comes first creates, and the participant ids
 * registration's merges retired. Needs, in the service's schema, a table {@code participant_id_change
 * (from_participant_id uuid primary key, to_participant_id uuid, changed_at timestamptz)}.
 */
@ApplicationScoped
public class ParticipantCopies {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject EntityManager em;

    /** The id that replaced a retired participant id, and when. */
    public record Replacement(UUID to, Instant changedAt) {}

    /**
     * The application's row of {@code entity} (table {@code table}, keyed by application_id, with participant_id,
     * status and updated_at), locked for this transaction. Two consumers may see an application's first events at the
     * same moment: the insert that does nothing on a conflict waits for the other's commit instead of failing on the
     * key, and the locked read then sees the row either way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T lockOrCreate(Class<T> entity, String table, UUID applicationId, UUID participantId) {
        em.createNativeQuery("INSERT INTO " + table + " (application_id, participant_id, status, updated_at) "
                        + "VALUES (?1, ?2, 'pending', now()) ON CONFLICT (application_id) DO NOTHING")
                .setParameter(1, applicationId).setParameter(2, participantId).executeUpdate();
        return em.find(entity, applicationId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** What a poll's events set on one application's row: the participant it is created for, and each column set (a null too). */
    public record Patch(UUID participantId, Map<String, Object> columns) {
        public Patch(UUID participantId) { this(participantId, new LinkedHashMap<>()); }

        /** Sets {@code column} (a later event's value replaces an earlier one's, as one by one). */
        public Patch set(String column, Object value) { columns.put(column, value); return this; }
    }

    /**
     * Set-based {@link #lockOrCreate} plus the entity's field writes, for a poll's events at once (issue 16): creates the rows
     * that are missing (one statement), then sets on each row exactly the columns its patch holds, the others kept (one
     * statement), rows taken in application-id order (two consumers never lock the same rows in opposite orders). The
     * caller folds the events of one application, in order, into its patch: the result is the one-by-one result.
     * {@code types} gives each column's SQL type (the columns a patch may name; anything else is refused).
     *
     * @return the statements it sent (2, or 0 for no patches)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int createAndPatch(String table, Map<String, String> types, Map<UUID, Patch> patches) {
        if (patches.isEmpty()) return 0;
        Map<String, Object> body = new java.util.TreeMap<>();
        for (Map.Entry<UUID, Patch> e : patches.entrySet()) {
            for (String column : e.getValue().columns().keySet()) {
                if (!types.containsKey(column)) throw new IllegalArgumentException(table + ": no column " + column + " to patch");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("a", e.getKey().toString());
            row.put("p", e.getValue().participantId().toString());
            Map<String, Object> columns = new LinkedHashMap<>();
            e.getValue().columns().forEach((k, v) -> columns.put(k, v == null ? null : v.toString()));
            row.put("c", columns);
            body.put(e.getKey().toString(), row);
        }
        String json;
        try {
            json = JSON.writeValueAsString(body.values());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        em.createNativeQuery("INSERT INTO " + table + " (application_id, participant_id, status, updated_at) "
                        + "SELECT cast(r.a AS uuid), cast(r.p AS uuid), 'pending', now() FROM jsonb_to_recordset(cast(?1 AS jsonb)) AS r(a text, p text) "
                        + "ORDER BY 1 ON CONFLICT (application_id) DO NOTHING")
                .setParameter(1, json).executeUpdate();
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> t : new java.util.TreeMap<>(types).entrySet()) {
            String c = t.getKey();
            set.append(c).append(" = CASE WHEN jsonb_exists(r.c, '").append(c).append("') THEN cast(r.c ->> '").append(c).append("' AS ")
                    .append(t.getValue()).append(") ELSE x.").append(c).append(" END, ");
        }
        // the rows locked in key order first (UPDATE ... FROM locks in the join's order)
        em.createNativeQuery("WITH r AS (SELECT cast(j.a AS uuid) AS a, j.c FROM jsonb_to_recordset(cast(?1 AS jsonb)) AS j(a text, c jsonb)), "
                        + "l AS (SELECT x.application_id FROM " + table + " x JOIN r ON r.a = x.application_id ORDER BY 1 FOR UPDATE OF x) "
                        + "UPDATE " + table + " x SET " + set + "updated_at = now() FROM r WHERE x.application_id = r.a "
                        + "AND x.application_id IN (SELECT application_id FROM l)")
                .setParameter(1, json).executeUpdate();
        return 2;
    }

    /**
     * A merge (ParticipantIdChanged): the retired id is remembered, earlier retirements that led to it now lead to
     * the survivor, and the rows of {@code tables} (each with a participant_id column) move to the survivor.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retire(UUID from, UUID to, Instant changedAt, List<String> tables) {
        em.createNativeQuery("INSERT INTO participant_id_change (from_participant_id, to_participant_id, changed_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (from_participant_id) DO UPDATE SET to_participant_id = EXCLUDED.to_participant_id")
                .setParameter(1, from).setParameter(2, to).setParameter(3, changedAt).executeUpdate();
        em.createNativeQuery("UPDATE participant_id_change SET to_participant_id = ?1 WHERE to_participant_id = ?2")
                .setParameter(1, to).setParameter(2, from).executeUpdate();
        for (String table : tables) {
            em.createNativeQuery("UPDATE " + table + " SET participant_id = ?1, updated_at = now() WHERE participant_id = ?2")
                    .setParameter(1, to).setParameter(2, from).executeUpdate();
        }
    }

    /** What replaced this participant id, if a merge retired it. */
    public Optional<Replacement> replacement(UUID from) {
        List<?> rows = em.createNativeQuery("SELECT to_participant_id, changed_at FROM participant_id_change WHERE from_participant_id = ?1")
                .setParameter(1, from).getResultList();
        if (rows.isEmpty()) return Optional.empty();
        Object[] row = (Object[]) rows.get(0);
        Object at = row[1];
        Instant changedAt = SqlValues.instant(at);
        return Optional.of(new Replacement((UUID) row[0], changedAt));
    }
}
