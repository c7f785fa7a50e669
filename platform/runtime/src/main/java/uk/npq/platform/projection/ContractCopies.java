package uk.npq.platform.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;
import uk.npq.contracts.funding.ContractDefined;

/**
 * The copy of funding-service's contracts that registration (change-schedule, f6) and engagement (declarations,
 * f5 rule 7) keep: whether a lead provider has a contract for a course in a cohort. A contract is published once,
 * when it is new. Needs, in the service's schema, a table {@code contract (lead_provider_id uuid, cohort varchar,
 * course_identifier varchar, updated_at timestamptz, primary key (lead_provider_id, cohort, course_identifier))}.
 */
@ApplicationScoped
public class ContractCopies {
    @Inject EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(ContractDefined c) {
        em.createNativeQuery("INSERT INTO contract (lead_provider_id, cohort, course_identifier, updated_at) VALUES (?1, ?2, ?3, now()) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, UUID.fromString(c.getLeadProviderId())).setParameter(2, c.getCohort())
                .setParameter(3, c.getCourseIdentifier()).executeUpdate();
    }

    public boolean exists(UUID leadProviderId, String cohort, String course) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM contract WHERE lead_provider_id = ?1 AND cohort = ?2 "
                + "AND course_identifier = ?3").setParameter(1, leadProviderId).setParameter(2, cohort).setParameter(3, course)
                .getSingleResult()).longValue() > 0;
    }
}
