package uk.npq.platform.projection;

import uk.npq.platform.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
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
