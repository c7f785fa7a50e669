package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.engagement.repository.EnrolmentRepository;

/** Keeps {@link Enrolment} in step with registration's and funding's events (the two may arrive in either order). */
@ApplicationScoped
public class EnrolmentProjection {
    @Inject EnrolmentRepository enrolments;

    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(ApplicationSubmitted e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.leadProviderId = UUID.fromString(e.getLeadProviderId());
        en.courseIdentifier = e.getCourseIdentifier();
        en.cohort = e.getCohort();
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void decided(FundingDecisionMade d) {
        Enrolment en = findOrCreate(d.getApplicationId(), d.getParticipantId());
        en.eligibleForFunding = d.getEligibleForFunding();
        en.fundingStatusCode = d.getFundingEligibilityStatusCode();
        en.updatedAt = Instant.now();
    }

    /**
     * The enrolment, locked for this transaction. The two consumers may see the first event of one application
     * at the same moment: the insert that does nothing on a conflict waits for the other's commit instead of
     * failing on the primary key, and the locked read then sees the row either way.
     */
    private Enrolment findOrCreate(String applicationId, String participantId) {
        enrolments.getEntityManager().createNativeQuery("INSERT INTO enrolment (application_id, participant_id, status, updated_at) "
                        + "VALUES (?1, ?2, 'pending', now()) ON CONFLICT (application_id) DO NOTHING")
                .setParameter(1, UUID.fromString(applicationId)).setParameter(2, UUID.fromString(participantId)).executeUpdate();
        return enrolments.findById(UUID.fromString(applicationId), LockModeType.PESSIMISTIC_WRITE);
    }
}
