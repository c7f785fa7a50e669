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

    /**
     * A pending event as the relay reads it: no entity, nothing for Hibernate to track or dirty-check. {@code avro} is its
     * Avro binary encoding, written at publish time; {@code json} is read only for a row that has none (written before the
     * binary column existed, or by hand), else null.
     */
    public record Pending(UUID id, String aggregateId, String type, String topic, byte[] avro, String json, String correlationId,
                          String traceparent, String tracestate) {}

    /**
     * The relay's pass in one round trip: takes the service's relay lock (transaction-scoped: released at commit or rollback) and, only if it got it,
     * reads and locks the oldest pending rows (FOR UPDATE SKIP LOCKED, at most {@code limit}). Empty when another replica
     * holds the lock (no row is then read or locked); else the rows, possibly none.
     */
    @SuppressWarnings("unchecked")
    public Optional<List<Pending>> relayLockAndPending(int limit) {
        // every column's type named: left to guess a column's type from the result set's metadata, Hibernate registers it
        // at run time, which throws and catches an exception inside Hibernate on every pass
        List<Object[]> rows = getEntityManager().createNativeQuery(RELAY_PASS).unwrap(org.hibernate.query.NativeQuery.class)
                .addScalar("held", org.hibernate.type.StandardBasicTypes.BOOLEAN)
                .addScalar("id", org.hibernate.type.StandardBasicTypes.UUID)
                .addScalar("aggregateid", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("type", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("topic", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("payload_avro", org.hibernate.type.StandardBasicTypes.BINARY)
                .addScalar("json", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("correlation_id", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("traceparent", org.hibernate.type.StandardBasicTypes.STRING)
                .addScalar("tracestate", org.hibernate.type.StandardBasicTypes.STRING)
                .setParameter(1, relayLockName(schema)).setParameter(2, limit).getResultList();
        if (rows.isEmpty() || !Boolean.TRUE.equals(rows.get(0)[0])) return Optional.empty();
        if (rows.size() == 1 && rows.get(0)[1] == null) return Optional.of(List.of());
        return Optional.of(rows.stream().map(r -> new Pending((UUID) r[1], (String) r[2], (String) r[3], (String) r[4], (byte[]) r[5],
                (String) r[6], (String) r[7], (String) r[8], (String) r[9])).toList());
    }

    /**
     * The lock is taken first (a materialised CTE: volatile, evaluated once); the pending rows are a lateral subquery whose
     * one-time filter on the lock reads nothing when it was not taken. One row with nulls when the lock was taken and
     * nothing is pending.
     */
    static final String RELAY_PASS = "WITH relay_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtextextended(?1, 0)) AS held) "
            + "SELECT l.held, p.id, p.aggregateid, p.type, p.topic, p.payload_avro, p.json, p.correlation_id, p.traceparent, p.tracestate "
            + "FROM relay_lock l LEFT JOIN LATERAL (SELECT id, aggregateid, type, topic, payload_avro, "
            + "CASE WHEN payload_avro IS NULL THEN CAST(payload AS text) END AS json, correlation_id, traceparent, tracestate, created_at "
            + "FROM outbox_event WHERE l.held AND sent_at IS NULL ORDER BY created_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED) p ON true "
            + "ORDER BY p.created_at, p.id";

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
