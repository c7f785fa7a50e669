package uk.npq.platform.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import uk.npq.contracts.funding.CourseDefined;

/**
 * The copy of funding-service's courses (CourseDefined on funding.reference.v1, whole state) that registration,
 * engagement and assessment keep and {@link CourseCatalogue} reads. Needs, in the service's schema, the table
 * CourseCatalogue reads plus {@code occurred_at timestamptz}: the newest event wins, so a late redelivery of an older
 * one changes nothing (and the consumer's Inbox makes the same event's redelivery a no-op).
 */
@ApplicationScoped
public class CourseCopies {
    @Inject EntityManager em;
    @Inject CourseCatalogue catalogue;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(CourseDefined c) {
        int changed = em.createNativeQuery("INSERT INTO course (identifier, name, short_code, course_group, family, has_outcomes, occurred_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (identifier) DO UPDATE SET name = EXCLUDED.name, "
                        + "short_code = EXCLUDED.short_code, course_group = EXCLUDED.course_group, family = EXCLUDED.family, "
                        + "has_outcomes = EXCLUDED.has_outcomes, occurred_at = EXCLUDED.occurred_at "
                        + "WHERE course.occurred_at <= EXCLUDED.occurred_at")
                .setParameter(1, c.getIdentifier()).setParameter(2, c.getName()).setParameter(3, c.getShortCode())
                .setParameter(4, c.getCourseGroup()).setParameter(5, c.getFamily()).setParameter(6, c.getHasOutcomes())
                .setParameter(7, c.getOccurredAt()).executeUpdate();
        if (changed > 0) catalogue.changed();
    }
}
