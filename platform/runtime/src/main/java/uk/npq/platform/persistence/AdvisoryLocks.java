package uk.npq.platform.persistence;

import jakarta.persistence.EntityManager;

/**
 * Transaction-scoped PostgreSQL advisory locks named by text (hashed with {@code hashtextextended(key, 0)}), the one way
 * the services serialise work on something that has no row to lock: a person's acceptances, a provider's funded places,
 * a statement's items. Held until the transaction ends; keys are namespaced by their users ("funded-places:…").
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {}

    /** Waits for, then holds, the exclusive lock on {@code key} until the current transaction ends. */
    public static void exclusive(EntityManager em, String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))").setParameter(1, key).getSingleResult();
    }

    /** Waits for, then holds, a shared lock on {@code key} until the current transaction ends (excludes only exclusive holders). */
    public static void shared(EntityManager em, String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock_shared(hashtextextended(?1, 0))").setParameter(1, key).getSingleResult();
    }
}
