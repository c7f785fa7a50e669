package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.FundingDecisionOverridden;
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

    /** The columns a poll's events set on enrolment rows together ({@link #together}), with their SQL types. */
    static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("lead_provider_id", "uuid"), Map.entry("course_identifier", "text"), Map.entry("cohort", "text"),
            Map.entry("trn", "bpchar(7)"), Map.entry("teacher_catchment", "text"), Map.entry("school_urn", "text"),
            Map.entry("status", "text"), Map.entry("training_status", "text"), Map.entry("withdrawn_at", "timestamptz"),
            Map.entry("accepted_at", "timestamptz"), Map.entry("schedule_identifier", "text"), Map.entry("funded_place", "boolean"),
            Map.entry("previously_funded", "boolean"), Map.entry("eligible_for_funding", "boolean"),
            Map.entry("funding_status_code", "text"), Map.entry("targeted_delivery_funding_eligibility", "boolean"));

    /** The events {@link #together} takes: an application's submission and acceptance, and funding's verdicts. */
    public static boolean together(SpecificRecord event) {
        return event instanceof ApplicationSubmitted || event instanceof ApplicationAccepted
                || event instanceof FundingDecisionMade || event instanceof FundingDecisionOverridden;
    }

    /** The application an event of {@link #together}'s kinds (or any application event) is about. */
    public static String applicationOf(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("applicationId").pos()));
    }

    /**
     * A poll's submissions, acceptances and verdicts at once (issue 16): each application's events folded in order into the
     * columns they set (what {@link #submitted}, {@link #accepted} and {@link #decided} set one by one), then the missing
     * rows created and every row patched in two statements, however many events.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void together(List<SpecificRecord> events) {
        Map<UUID, ParticipantCopies.Patch> patches = new LinkedHashMap<>();
        for (SpecificRecord event : events) {
            UUID application = UUID.fromString(applicationOf(event));
            switch (event) {
                case ApplicationSubmitted e -> patch(patches, application, e.getParticipantId())
                        .set("lead_provider_id", e.getLeadProviderId()).set("course_identifier", e.getCourseIdentifier())
                        .set("cohort", e.getCohort()).set("trn", e.getTrn()).set("teacher_catchment", e.getTeacherCatchment())
                        .set("school_urn", e.getSchoolUrn());
                case ApplicationAccepted e -> {
                    var p = patch(patches, application, e.getParticipantId())
                            .set("lead_provider_id", e.getLeadProviderId()).set("course_identifier", e.getCourseIdentifier())
                            .set("cohort", e.getCohort()).set("status", "accepted").set("training_status", "active")
                            .set("withdrawn_at", null).set("accepted_at", e.getAcceptedAt())
                            .set("schedule_identifier", e.getScheduleIdentifier()).set("funded_place", e.getFundedPlace())
                            .set("previously_funded", e.getPreviouslyFunded());
                    if (e.getTrn() != null) p.set("trn", e.getTrn());
                }
                case FundingDecisionMade d -> patch(patches, application, d.getParticipantId())
                        .set("eligible_for_funding", d.getEligibleForFunding()).set("funding_status_code", d.getFundingEligibilityStatusCode())
                        .set("targeted_delivery_funding_eligibility", d.getTargetedDeliveryFundingEligibility());
                // an override leaves the targeted-delivery flag
                case FundingDecisionOverridden o -> patch(patches, application, o.getParticipantId())
                        .set("eligible_for_funding", o.getEligibleForFunding()).set("funding_status_code", o.getFundingEligibilityStatusCode());
                default -> throw new IllegalArgumentException("not an event applied together: " + event.getSchema().getFullName());
            }
        }
        copies.createAndPatch("enrolment", COLUMNS, patches);
    }

    private static ParticipantCopies.Patch patch(Map<UUID, ParticipantCopies.Patch> patches, UUID application, String participant) {
        return patches.computeIfAbsent(application, a -> new ParticipantCopies.Patch(UUID.fromString(participant)));
    }

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
