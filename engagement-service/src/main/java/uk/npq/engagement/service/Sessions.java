package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import uk.npq.engagement.domain.SessionRules;
import uk.npq.engagement.domain.Violation;
import uk.npq.engagement.repository.AttendanceRepository;
import uk.npq.engagement.repository.Session;
import uk.npq.engagement.repository.SessionRepository;
import uk.npq.platform.problem.Problems;

/**
 * Creating, changing and deleting sessions. Once attendance is recorded at a session, what it is (course,
 * cohort, kind, hub) stays, it cannot move into the future, its weight cannot drop below recorded minutes, and
 * it cannot be deleted. Every change recalculates the engagement of the participants it weighs in.
 */
@ApplicationScoped
public class Sessions {
    @Inject SessionRepository sessions;
    @Inject AttendanceRepository attendance;
    @Inject Engagements engagements;
    @Inject jakarta.persistence.EntityManager em;

    @Transactional
    public Session create(SessionRules.Input in, UUID leadProvider, UUID hub) {
        check(in);
        Session s = new Session();
        s.id = UUID.randomUUID();
        s.leadProviderId = leadProvider;
        s.deliveryPartnerId = hub;
        s.createdAt = Instant.now();
        apply(s, in);
        sessions.persist(s);
        sessions.flush();
        engagements.refreshHubCourse(s.deliveryPartnerId, s.leadProviderId, s.courseIdentifier, s.cohort);
        return s;
    }

    /** Replaces the session's attributes; {@code hub} moves it to another of the lead provider's hubs (null keeps it). */
    @Transactional
    public Session update(Session s, SessionRules.Input in, UUID hub) {
        check(in);
        UUID newHub = hub == null ? s.deliveryPartnerId : hub;
        if (attendance.anyForSession(s.id)) {
            var errors = Problems.errors();
            String recorded = "attendance is recorded at this session, so its ";
            if (!s.courseIdentifier.equals(in.courseIdentifier())) errors.add("course_identifier", recorded + "course cannot change.");
            if (!s.cohort.equals(in.cohort())) errors.add("cohort", recorded + "cohort cannot change.");
            if (!s.kind.equals(in.kind())) errors.add("kind", recorded + "kind cannot change.");
            if (!s.deliveryPartnerId.equals(newHub)) errors.add("delivery_partner_id", recorded + "delivery partner cannot change.");
            if (in.scheduledAt().isAfter(Instant.now())) {
                errors.add("scheduled_at", recorded + "time cannot move into the future.");
            }
            int most = attendance.maxMinutes(s.id);
            if (in.weight() < most) errors.add("weight", recorded + "weight cannot be less than the " + most + " minutes recorded.");
            errors.throwIfAny();
        }
        var before = new Object[] {s.deliveryPartnerId, s.courseIdentifier, s.cohort};
        s.deliveryPartnerId = newHub;
        apply(s, in);
        sessions.flush();
        engagements.refreshHubCourse(s.deliveryPartnerId, s.leadProviderId, s.courseIdentifier, s.cohort);
        if (!Objects.equals(before[0], s.deliveryPartnerId) || !Objects.equals(before[1], s.courseIdentifier)
                || !Objects.equals(before[2], s.cohort)) {
            engagements.refreshHubCourse((UUID) before[0], s.leadProviderId, (String) before[1], (String) before[2]);
        }
        return s;
    }

    @Transactional
    public void delete(Session s) {
        if (attendance.anyForSession(s.id)) {
            throw Problems.unprocessable("session", "Attendance is recorded at this session, so it cannot be deleted.");
        }
        sessions.delete(s);
        sessions.flush();
        engagements.refreshHubCourse(s.deliveryPartnerId, s.leadProviderId, s.courseIdentifier, s.cohort);
    }

    private static void check(SessionRules.Input in) {
        var errors = Problems.errors();
        for (Violation v : SessionRules.check(in)) errors.add(v.attribute(), v.detail());
        errors.throwIfAny();
    }

    private static void apply(Session s, SessionRules.Input in) {
        s.courseIdentifier = in.courseIdentifier();
        s.cohort = in.cohort();
        s.kind = in.kind();
        s.title = in.title().strip();
        s.scheduledAt = in.scheduledAt();
        s.weight = in.weight();
        s.updatedAt = Instant.now();
    }

    /**
     * A lead provider names a hub that is its delivery partner in the session's cohort (registration's
     * partnerships, copied here), so it cannot put sessions, and so its participants' engagement, on a hub
     * that is not its own.
     */
    public void requirePartner(UUID hub, UUID leadProvider, String cohort) {
        long partnerships = ((Number) em.createNativeQuery("SELECT count(*) FROM delivery_partnership WHERE delivery_partner_id = ?1 "
                + "AND lead_provider_id = ?2 AND cohort = ?3").setParameter(1, hub).setParameter(2, leadProvider)
                .setParameter(3, cohort == null ? "" : cohort).getSingleResult()).longValue();
        if (partnerships == 0) {
            throw Problems.unprocessable("delivery_partner_id", "The '#/delivery_partner_id' is not one of your delivery partners in cohort "
                    + cohort + ".");
        }
    }

}
