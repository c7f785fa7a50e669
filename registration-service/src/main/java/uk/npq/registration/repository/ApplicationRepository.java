package uk.npq.registration.repository;

import uk.npq.contracts.Courses;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.platform.rest.ListQuery;

@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<Application, UUID> {

    public Optional<Application> findPending(UUID personId, String course, UUID leadProviderId, String cohort) {
        return find("person.id = ?1 and courseIdentifier = ?2 and leadProviderId = ?3 and cohort = ?4 and status = 'pending'",
                personId, course, leadProviderId, cohort).firstResultOptional();
    }

    /**
     * Whether another accepted, non-withdrawn application for the same course family and cohort exists for
     * this person or any person with the same verified TRN (c1, e4).
     */
    public boolean otherAcceptedInFamily(Application a) {
        Person p = a.person;
        return count("id <> ?1 and status = 'accepted' and trainingStatus <> 'withdrawn' and courseIdentifier in ?2 and cohort = ?3 "
                        + "and (person.id = ?4 or (?5 = true and person.trnVerified = true and person.trn = ?6))",
                a.id, Courses.family(a.courseIdentifier), a.cohort, p.id, p.trnVerified, p.trn == null ? "" : p.trn) > 0;
    }

    /** The person's other pending applications for the same course family and cohort, with any provider (c1). */
    public List<Application> othersToRejectOnAccept(Application a) {
        return list("id <> ?1 and status = 'pending' and courseIdentifier in ?2 and cohort = ?3 and person.id = ?4",
                a.id, Courses.family(a.courseIdentifier), a.cohort, a.person.id);
    }

    /** The application if it belongs to {@code leadProviderId}; another provider's is as if absent. */
    public Optional<Application> findForLeadProvider(UUID id, UUID leadProviderId) {
        return find("id = ?1 and leadProviderId = ?2", id, leadProviderId).firstResultOptional();
    }

    /** {@link #findForLeadProvider} with its person in the same query (a read that shows both: one statement, not two). */
    public Optional<Application> findWithPersonForLeadProvider(UUID id, UUID leadProviderId) {
        return find("from Application a join fetch a.person where a.id = ?1 and a.leadProviderId = ?2", id, leadProviderId)
                .firstResultOptional();
    }

    /**
     * A page of a lead provider's applications. With a cursor the order is (created_at, id) and the page
     * starts after the cursor; otherwise the DfE sort and page number apply, with id as the last tie-breaker.
     * updated_since matches a change of the application or of its person.
     */
    public List<Application> page(UUID leadProviderId, ListQuery q) {
        StringBuilder where = new StringBuilder("a.leadProviderId = :lp");
        var params = new java.util.HashMap<String, Object>();
        params.put("lp", leadProviderId);
        if (!q.cohortYears().isEmpty()) { where.append(" and substring(a.cohort, 1, 4) in :years"); params.put("years", q.cohortYears()); }
        if (!q.participantIds().isEmpty()) { where.append(" and p.id in :participants"); params.put("participants", q.participantIds()); }
        q.updatedSince().ifPresent(since -> { where.append(" and (a.updatedAt >= :since or p.significantlyUpdatedAt >= :since)"); params.put("since", since); });
        q.cursor().ifPresent(c -> {
            where.append(" and (a.createdAt > :cAt or (a.createdAt = :cAt and a.id > :cId))");
            params.put("cAt", c.createdAt());
            params.put("cId", c.id());
        });
        StringBuilder order = new StringBuilder();
        if (q.cursor().isEmpty()) {
            for (String s : q.sort()) {
                boolean desc = s.startsWith("-");
                String field = desc ? s.substring(1) : s;
                String column = field.equals("updated_at")
                        ? "(case when p.significantlyUpdatedAt > a.updatedAt then p.significantlyUpdatedAt else a.updatedAt end)" : "a.createdAt";
                order.append(column).append(desc ? " desc, " : " asc, ");
            }
        }
        if (order.isEmpty()) order.append("a.createdAt asc, ");
        order.append("a.id asc");
        var query = getEntityManager().createQuery("select a from Application a join fetch a.person p where " + where
                + " order by " + order, Application.class);
        params.forEach(query::setParameter);
        long first = q.cursor().isPresent() ? 0 : (q.page() - 1L) * q.perPage();
        if (first > Integer.MAX_VALUE) return List.of(); // far past the end: an empty page, as the DfE API answers
        return query.setFirstResult((int) first).setMaxResults(q.perPage()).getResultList();
    }
}
