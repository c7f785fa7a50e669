package uk.npq.platform.outbox;

import uk.npq.platform.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, UUID> {

    /** The service's schema: each service has its own outbox table, so its own relay lock. */
    @ConfigProperty(name = "npq.service.schema") String schema;

    /**
     * The name of the transaction-scoped advisory lock that makes one replica of a service at a time its relay (the lock's
     * key is PostgreSQL's hashtextextended of it). Advisory locks are database-wide and the four services share the
     * database, so the name carries the service's schema: one service's relay never waits for another's.
     */
    public static String relayLockName(String schema) {
        return "npq.outbox.relay:" + schema;
    }

    /**
     * The PostgreSQL NOTIFY channel on which a service's transactions that wrote outbox rows wake its relays (every replica
     * listens: OutboxWakeListener). Like the relay lock, per service: channels, too, are database-wide.
     */
    public static String wakeChannel(String schema) {
        return "npq_outbox_" + schema;
    }

    /** True when this transaction now holds the service's relay lock (released at commit or rollback). */
    public boolean tryRelayLock() {
        Object got = getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, relayLockName(schema)).getSingleResult();
        return Boolean.TRUE.equals(got);
    }

    /**
     * A pending event as the relay reads it: no entity, nothing for Hibernate to track or dirty-check. {@code avro} is its
     * Avro binary encoding, written at publish time; {@code json} is read only for a row that has none (written before the
     * binary column existed, or by hand), else null.
     */
    public record Pending(UUID id, String aggregateId, String type, String topic, byte[] avro, String json, String correlationId) {}

    /** Oldest pending rows, locked for this transaction; rows another transaction holds are skipped. */
    @SuppressWarnings("unchecked")
    public List<Pending> lockPending(int limit) {
        List<Object[]> rows = getEntityManager().createNativeQuery(
                        "SELECT id, aggregateid, type, topic, payload_avro, CASE WHEN payload_avro IS NULL THEN CAST(payload AS text) END, "
                                + "correlation_id FROM outbox_event WHERE sent_at IS NULL "
                                + "ORDER BY created_at, id LIMIT ?1 FOR UPDATE SKIP LOCKED")
                .setParameter(1, limit).getResultList();
        return rows.stream().map(r -> new Pending((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (byte[]) r[4], (String) r[5],
                (String) r[6])).toList();
    }

    /** Marks the rows sent in one statement, however many. */
    public int markSent(List<UUID> ids, Instant at) {
        if (ids.isEmpty()) return 0;
        return getEntityManager().createNativeQuery("UPDATE outbox_event SET sent_at = ?1, last_error = NULL WHERE id = ANY(CAST(?2 AS uuid[]))")
                .setParameter(1, at).setParameter(2, "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}")
                .executeUpdate();
    }

    /** A send that failed: the row stays pending, its attempt counted and its error kept. */
    public void markFailed(UUID id, String error) {
        getEntityManager().createNativeQuery("UPDATE outbox_event SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, error).executeUpdate();
    }

    public Backlog backlog() {
        Object[] row = (Object[]) getEntityManager().createNativeQuery(
                "SELECT count(*), min(created_at) FROM outbox_event WHERE sent_at IS NULL").getSingleResult();
        long count = ((Number) row[0]).longValue();
        Instant oldest = row[1] == null ? null : SqlValues.instant(row[1]);
        return new Backlog(count, Optional.ofNullable(oldest));
    }

    public int deleteSentBefore(Instant before) {
        return (int) delete("sentAt < ?1", before);
    }

    /** Pending events: how many, and since when the oldest waits. */
    public record Backlog(long count, Optional<Instant> oldest) {
        public Duration age(Instant now) {
            return oldest.map(o -> Duration.between(o, now)).orElse(Duration.ZERO);
        }
    }
}
