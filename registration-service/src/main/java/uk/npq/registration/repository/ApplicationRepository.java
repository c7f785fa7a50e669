package uk.npq.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.rest.ListQuery;

@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<Application, UUID> {
    @jakarta.inject.Inject uk.npq.platform.projection.CourseCatalogue courses;


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
                a.id, courses.family(a.courseIdentifier), a.cohort, p.id, p.trnVerified, p.trn == null ? "" : p.trn) > 0;
    }

    /** The person's other pending applications for the same course family and cohort, with any provider (c1). */
    public List<Application> othersToRejectOnAccept(Application a) {
        return list("id <> ?1 and status = 'pending' and courseIdentifier in ?2 and cohort = ?3 and person.id = ?4",
                a.id, courses.family(a.courseIdentifier), a.cohort, a.person.id);
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
     * A page of the lead provider's application feed (page[cursor], platform ChangeFeed): the positions of the next
     * applications after the cursor in commit order, with the DfE filters. An application moves on every change of
     * it or of its person's significant details (migration V14).
     */
    public List<ListQuery.Cursor> feed(UUID leadProviderId, ListQuery q) {
        Map<String, Object> params = new HashMap<>();
        String where = feedWhere(leadProviderId, q, params);
        return ChangeFeed.page(getEntityManager(), "application", where, params, q.cursor().orElseThrow(), q.perPage());
    }

    /** The feed's conditions on application t (the provider, filter[cohort], filter[participant_id], filter[updated_since]). */
    static String feedWhere(UUID leadProviderId, ListQuery q, Map<String, Object> params) {
        StringBuilder where = new StringBuilder("t.lead_provider_id = :lp");
        params.put("lp", leadProviderId);
        if (!q.cohortYears().isEmpty()) { where.append(" AND substring(t.cohort, 1, 4) IN (:years)"); params.put("years", q.cohortYears()); }
        if (!q.participantIds().isEmpty()) { where.append(" AND t.person_id IN (:participants)"); params.put("participants", q.participantIds()); }
        q.updatedSince().ifPresent(since -> {
            where.append(" AND (t.updated_at >= :since OR EXISTS (SELECT 1 FROM person p WHERE p.id = t.person_id AND p.significantly_updated_at >= :since))");
            params.put("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        });
        return where.toString();
    }

    /** The SQL of a feed page, for the index test (the same text feed() sends). */
    public static String feedSql(UUID leadProviderId, ListQuery q) {
        return ChangeFeed.sql("application", feedWhere(leadProviderId, q, new HashMap<>()));
    }

    /** The applications (with their people) of a feed page, in its order. */
    public List<Application> load(List<ListQuery.Cursor> page) {
        if (page.isEmpty()) return List.of();
        return ChangeFeed.inOrder(page, getEntityManager().createQuery("select a from Application a join fetch a.person where a.id in :ids",
                Application.class).setParameter("ids", ChangeFeed.ids(page)).getResultList(), a -> a.id);
    }

    /**
     * A page of a lead provider's applications by page number: the DfE sort, with id as the last tie-breaker.
     * updated_since matches a change of the application or of its person.
     */
    public List<Application> page(UUID leadProviderId, ListQuery q) {
        StringBuilder where = new StringBuilder("a.leadProviderId = :lp");
        var params = new java.util.HashMap<String, Object>();
        params.put("lp", leadProviderId);
        if (!q.cohortYears().isEmpty()) { where.append(" and substring(a.cohort, 1, 4) in :years"); params.put("years", q.cohortYears()); }
        if (!q.participantIds().isEmpty()) { where.append(" and p.id in :participants"); params.put("participants", q.participantIds()); }
        q.updatedSince().ifPresent(since -> { where.append(" and (a.updatedAt >= :since or p.significantlyUpdatedAt >= :since)"); params.put("since", since); });
        StringBuilder order = new StringBuilder();
        for (String s : q.sort()) {
            boolean desc = s.startsWith("-");
            String field = desc ? s.substring(1) : s;
            String column = field.equals("updated_at")
                    ? "(case when p.significantlyUpdatedAt > a.updatedAt then p.significantlyUpdatedAt else a.updatedAt end)" : "a.createdAt";
            order.append(column).append(desc ? " desc, " : " asc, ");
        }
        if (order.isEmpty()) order.append("a.createdAt asc, ");
        order.append("a.id asc");
        var query = getEntityManager().createQuery("select a from Application a join fetch a.person p where " + where
                + " order by " + order, Application.class);
        params.forEach(query::setParameter);
        long first = (q.page() - 1L) * q.perPage();
        if (first > Integer.MAX_VALUE) return List.of(); // far past the end: an empty page, as the DfE API answers
        return query.setFirstResult((int) first).setMaxResults(q.perPage()).getResultList();
    }
}
