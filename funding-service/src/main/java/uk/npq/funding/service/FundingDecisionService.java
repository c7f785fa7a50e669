package uk.npq.funding.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.FundingDecisionOverridden;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.funding.domain.FundingCode;
import uk.npq.funding.domain.FundingEngine;
import uk.npq.funding.domain.RuleSet;
import uk.npq.funding.repository.FundingDecision;
import uk.npq.funding.repository.FundingDecisionRepository;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;

/** Decides on submitted applications, keeps the funding history per TRN, and applies admin overrides (d4). */
@ApplicationScoped
public class FundingDecisionService {
    static final List<String> OPEN_DECLARATION_STATES = List.of("submitted", "eligible", "payable", "paid");

    @Inject FundingDecisionRepository decisions;
    @Inject FundingFactsResolver facts;
    @Inject EngineProvider engines;
    @Inject Outbox outbox;
    @Inject ObjectMapper json;
    @Inject EntityManager em;
    @Inject CourseCatalogue courses;
    @Inject PreviouslyFunded previouslyFunded;

    /** One stored decision and one FundingDecisionMade per application, however often the event arrives. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decide(ApplicationSubmitted s) {
        UUID applicationId = UUID.fromString(s.getApplicationId());
        CourseCatalogue.Course course = courses.course(s.getCourseIdentifier()).orElse(null);
        if (course != null) {
            recordApplication(applicationId, UUID.fromString(s.getParticipantId()), s.getTrn(), course, s.getCohort());
            em.createNativeQuery("UPDATE application_funding SET trn_verified = ?2 WHERE application_id = ?1").setParameter(1, applicationId)
                    .setParameter(2, s.getTrn() != null && Boolean.TRUE.equals(s.getTrnVerified())).executeUpdate();
            previouslyFunded.record(applicationId, s.getPreviouslyFunded());
        }
        if (decisions.findById(applicationId) != null) return;
        FundingAnswers answers = new FundingAnswers(s.getCohort(), s.getCourseIdentifier(), s.getTeacherCatchment(),
                s.getTeacherCatchmentCountry(), s.getWorkSetting(), s.getSchoolUrn(), s.getSchoolUkprn(),
                s.getPrivateChildcareProviderUrn(), s.getKindOfNursery(), s.getEmploymentType(), s.getIttProvider(),
                s.getLeadMentor(), s.getReferredByReturnToTeachingAdviser(), s.getHeadteacherStatus(), s.getTrn());
        FundingFactsResolver.Resolution r = facts.resolve(answers, s.getPreviouslyFunded());
        Instant now = Instant.now();

        FundingDecision row = new FundingDecision();
        row.applicationId = applicationId;
        row.participantId = UUID.fromString(s.getParticipantId());
        row.leadProviderId = UUID.fromString(s.getLeadProviderId());
        row.cohort = s.getCohort();
        row.courseIdentifier = s.getCourseIdentifier();
        row.inputs = write(answers);
        row.listVersions = write(r.listVersions());
        row.decidedAt = now;
        FundingCode code;
        if (r.ok()) {
            FundingEngine.Outcome o;
            try {
                o = engines.engine().decide(r.inputs());
            } catch (FundingEngine.MissingInput e) {
                o = null;
                r = new FundingFactsResolver.Resolution(null, r.listVersions(),
                        List.of(new FundingFactsResolver.Problem(e.attribute, e.getMessage())));
            }
            if (o != null) {
                code = o.code();
                row.ruleSet = o.ruleSet().id;
                row.trace = write(o.trace());
                row.targetedDeliveryFunding = o.targetedDeliveryFunding();
                row.tsfPrimary = o.tsfPrimary();
                row.tsfPrimaryPlus = o.tsfPrimaryPlus();
                complete(row, code);
                return;
            }
        }
        // answers the decision needs are missing or unknown: a person must look (no "funded" without facts)
        code = FundingCode.SUBJECT_TO_REVIEW;
        row.ruleSet = s.getCohort() != null && s.getCohort().matches("^20[0-9]{2}.*") ? RuleSet.forCohort(s.getCohort()).id : "unknown";
        row.trace = write(r.problems().stream().map(p -> p.attribute() + ": " + p.detail() + " -> an admin must review").toList());
        complete(row, code);
    }

    private void complete(FundingDecision row, FundingCode code) {
        row.statusCode = code.code;
        row.engineStatusCode = code.code;
        row.eligible = code.funded;
        row.reviewRequired = code.reviewRequired;
        row.reviewStatus = code.reviewRequired ? "needs_review" : null;
        row.messageKey = code.messageKey;
        decisions.persist(row);
        setEligibility(row.applicationId, row.eligible);

        FundingDecisionMade event = new FundingDecisionMade();
        event.setApplicationId(row.applicationId.toString());
        event.setParticipantId(row.participantId.toString());
        event.setEligibleForFunding(row.eligible);
        event.setFundingEligibilityStatusCode(row.statusCode);
        event.setRuleSet(row.ruleSet);
        event.setReviewRequired(row.reviewRequired);
        event.setDecidedAt(row.decidedAt);
        event.setMessageKey(row.messageKey);
        event.setTargetedDeliveryFundingEligibility(row.targetedDeliveryFunding);
        event.setTsfPrimaryEligibility(row.tsfPrimary);
        event.setTsfPrimaryPlusEligibility(row.tsfPrimaryPlus);
        outbox.publish(Topics.FUNDING_DECISION, "funding-decision", row.applicationId.toString(), event);
    }

    // ---------------------------------------------------------------- history (d3 previously funded, d4 guards)
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordApplication(UUID applicationId, UUID participantId, String trn, CourseCatalogue.Course course, String cohort) {
        em.createNativeQuery("INSERT INTO application_funding (application_id, participant_id, trn, course_family, cohort, updated_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, now()) ON CONFLICT (application_id) DO UPDATE SET "
                        + "trn = coalesce(EXCLUDED.trn, application_funding.trn), updated_at = now()")
                .setParameter(1, applicationId).setParameter(2, participantId).setParameter(3, trn)
                .setParameter(4, course.family()).setParameter(5, cohort).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(UUID applicationId, UUID participantId, String trn, CourseCatalogue.Course course, String cohort, Boolean fundedPlace,
                         boolean previouslyFundedNow) {
        recordApplication(applicationId, participantId, trn, course, cohort);
        em.createNativeQuery("UPDATE application_funding SET accepted = true, funded_place = ?2, updated_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).setParameter(2, fundedPlace).executeUpdate();
        // registration puts a TRN on ApplicationAccepted only when the Teacher Record System verified it
        if (trn != null) {
            em.createNativeQuery("UPDATE application_funding SET trn = ?2, trn_verified = true WHERE application_id = ?1")
                    .setParameter(1, applicationId).setParameter(2, trn).executeUpdate();
        }
        previouslyFunded.record(applicationId, previouslyFundedNow);
    }

    /** A person's TRN was verified later (or found not to hold): a verified TRN is what a preview's TRN is matched against. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void trnChecked(UUID participantId, String trn, boolean verified) {
        if (verified && trn != null) {
            em.createNativeQuery("UPDATE application_funding SET trn = ?2, trn_verified = true, updated_at = now() WHERE participant_id = ?1")
                    .setParameter(1, participantId).setParameter(2, trn).executeUpdate();
        } else {
            em.createNativeQuery("UPDATE application_funding SET trn_verified = false, updated_at = now() WHERE participant_id = ?1 AND trn_verified")
                    .setParameter(1, participantId).executeUpdate();
        }
    }

    /** Two person records were merged: the moved applications belong to the surviving one (a participant sees its decisions). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void participantMerged(UUID to, List<UUID> moved) {
        if (moved.isEmpty()) return;
        em.createNativeQuery("UPDATE application_funding SET participant_id = :to, updated_at = now() WHERE application_id IN (:moved)")
                .setParameter("to", to).setParameter("moved", moved).executeUpdate();
        em.createNativeQuery("UPDATE funding_decision SET participant_id = :to WHERE application_id IN (:moved)")
                .setParameter("to", to).setParameter("moved", moved).executeUpdate();
    }

    /** A rejected application (even one accepted before) no longer counts as funded for "previously funded". */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(UUID applicationId) {
        em.createNativeQuery("UPDATE application_funding SET accepted = false, updated_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).executeUpdate();
    }

    /** An admin reverted the application to pending (c1): not accepted, so not funded, and its funded place is NULL again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revertedToPending(UUID applicationId) {
        em.createNativeQuery("UPDATE application_funding SET accepted = false, funded_place = NULL, updated_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).executeUpdate();
    }

    /** change-schedule may move the application to another cohort, and its funded place with it (d5). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void scheduleChanged(UUID applicationId, String cohort, Boolean fundedPlace) {
        em.createNativeQuery("UPDATE application_funding SET cohort = ?2, funded_place = ?3, updated_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).setParameter(2, cohort).setParameter(3, fundedPlace).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void fundedPlaceChanged(UUID applicationId, Boolean fundedPlace) {
        em.createNativeQuery("UPDATE application_funding SET funded_place = ?2, updated_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).setParameter(2, fundedPlace).executeUpdate();
    }


    private void setEligibility(UUID applicationId, boolean eligible) {
        em.createNativeQuery("UPDATE application_funding SET eligible_for_funding = ?2, updated_at = now() WHERE application_id = ?1")
                .setParameter(1, applicationId).setParameter(2, eligible).executeUpdate();
    }

    // ---------------------------------------------------------------- overrides (d4) and review
    /**
     * Marks an application funded or ineligible by policy. Refused (422) when marking ineligible while the
     * application has submitted, eligible, payable or paid declarations, or while its funded_place is true.
     */
    @Transactional
    public FundingDecision override(UUID applicationId, boolean eligible, String reason, String admin) {
        FundingDecision d = decisions.findById(applicationId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (d == null) throw Problems.notFound();
        if (!eligible) {
            Number open = (Number) em.createNativeQuery("SELECT count(*) FROM declaration_state WHERE application_id = ?1 AND state IN (:states)")
                    .setParameter(1, applicationId).setParameter("states", OPEN_DECLARATION_STATES).getSingleResult();
            if (open.longValue() > 0) {
                throw Problems.unprocessable("eligible_for_funding", "The application has declarations that are submitted, "
                        + "eligible, payable or paid, so it cannot be marked ineligible for funding.");
            }
            // funded_place is NULL until a provider sets it (a pending application): a list, since findFirst() cannot hold a NULL
            List<?> places = em.createNativeQuery("SELECT funded_place FROM application_funding WHERE application_id = ?1")
                    .setParameter(1, applicationId).getResultList();
            Object fundedPlace = places.isEmpty() ? null : places.get(0);
            if (Boolean.TRUE.equals(fundedPlace)) {
                throw Problems.unprocessable("eligible_for_funding",
                        "The application has a funded place, so it cannot be marked ineligible for funding.");
            }
        }
        FundingCode code = eligible ? FundingCode.MARKED_FUNDED_BY_POLICY : FundingCode.MARKED_INELIGIBLE_BY_POLICY;
        String previous = d.statusCode;
        if (previous.equals(code.code)) return d; // already so: nothing changes, nothing is published
        Instant now = Instant.now();
        d.statusCode = code.code;
        d.eligible = eligible;
        d.messageKey = code.messageKey;
        d.overriddenBy = admin;
        d.overriddenAt = now;
        d.overrideReason = reason;
        if (d.reviewStatus != null) d.reviewStatus = "decision_made";
        setEligibility(applicationId, eligible);
        FundingDecisionOverridden event = new FundingDecisionOverridden();
        event.setApplicationId(applicationId.toString());
        event.setParticipantId(d.participantId.toString());
        event.setEligibleForFunding(eligible);
        event.setFundingEligibilityStatusCode(code.code);
        event.setPreviousStatusCode(previous);
        event.setReason(reason);
        event.setOverriddenAt(now);
        outbox.publish(Topics.FUNDING_DECISION, "funding-decision", applicationId.toString(), event);
        return d;
    }

    @Transactional
    public FundingDecision review(UUID applicationId, String status, String note) {
        FundingDecision d = decisions.findById(applicationId);
        if (d == null || d.reviewStatus == null) throw Problems.notFound();
        d.reviewStatus = status;
        d.reviewNote = note;
        return d;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
