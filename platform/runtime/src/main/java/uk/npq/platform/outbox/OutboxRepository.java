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

    /** Oldest pending rows, locked for this transaction; rows another transaction holds are skipped. */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockPending(int limit) {
        return getEntityManager().createNativeQuery(
                        "SELECT * FROM outbox_event WHERE sent_at IS NULL ORDER BY created_at, id "
                                + "LIMIT ?1 FOR UPDATE SKIP LOCKED", OutboxEvent.class)
                .setParameter(1, limit).getResultList();
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
