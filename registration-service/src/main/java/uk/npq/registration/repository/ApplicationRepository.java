package uk.npq.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
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

    /**
     * The applications (with their people) of a feed page, in its order: one native query of the values the API shows,
     * each row made into a detached Application and Person (never managed: no persistence context, no snapshot, no
     * entity hydration), so a sync's page of thousands costs the database's values and nothing more, and the answer is
     * made by the same code as every other one.
     */
    public List<Application> load(List<ListQuery.Cursor> page) {
        if (page.isEmpty()) return List.of();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("SELECT " + FEED_COLUMNS
                + " FROM application a JOIN person p ON p.id = a.person_id WHERE a.id IN (:ids)").setParameter("ids", ChangeFeed.ids(page))
                .getResultList();
        return ChangeFeed.inOrder(page, rows.stream().map(ApplicationRepository::fromFeedRow).toList(), a -> a.id);
    }

    /** What a feed page reads of an application and its person (what the API shows), in {@link #fromFeedRow}'s order. */
    static final String FEED_COLUMNS = "a.id, a.lead_provider_id, a.course_identifier, a.cohort, a.status, a.reason_for_rejection, "
            + "a.schedule_identifier, a.funded_place, a.work_setting, a.school_urn, a.school_ukprn, a.private_childcare_provider_urn, "
            + "a.employment_role, a.employer_name, a.headteacher_status, a.teacher_catchment, a.teacher_catchment_country, "
            + "a.teacher_catchment_iso_country_code, a.itt_provider, a.lead_mentor, a.senco_in_role, a.senco_start_date, a.funding_choice, "
            + "a.eligible_for_funding, a.previously_funded, a.funding_eligibility_status_code, a.targeted_delivery_funding_eligibility, "
            + "a.created_at, a.updated_at, p.id AS p_id, p.trn AS p_trn, p.trn_verified AS p_trn_verified, p.full_name AS p_full_name, "
            + "p.email AS p_email, p.significantly_updated_at AS p_significantly_updated_at";

    /** A feed row (the person's columns aliased, as Hibernate refuses two columns of one name) as a detached application. */
    static Application fromFeedRow(Object[] r) {
        Application a = new Application();
        a.id = (UUID) r[0];
        a.leadProviderId = (UUID) r[1];
        a.courseIdentifier = text(r[2]);
        a.cohort = text(r[3]);
        a.status = text(r[4]);
        a.reasonForRejection = text(r[5]);
        a.scheduleIdentifier = text(r[6]);
        a.fundedPlace = (Boolean) r[7];
        a.workSetting = text(r[8]);
        a.schoolUrn = text(r[9]);
        a.schoolUkprn = text(r[10]);
        a.privateChildcareProviderUrn = text(r[11]);
        a.employmentRole = text(r[12]);
        a.employerName = text(r[13]);
        a.headteacherStatus = text(r[14]);
        a.teacherCatchment = text(r[15]);
        a.teacherCatchmentCountry = text(r[16]);
        a.teacherCatchmentIsoCountryCode = text(r[17]);
        a.ittProvider = text(r[18]);
        a.leadMentor = (Boolean) r[19];
        a.sencoInRole = text(r[20]);
        a.sencoStartDate = date(r[21]);
        a.fundingChoice = text(r[22]);
        a.eligibleForFunding = (Boolean) r[23];
        a.previouslyFunded = (Boolean) r[24];
        a.fundingEligibilityStatusCode = text(r[25]);
        a.targetedDeliveryFundingEligibility = (Boolean) r[26];
        a.createdAt = ChangeFeed.instant(r[27]);
        a.updatedAt = ChangeFeed.instant(r[28]);
        Person p = new Person();
        p.id = (UUID) r[29];
        p.trn = text(r[30]);
        p.trnVerified = (Boolean) r[31];
        p.fullName = text(r[32]);
        p.email = text(r[33]);
        p.significantlyUpdatedAt = ChangeFeed.instant(r[34]);
        a.person = p;
        return a;
    }

    /** A character column's value (a one-character bpchar may come as a Character). */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static LocalDate date(Object value) {
        if (value == null || value instanceof LocalDate) return (LocalDate) value;
        if (value instanceof java.sql.Date d) return d.toLocalDate();
        throw new IllegalArgumentException("not a date: " + value.getClass().getName());
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
