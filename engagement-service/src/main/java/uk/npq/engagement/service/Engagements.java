package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.EngagementChanged;
import uk.npq.engagement.config.EngagementConfig;
import uk.npq.engagement.domain.Engagement;
import uk.npq.engagement.domain.SessionKind;
import uk.npq.engagement.domain.Thresholds;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.engagement.repository.EngagementSnapshot;
import uk.npq.engagement.repository.EnrolmentHub;
import uk.npq.platform.outbox.Outbox;

/**
 * Engagement of enrolments: the sessions of the participant's hub of record for the course, cohort and lead
 * provider, with the participant's attendance, against the course and cohort's threshold. {@link #refresh}
 * recalculates after a change and publishes EngagementChanged when the result differs from the last one sent.
 */
@ApplicationScoped
public class Engagements {
    static final String AGGREGATE = "participant-engagement";

    @Inject EntityManager em;
    @Inject EngagementConfig config;
    @Inject Outbox outbox;

    /** An enrolment's engagement now; {@code hub} is null until a hub recorded attendance for it. */
    public record Result(Enrolment enrolment, UUID hub, Engagement engagement, Instant calculatedAt) {}

    /** The completion threshold of a course and cohort, and whether an admin set it. */
    public record Threshold(BigDecimal percent, boolean set, Instant updatedAt) {}

