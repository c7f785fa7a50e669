package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.DeliveryPartnerChanged;
import uk.npq.contracts.registration.FundedPlaceChanged;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.contracts.registration.TrnVerified;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.engagement.repository.EnrolmentRepository;
import uk.npq.platform.projection.ParticipantCopies;

/**
 * Keeps the copies in step with registration's and funding's events. Topics are not ordered with each
 * other, so an enrolment row is created by whichever of its events comes first; each event sets only what
 * it knows. Events of one application arrive in order (one topic, keyed by the application id).
 */
@ApplicationScoped
public class EnrolmentProjection {
    @Inject EnrolmentRepository enrolments;
    @Inject EntityManager em;
    @Inject ParticipantCopies copies;

    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(ApplicationSubmitted e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.leadProviderId = UUID.fromString(e.getLeadProviderId());
        en.courseIdentifier = e.getCourseIdentifier();
        en.cohort = e.getCohort();
        en.trn = e.getTrn();
        en.teacherCatchment = e.getTeacherCatchment();
        en.schoolUrn = e.getSchoolUrn();
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(ApplicationAccepted e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.leadProviderId = UUID.fromString(e.getLeadProviderId());
        en.courseIdentifier = e.getCourseIdentifier();
        en.cohort = e.getCohort();
        en.status = "accepted";
        en.trainingStatus = "active";
        en.withdrawnAt = null;
        en.acceptedAt = e.getAcceptedAt();
        en.scheduleIdentifier = e.getScheduleIdentifier();
        en.fundedPlace = e.getFundedPlace();
        en.previouslyFunded = e.getPreviouslyFunded(); // judged with the acceptance: never fundable on a previously funded one
        if (e.getTrn() != null) en.trn = e.getTrn();
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(ApplicationRejected e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.status = "rejected";
        en.trainingStatus = null;
        en.updatedAt = Instant.now();
    }

    /** An admin reverted the application to pending (c1): not a participant until accepted again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revertedToPending(ApplicationRevertedToPending e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.status = "pending";
        en.trainingStatus = null;
        en.withdrawnAt = null;
        en.acceptedAt = null;
        en.fundedPlace = null;
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void trainingStatus(TrainingStatusChanged e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.trainingStatus = e.getTrainingStatus();
        en.withdrawnAt = "withdrawn".equals(e.getTrainingStatus()) ? e.getChangedAt() : null;
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void scheduleChanged(ScheduleChanged e) {
        Enrolment en = findOrCreate(e.getApplicationId(), e.getParticipantId());
        en.scheduleIdentifier = e.getScheduleIdentifier();
        en.cohort = e.getCohort();
        en.fundedPlace = e.getFundedPlace();
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void fundedPlace(FundedPlaceChanged e) {
        Enrolment en = enrolments.findById(UUID.fromString(e.getApplicationId()), LockModeType.PESSIMISTIC_WRITE);
        if (en == null) return; // accepted (which carries the funded place) comes first on the same topic
        en.fundedPlace = e.getFundedPlace();
        en.updatedAt = Instant.now();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void decided(String applicationId, String participantId, boolean eligible, String statusCode, Boolean targetedDeliveryFunding) {
        Enrolment en = findOrCreate(applicationId, participantId);
        en.eligibleForFunding = eligible;
        en.fundingStatusCode = statusCode;
        if (targetedDeliveryFunding != null) en.targetedDeliveryFundingEligibility = targetedDeliveryFunding; // an override leaves it
        en.updatedAt = Instant.now();
    }

    /** registration judged the application previously funded, or no longer so: its next declarations follow. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void previouslyFunded(String applicationId, String participantId, boolean previouslyFunded) {
        Enrolment en = findOrCreate(applicationId, participantId);
        en.previouslyFunded = previouslyFunded;
        en.updatedAt = Instant.now();
    }

    /** A TRN verified (or changed) later: duplicates are found by TRN across person records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void trnVerified(TrnVerified e) {
        if (e.getTrn() == null) return;
        em.createQuery("update Enrolment e set e.trn = ?1, e.updatedAt = ?2 where e.participantId = ?3")
                .setParameter(1, e.getTrn()).setParameter(2, Instant.now()).setParameter(3, UUID.fromString(e.getParticipantId()))
                .executeUpdate();
    }

    /** A merge: the moved applications (and their declarations) now belong to the surviving participant; the retired id is remembered. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void participantIdChanged(ParticipantIdChanged e) {
        copies.retire(UUID.fromString(e.getFromParticipantId()), UUID.fromString(e.getToParticipantId()), e.getChangedAt(),
                List.of("enrolment", "declaration"));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void schedule(ScheduleDefined s) {
        em.createNativeQuery("INSERT INTO schedule (cohort, identifier, course_group, applies_from, allowed_declaration_types, updated_at) "
                        + "VALUES (?1, ?2, ?3, ?4, cast(?5 as varchar(20)[]), now()) ON CONFLICT (cohort, identifier) DO UPDATE SET "
                        + "course_group = EXCLUDED.course_group, applies_from = EXCLUDED.applies_from, "
                        + "allowed_declaration_types = EXCLUDED.allowed_declaration_types, updated_at = now()")
                .setParameter(1, s.getCohort()).setParameter(2, s.getIdentifier()).setParameter(3, s.getCourseGroup())
                .setParameter(4, s.getAppliesFrom()).setParameter(5, "{" + String.join(",", s.getAllowedDeclarationTypes()) + "}")
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deliveryPartner(DeliveryPartnerChanged d) {
        UUID id = UUID.fromString(d.getDeliveryPartnerId());
        em.createNativeQuery("INSERT INTO delivery_partner (id, name, updated_at) VALUES (?1, ?2, now()) "
                + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()")
                .setParameter(1, id).setParameter(2, d.getName()).executeUpdate();
        em.createNativeQuery("DELETE FROM delivery_partnership WHERE delivery_partner_id = ?1").setParameter(1, id).executeUpdate();
        for (var p : d.getPartnerships()) {
            em.createNativeQuery("INSERT INTO delivery_partnership (delivery_partner_id, lead_provider_id, cohort) VALUES (?1, ?2, ?3) "
                    + "ON CONFLICT DO NOTHING").setParameter(1, id).setParameter(2, UUID.fromString(p.getLeadProviderId()))
                    .setParameter(3, p.getCohort()).executeUpdate();
        }
    }

    private Enrolment findOrCreate(String applicationId, String participantId) {
        return copies.lockOrCreate(Enrolment.class, "enrolment", UUID.fromString(applicationId), UUID.fromString(participantId));
    }

    /** funding-service's name of a lead provider (LeadProviderDefined), shown as a declaration's lead_provider_name. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void leadProvider(uk.npq.contracts.funding.LeadProviderDefined l) {
        em.createNativeQuery("INSERT INTO lead_provider (id, name, updated_at) VALUES (?1, ?2, now()) ON CONFLICT (id) DO UPDATE SET "
                + "name = EXCLUDED.name, updated_at = now()").setParameter(1, java.util.UUID.fromString(l.getLeadProviderId()))
                .setParameter(2, l.getName()).executeUpdate();
    }
}
