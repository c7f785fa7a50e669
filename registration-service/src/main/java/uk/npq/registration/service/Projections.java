package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.funding.AllocationDefined;
import uk.npq.contracts.funding.CourseOfferDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.registration.repository.Cohort;
import uk.npq.registration.repository.Declaration;
import uk.npq.registration.repository.Schedule;

/** Keeps the copies of other services' data current; each event carries the whole state, so the newest wins. */
@ApplicationScoped
public class Projections {
    @Inject EntityManager em;
    @Inject Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void cohort(CohortDefined e) {
        Cohort c = em.find(Cohort.class, e.getIdentifier());
        boolean created = c == null;
        if (created) {
            c = new Cohort();
            c.identifier = e.getIdentifier();
        }
        c.startYear = e.getStartYear();
        c.suffix = e.getSuffix();
        c.description = e.getDescription();
        c.registrationStartDate = e.getRegistrationStartDate();
        c.funding = e.getFunding();
        c.updatedAt = clock.instant();
        if (created) em.persist(c);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void schedule(ScheduleDefined e) {
        var key = new Schedule.Key(e.getCohort(), e.getIdentifier());
        Schedule s = em.find(Schedule.class, key);
        boolean created = s == null;
        if (created) {
            s = new Schedule();
            s.key = key;
        }
        s.name = e.getName();
        s.courseGroup = e.getCourseGroup();
        s.appliesFrom = e.getAppliesFrom();
        s.appliesTo = e.getAppliesTo();
        s.allowedDeclarationTypes = e.getAllowedDeclarationTypes().toArray(String[]::new);
        s.acceptanceWindowStart = e.getAcceptanceWindowStart();
        s.acceptanceWindowEnd = e.getAcceptanceWindowEnd();
        s.updatedAt = clock.instant();
        if (created) em.persist(s);
    }

    /** Whether the lead provider offers the course in the cohort (an offer withdrawn stays, offered = false). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void courseOffer(CourseOfferDefined e) {
        em.createNativeQuery("INSERT INTO course_offer (lead_provider_id, cohort, course_identifier, offered, updated_at) "
                        + "VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5) ON CONFLICT (lead_provider_id, cohort, course_identifier) "
                        + "DO UPDATE SET offered = EXCLUDED.offered, updated_at = EXCLUDED.updated_at")
                .setParameter(1, e.getLeadProviderId()).setParameter(2, e.getCohort()).setParameter(3, e.getCourseIdentifier())
                .setParameter(4, e.getOffered()).setParameter(5, clock.instant()).executeUpdate();
    }

    /** A lead provider's funded places in a capped cohort and course (whole state; the latest wins). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void allocation(AllocationDefined e) {
        em.createNativeQuery("INSERT INTO funded_place_allocation (lead_provider_id, cohort, course_identifier, funded_places, updated_at) "
                        + "VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5) ON CONFLICT (lead_provider_id, cohort, course_identifier) "
                        + "DO UPDATE SET funded_places = EXCLUDED.funded_places, updated_at = EXCLUDED.updated_at")
                .setParameter(1, e.getLeadProviderId()).setParameter(2, e.getCohort()).setParameter(3, e.getCourseIdentifier())
                .setParameter(4, e.getFundedPlaces()).setParameter(5, clock.instant()).executeUpdate();
    }

    public boolean offers(UUID leadProviderId, String cohort, String course) {
        return exists("SELECT count(*) FROM course_offer WHERE lead_provider_id = ?1 AND cohort = ?2 AND course_identifier = ?3 AND offered",
                leadProviderId, cohort, course);
    }

    private boolean exists(String sql, UUID leadProviderId, String cohort, String course) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, leadProviderId).setParameter(2, cohort).setParameter(3, course)
                .getSingleResult()).longValue() > 0;
    }

    /** Declaration events arrive in order per declaration (keyed by its id); an older change never overwrites a newer one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void declaration(DeclarationStateChanged e) {
        UUID id = UUID.fromString(e.getDeclarationId());
        Declaration d = em.find(Declaration.class, id);
        if (d == null) {
            d = new Declaration();
            d.id = id;
            d.applicationId = UUID.fromString(e.getApplicationId());
            d.declarationType = e.getDeclarationType();
        } else if (d.changedAt.isAfter(e.getChangedAt())) {
            return;
        }
        d.state = e.getState();
        if (e.getDeclarationDate() != null) d.declarationDate = e.getDeclarationDate();
        boolean created = !em.contains(d);
        d.changedAt = e.getChangedAt();
        if (created) em.persist(d);
    }
}
