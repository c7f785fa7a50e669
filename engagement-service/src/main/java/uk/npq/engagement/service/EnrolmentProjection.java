package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    private Enrolment findOrCreate(String applicationId, String participantId) {
        Enrolment en = enrolments.findById(UUID.fromString(applicationId));
        if (en != null) return en;
        en = new Enrolment();
        en.applicationId = UUID.fromString(applicationId);
        en.participantId = UUID.fromString(participantId);
        en.status = "pending";
        en.updatedAt = Instant.now();
        enrolments.persist(en);
        return en;
    }
}
