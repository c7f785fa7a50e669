package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import uk.npq.assessment.repository.Candidate;
import uk.npq.contracts.engagement.EngagementChanged;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.contracts.registration.TrnVerified;

/** Keeps the candidate copy in step with registration's and engagement's events. */
@ApplicationScoped
public class CandidateProjection {
    @Inject EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(ApplicationSubmitted e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        c.leadProviderId = UUID.fromString(e.getLeadProviderId());
        c.courseIdentifier = e.getCourseIdentifier();
        c.cohort = e.getCohort();
        c.schoolUrn = e.getSchoolUrn();
        c.submittedAt = e.getSubmittedAt();
        c.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(ApplicationAccepted e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        c.leadProviderId = UUID.fromString(e.getLeadProviderId());
        c.courseIdentifier = e.getCourseIdentifier();
        c.cohort = e.getCohort();
        c.status = "accepted";
        c.trainingStatus = "active";
        c.acceptedAt = e.getAcceptedAt();
        if (e.getTrn() != null) c.trn = e.getTrn(); // registration sends only a verified TRN here
        c.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(ApplicationRejected e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        c.status = "rejected";
        c.trainingStatus = null;
        c.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void trainingStatus(TrainingStatusChanged e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        c.trainingStatus = e.getTrainingStatus();
        c.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void scheduleChanged(ScheduleChanged e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        c.cohort = e.getCohort();
        c.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void trnVerified(TrnVerified e) {
        if (!e.getVerified() || e.getTrn() == null) return;
        em.createQuery("update Candidate c set c.trn = ?1, c.updatedAt = ?2 where c.participantId = ?3")
                .setParameter(1, e.getTrn()).setParameter(2, Instant.now()).setParameter(3, UUID.fromString(e.getParticipantId()))
                .executeUpdate();
    }

    /** A merge: the retired id is remembered (410 Gone) and everything of it moves to the survivor. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void participantIdChanged(ParticipantIdChanged e) {
        UUID from = UUID.fromString(e.getFromParticipantId()), to = UUID.fromString(e.getToParticipantId());
        em.createNativeQuery("INSERT INTO participant_id_change (from_participant_id, to_participant_id, changed_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (from_participant_id) DO UPDATE SET to_participant_id = EXCLUDED.to_participant_id")
                .setParameter(1, from).setParameter(2, to).setParameter(3, e.getChangedAt()).executeUpdate();
        em.createNativeQuery("UPDATE participant_id_change SET to_participant_id = ?1 WHERE to_participant_id = ?2")
                .setParameter(1, to).setParameter(2, from).executeUpdate();
        for (String table : new String[] {"candidate", "completed_declaration", "participant_outcome"}) {
            em.createNativeQuery("UPDATE " + table + " SET participant_id = ?1 WHERE participant_id = ?2")
                    .setParameter(1, to).setParameter(2, from).executeUpdate();
        }
    }

    /** Engagement against the completion threshold, and the hub; an older calculation never overwrites a newer one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void engagement(EngagementChanged e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        if (c.engagementChangedAt != null && c.engagementChangedAt.isAfter(e.getCalculatedAt())) return;
        c.deliveryPartnerId = UUID.fromString(e.getDeliveryPartnerId());
        c.meetsThreshold = e.getMeetsThreshold();
        c.atRisk = e.getAtRisk();
        c.percentOfCourse = e.getPercentOfCourse() == null ? null : new BigDecimal(e.getPercentOfCourse());
        c.engagementChangedAt = e.getCalculatedAt();
        c.updatedAt = Instant.now();
    }

    /**
     * The candidate, locked for this transaction; the insert that does nothing on a conflict lets two
     * consumers see an application's first events at the same moment without failing on the key.
     */
    private Candidate findOrCreate(String applicationId, String participantId) {
        em.createNativeQuery("INSERT INTO candidate (application_id, participant_id, status, updated_at) VALUES (?1, ?2, 'pending', now()) "
                        + "ON CONFLICT (application_id) DO NOTHING")
                .setParameter(1, UUID.fromString(applicationId)).setParameter(2, UUID.fromString(participantId)).executeUpdate();
        return em.find(Candidate.class, UUID.fromString(applicationId), LockModeType.PESSIMISTIC_WRITE);
    }
}
