package uk.npq.registration.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.domain.Messages;
import uk.npq.registration.repository.Application;

/**
 * Funded-place allocations of capped cohorts (funding-service's AllocationDefined, copied here where accepts happen):
 * per lead provider, cohort and course, how many of the provider's applications may be accepted with funded_place
 * true. Usage is the provider's accepted applications of the cohort and course with funded_place true, kept as a counter
 * row ({@code funded_place_usage}, V15) by triggers on every write of an application. The writing transaction updates,
 * so row-locks, that counter until it ends: the guard reads it after its own change is written, so two accepts racing
 * for the last place are serialised on the counter row and only one sees room. With no allocation imported for the
 * provider, cohort and course nothing is limited, as the DfE's own service holds no allocation and never counts (see
 * the README).
 */
@ApplicationScoped
public class FundedPlaceAllocations {
    @Inject EntityManager em;

    /** One allocation and what of it is used. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Usage(UUID leadProviderId, String cohort, String courseIdentifier, int fundedPlaces, long used, long remaining) {
        public String id() {
            return leadProviderId + "/" + cohort + "/" + courseIdentifier;
        }
    }

    /**
     * The application now holds a funded place (accepted, or moved into this cohort, with funded_place true: set on the
     * entity by the caller): write it, which counts it and locks the counter of its provider, cohort and course until the
     * transaction ends, and refuse (422 on funded_place, rolling the change back) when that count exceeds the allocation.
     * Call it once every other rule has passed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takePlace(Application a) {
        if (!"accepted".equals(a.status) || !Boolean.TRUE.equals(a.fundedPlace))
            throw new IllegalStateException("takePlace is called once the application holds its funded place");
        em.flush();
        List<?> rows = em.createNativeQuery("SELECT a.funded_places, coalesce(u.used, 0) FROM funded_place_allocation a "
                        + "LEFT JOIN funded_place_usage u USING (lead_provider_id, cohort, course_identifier) "
                        + "WHERE a.lead_provider_id = ?1 AND a.cohort = ?2 AND a.course_identifier = ?3")
                .setParameter(1, a.leadProviderId).setParameter(2, a.cohort).setParameter(3, a.courseIdentifier).getResultList();
        if (rows.isEmpty()) return;
        Object[] row = (Object[]) rows.get(0);
        int allocated = ((Number) row[0]).intValue();
        long used = ((Number) row[1]).longValue(); // this application's place included
        if (used > allocated)
            throw Problems.unprocessable("funded_place", Messages.fundedPlacesUsed(allocated, a.courseIdentifier, a.cohort));
    }

    /** Allocations with their usage, by provider, cohort and course; a null provider or cohort means every one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Usage> list(UUID leadProviderId, String cohort) {
        List<String> where = new ArrayList<>();
        if (leadProviderId != null) where.add("a.lead_provider_id = :lp");
        if (cohort != null) where.add("a.cohort = :cohort");
        var q = em.createNativeQuery(SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY 1, 2, 3");
        if (leadProviderId != null) q.setParameter("lp", leadProviderId);
        if (cohort != null) q.setParameter("cohort", cohort);
        return rows(q.getResultList());
    }

    /** One allocation with its usage, if it exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<Usage> one(UUID leadProviderId, String cohort, String course) {
        return rows(em.createNativeQuery(SELECT + " WHERE a.lead_provider_id = :lp AND a.cohort = :cohort AND a.course_identifier = :course")
                .setParameter("lp", leadProviderId).setParameter("cohort", cohort).setParameter("course", course).getResultList())
                .stream().findFirst();
    }

    private static final String SELECT = "SELECT a.lead_provider_id, a.cohort, a.course_identifier, a.funded_places, "
            + "coalesce(u.used, 0) FROM funded_place_allocation a "
            + "LEFT JOIN funded_place_usage u USING (lead_provider_id, cohort, course_identifier)";

    private static List<Usage> rows(List<?> rows) {
        return rows.stream().map(r -> (Object[]) r).map(r -> {
            int places = ((Number) r[3]).intValue();
            long used = ((Number) r[4]).longValue();
            return new Usage((UUID) r[0], (String) r[1], (String) r[2], places, used, Math.max(0, places - used));
        }).toList();
    }
}
