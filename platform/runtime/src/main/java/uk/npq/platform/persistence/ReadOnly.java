package uk.npq.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/**
 * Makes the current transaction a read, at its start (inside {@code @Transactional}): PostgreSQL refuses any write in it
 * ({@code SET TRANSACTION READ ONLY}), and Hibernate loads its entities read-only and never flushes. Without the second
 * half every entity of a page is snapshotted, and each query (a native one above all) makes Hibernate dirty-check all
 * of them first, so a page's time grows with the square of its size.
 */
public final class ReadOnly {
    private ReadOnly() {}

    public static void transaction(EntityManager em) {
        Session session = em.unwrap(Session.class);
        session.setHibernateFlushMode(FlushMode.MANUAL);
        session.setDefaultReadOnly(true);
        em.createNativeQuery("SET TRANSACTION READ ONLY").executeUpdate();
    }
}
