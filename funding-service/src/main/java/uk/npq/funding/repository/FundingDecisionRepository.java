package uk.npq.funding.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class FundingDecisionRepository implements PanacheRepositoryBase<FundingDecision, UUID> {

    /** The funding type of a cohort (zero, capped, full), if the cohort exists. */
    public Optional<String> cohortFunding(String cohort) {
        return getEntityManager().createNativeQuery("SELECT funding FROM cohort WHERE identifier = ?1")
                .setParameter(1, cohort).getResultStream().findFirst().map(Object::toString);
    }
}
