package uk.npq.registration.service;

import uk.npq.platform.persistence.AdvisoryLocks;
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
 * true. Usage is the provider's accepted applications of the cohort and course with funded_place true, counted under a
 * transaction-scoped advisory lock of (provider, cohort, course), so two accepts racing for the last place are
 * serialised and only one takes it. With no allocation imported for the provider, cohort and course nothing is
 * limited, as the DfE's own service holds no allocation and never counts (see the README).
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
     * The application is about to hold a funded place: lock its provider, cohort and course (held until the transaction
     * ends, so the place is taken when it commits) and refuse (422 on funded_place) when every allocated place is used
     * by the provider's other accepted applications of the cohort and course.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takePlace(Application a) {
        String key = "funded-places:" + a.leadProviderId + "/" + a.cohort + "/" + a.courseIdentifier;
        AdvisoryLocks.exclusive(em, key);
        List<?> places = em.createNativeQuery("SELECT funded_places FROM funded_place_allocation "
                        + "WHERE lead_provider_id = ?1 AND cohort = ?2 AND course_identifier = ?3")
                .setParameter(1, a.leadProviderId).setParameter(2, a.cohort).setParameter(3, a.courseIdentifier).getResultList();
        if (places.isEmpty()) return;
        int allocated = ((Number) places.get(0)).intValue();
        long used = ((Number) em.createNativeQuery("SELECT count(*) FROM application WHERE lead_provider_id = ?1 AND cohort = ?2 "
                        + "AND course_identifier = ?3 AND status = 'accepted' AND funded_place AND id <> ?4")
                .setParameter(1, a.leadProviderId).setParameter(2, a.cohort).setParameter(3, a.courseIdentifier)
                .setParameter(4, a.id).getSingleResult()).longValue();
        if (used >= allocated)
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
            + "(SELECT count(*) FROM application p WHERE p.lead_provider_id = a.lead_provider_id AND p.cohort = a.cohort "
            + "AND p.course_identifier = a.course_identifier AND p.status = 'accepted' AND p.funded_place) FROM funded_place_allocation a";

    private static List<Usage> rows(List<?> rows) {
        return rows.stream().map(r -> (Object[]) r).map(r -> {
            int places = ((Number) r[3]).intValue();
            long used = ((Number) r[4]).longValue();
            return new Usage((UUID) r[0], (String) r[1], (String) r[2], places, used, Math.max(0, places - used));
        }).toList();
    }
}
