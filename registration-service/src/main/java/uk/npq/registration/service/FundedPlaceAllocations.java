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
 * row ({@code funded_place_usage}, V15) by deferred constraint triggers on every write of an application (V16; an INSERT
 * statement's rows are summed per key first, V17): the count changes at the end of the writing transaction. The guard asks
 * for it as the transaction's last step and reads the counter its own update has row-locked, so two accepts racing for
 * the last place are serialised on the counter row (held only from that step to commit) and only one sees room. With no
 * allocation imported for the provider, cohort and course nothing is limited, as the DfE's own service holds no
 * allocation and never counts (see the README).
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
     * The deferred triggers that count funded places, made immediate by {@link #takePlace}: V16's on updates and deletes of
     * an application, and V17's that adds what each INSERT statement took (summed per key into funded_place_usage_pending).
     */
    static final String COUNT_NOW = "SET CONSTRAINTS application_funded_place_usage_update, application_funded_place_usage_delete, "
            + "funded_place_usage_pending_apply IMMEDIATE";

    /**
     * The application now holds a funded place (accepted, or moved into this cohort, with funded_place true: set on the
     * entity by the caller): write what the transaction changed, count it (the deferred triggers run now, which updates
     * and row-locks the counter of the provider, cohort and course until the transaction ends), and refuse (422 on
     * funded_place, rolling everything back) when that count exceeds the allocation. Call it as the transaction's LAST
     * step, once every other rule has passed and every other write is made: the counter row, which every accept of the
     * provider's course waits for, is then held only for this statement, the read below, the outbox's insert and the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takePlace(Application a) {
        if (!"accepted".equals(a.status) || !Boolean.TRUE.equals(a.fundedPlace))
            throw new IllegalStateException("takePlace is called once the application holds its funded place");
        em.flush();
        em.createNativeQuery(COUNT_NOW).executeUpdate();
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
