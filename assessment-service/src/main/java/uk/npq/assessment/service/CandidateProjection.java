package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.npq.assessment.repository.Candidate;
import uk.npq.platform.projection.ParticipantCopies;
import uk.npq.contracts.engagement.EngagementChanged;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.contracts.registration.TrnVerified;

/** Keeps the candidate copy in step with registration's and engagement's events. */
@ApplicationScoped
public class CandidateProjection {
    @Inject EntityManager em;
    @Inject ParticipantCopies copies;

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

    /** An admin reverted the application to pending (c1): no longer a candidate until accepted again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revertedToPending(ApplicationRevertedToPending e) {
        Candidate c = findOrCreate(e.getApplicationId(), e.getParticipantId());
        c.status = "pending";
        c.trainingStatus = null;
        c.acceptedAt = null;
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
        copies.retire(UUID.fromString(e.getFromParticipantId()), UUID.fromString(e.getToParticipantId()), e.getChangedAt(),
                List.of("candidate", "completed_declaration", "participant_outcome"));
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

    private Candidate findOrCreate(String applicationId, String participantId) {
        return copies.lockOrCreate(Candidate.class, "candidate", UUID.fromString(applicationId), UUID.fromString(participantId));
    }
}