    @Transactional(Transactional.TxType.MANDATORY)
    public Threshold threshold(String course, String cohort) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT threshold_percent, updated_at FROM engagement_threshold "
                + "WHERE course_identifier = ?1 AND cohort = ?2").setParameter(1, course).setParameter(2, cohort).getResultList();
        if (rows.isEmpty()) return new Threshold(Thresholds.normalise(config.defaultThreshold()), false, null);
        return new Threshold(Thresholds.normalise((BigDecimal) rows.get(0)[0]), true, instant(rows.get(0)[1]));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Result calculate(Enrolment enrolment, Instant now) {
        EnrolmentHub hub = em.find(EnrolmentHub.class, enrolment.applicationId);
        BigDecimal threshold = threshold(enrolment.courseIdentifier, enrolment.cohort).percent();
        List<Engagement.Session> sessions = hub == null ? List.of() : sessions(enrolment, hub.deliveryPartnerId);
        return new Result(enrolment, hub == null ? null : hub.deliveryPartnerId, Engagement.of(sessions, threshold, now), now);
    }

    private List<Engagement.Session> sessions(Enrolment en, UUID hub) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.kind, s.weight, s.scheduled_at, a.attended, a.minutes FROM session s "
                        + "LEFT JOIN attendance a ON a.session_id = s.id AND a.application_id = ?1 "
                        + "WHERE s.lead_provider_id = ?2 AND s.course_identifier = ?3 AND s.cohort = ?4 AND s.delivery_partner_id = ?5")
                .setParameter(1, en.applicationId).setParameter(2, en.leadProviderId).setParameter(3, en.courseIdentifier)
                .setParameter(4, en.cohort).setParameter(5, hub).getResultList();
        List<Engagement.Session> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Engagement.Session(SessionKind.of((String) r[0]).orElseThrow(), ((Number) r[1]).intValue(), instant(r[2]),
                    Boolean.TRUE.equals(r[3]), r[4] == null ? null : ((Number) r[4]).intValue()));
        }
        return out;
    }

    /** Recalculates the accepted enrolments that have a hub and publishes each changed engagement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(Collection<UUID> applicationIds) {
        if (applicationIds.isEmpty()) return;
        Instant now = Instant.now();
        List<Enrolment> enrolments = em.createQuery("SELECT e FROM Enrolment e WHERE e.applicationId IN :ids "
                + "AND e.status = 'accepted' ORDER BY e.applicationId", Enrolment.class).setParameter("ids", applicationIds).getResultList();
        for (Enrolment en : enrolments) {
            Result r = calculate(en, now);
            if (r.hub() != null) publishIfChanged(r);
        }
    }

    /** After a change to sessions of a hub for a lead provider's course and cohort: everyone whose engagement they weigh in. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshHubCourse(UUID hub, UUID leadProvider, String course, String cohort) {
        refresh(em.createQuery("SELECT e.applicationId FROM Enrolment e, EnrolmentHub h WHERE h.applicationId = e.applicationId "
                        + "AND h.deliveryPartnerId = ?1 AND e.leadProviderId = ?2 AND e.courseIdentifier = ?3 AND e.cohort = ?4", UUID.class)
                .setParameter(1, hub).setParameter(2, leadProvider).setParameter(3, course).setParameter(4, cohort).getResultList());
    }

    /**
     * Sessions whose time has passed since the last run change what is required so far, and may put a
     * participant at risk: everyone they weigh on is recalculated (and a changed engagement published). The
     * mark row is locked, so replicas running at once do each session once. Returns the sessions passed.
     */
    @Transactional
    public int refreshPassedSessions() {
        Instant until = instant(em.createNativeQuery("SELECT sessions_passed_until FROM engagement_refresh WHERE id = 1 FOR UPDATE")
                .getSingleResult());
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<Object[]> passed = em.createNativeQuery("SELECT delivery_partner_id, lead_provider_id, course_identifier, cohort, count(*) "
                        + "FROM session WHERE scheduled_at > ?1 AND scheduled_at <= ?2 GROUP BY 1, 2, 3, 4")
                .setParameter(1, until).setParameter(2, now).getResultList();
        int sessions = 0;
        for (Object[] p : passed) {
            refreshHubCourse((UUID) p[0], (UUID) p[1], (String) p[2], (String) p[3]);
            sessions += ((Number) p[4]).intValue();
        }
        em.createNativeQuery("UPDATE engagement_refresh SET sessions_passed_until = ?1 WHERE id = 1").setParameter(1, now).executeUpdate();
        return sessions;
    }

    /** After a threshold change: every enrolment of the course and cohort that has a hub. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshCourse(String course, String cohort) {
        refresh(new LinkedHashSet<>(em.createQuery("SELECT e.applicationId FROM Enrolment e, EnrolmentHub h "
                        + "WHERE h.applicationId = e.applicationId AND e.courseIdentifier = ?1 AND e.cohort = ?2", UUID.class)
                .setParameter(1, course).setParameter(2, cohort).getResultList()));
    }

    private void publishIfChanged(Result r) {
        Engagement e = r.engagement();
        Enrolment en = r.enrolment();
        EngagementSnapshot last = em.find(EngagementSnapshot.class, en.applicationId);
        EngagementSnapshot now = last == null ? new EngagementSnapshot() : last;
        boolean changed = last == null || !Objects.equals(last.deliveryPartnerId, r.hub())
                || last.attendedMinutes != e.live().attended() || last.requiredMinutesToDate != e.live().requiredToDate()
                || last.courseMinutes != e.live().total() || last.attendedUnits != e.selfStudy().attended()
                || last.requiredUnitsToDate != e.selfStudy().requiredToDate() || last.courseUnits != e.selfStudy().total()
                || last.thresholdPercent.compareTo(e.threshold()) != 0 || last.meetsThreshold != e.meetsThreshold()
                || last.atRisk != e.atRisk();
        if (!changed) return;
        now.applicationId = en.applicationId;
        now.deliveryPartnerId = r.hub();
        now.attendedMinutes = e.live().attended();
        now.requiredMinutesToDate = e.live().requiredToDate();
        now.courseMinutes = e.live().total();
        now.attendedUnits = e.selfStudy().attended();
        now.requiredUnitsToDate = e.selfStudy().requiredToDate();
        now.courseUnits = e.selfStudy().total();
        now.thresholdPercent = e.threshold();
        now.meetsThreshold = e.meetsThreshold();
        now.atRisk = e.atRisk();
        now.calculatedAt = r.calculatedAt();
        if (last == null) em.persist(now);
        outbox.publish(Topics.ENGAGEMENT, AGGREGATE, en.participantId.toString(), EngagementChanged.newBuilder()
                .setEventId("").setOccurredAt(r.calculatedAt()).setAggregateId("")
                .setParticipantId(en.participantId.toString()).setApplicationId(en.applicationId.toString())
                .setLeadProviderId(en.leadProviderId.toString()).setDeliveryPartnerId(r.hub().toString())
                .setCourseIdentifier(en.courseIdentifier).setCohort(en.cohort)
                .setAttendedMinutes(e.live().attended()).setRequiredMinutesToDate(e.live().requiredToDate())
                .setCourseMinutes(e.live().total()).setAttendedUnits(e.selfStudy().attended())
                .setRequiredUnitsToDate(e.selfStudy().requiredToDate()).setCourseUnits(e.selfStudy().total())
                .setPercentToDate(text(e.percentToDate())).setPercentOfCourse(text(e.percentOfCourse()))
                .setThresholdPercent(e.threshold().toPlainString()).setMeetsThreshold(e.meetsThreshold()).setAtRisk(e.atRisk())
                .setCalculatedAt(r.calculatedAt()).build());
    }

    private static String text(BigDecimal d) {
        return Optional.ofNullable(d).map(BigDecimal::toPlainString).orElse(null);
    }

    /** A date column as a native query returns it. */
    public static java.time.LocalDate localDate(Object o) {
        return o instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) o;
    }

    public static Instant instant(Object o) {
        if (o == null) return null;
        if (o instanceof Instant i) return i;
        if (o instanceof java.time.OffsetDateTime t) return t.toInstant();
        if (o instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalStateException("not a time: " + o.getClass());
    }
}
