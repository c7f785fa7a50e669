package uk.npq.platform.persistence;

import jakarta.persistence.EntityManager;

/**
 * Transaction-scoped PostgreSQL advisory locks named by text (hashed with {@code hashtextextended(key, 0)}), the one way
 * the services serialise work on something that has no row to lock: a person's acceptances, a provider's funded places,
 * a statement's items. Held until the transaction ends; keys are namespaced by their users ("funded-places:…").
 * A lock function's result (PostgreSQL's {@code void}) is cast to text: a {@code void} column has no Hibernate type, and
 * Hibernate threw and caught an exception (with its stack trace) for it on every call.
 */
public final class AdvisoryLocks {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private AdvisoryLocks() {}

    /** Waits for, then holds, the exclusive lock on {@code key} until the current transaction ends. */
    public static void exclusive(EntityManager em, String key) {
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(?1, 0)) AS text)").setParameter(1, key).getSingleResult();
    }

    /**
     * Takes the exclusive locks on all {@code keys} in one statement, in the keys' sorted order (the order every holder of
     * several keys takes them in, so two such holders never wait for each other in a cycle): a batch's many keys in one
     * round trip instead of one each.
     */
    public static void exclusive(EntityManager em, java.util.Collection<String> keys) {
        if (keys.isEmpty()) return;
        java.util.List<String> sorted = new java.util.ArrayList<>(new java.util.TreeSet<>(keys));
        String json;
        try {
            json = JSON.writeValueAsString(sorted);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // ordinality keeps the sorted order (text's collation in SQL may sort differently from Java's)
        em.createNativeQuery("SELECT count(pg_advisory_xact_lock(hashtextextended(k.value, 0))) FROM ("
                        + "SELECT value, n FROM jsonb_array_elements_text(cast(?1 AS jsonb)) WITH ORDINALITY AS e(value, n) ORDER BY n) k")
                .setParameter(1, json).getSingleResult();
    }

    /** Waits for, then holds, a shared lock on {@code key} until the current transaction ends (excludes only exclusive holders). */
    public static void shared(EntityManager em, String key) {
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock_shared(hashtextextended(?1, 0)) AS text)").setParameter(1, key).getSingleResult();
    }
}
