package uk.npq.funding.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.metrics.CommittedCounts;
import uk.npq.contracts.funding.FundingDecisionOverridden;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.correlation.Correlation;
import uk.npq.platform.inbox.Inbox;
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
    @Inject CommittedCounts counts;

    /** Funding decisions made and overridden, by their funding_eligibility_status_code (scraped at /q/metrics, management port). */
    static final String DECISIONS = "npq.funding.decisions";
    private static final String DECISIONS_HELP = "Funding decisions committed (made or overridden), by decision code";

    /** One stored decision and one FundingDecisionMade per application, however often the event arrives. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decide(ApplicationSubmitted s) {
        together(List.of(s));
    }

    /** The events {@link #together} takes: submissions and acceptances (of a course funding knows). */
    public static boolean together(SpecificRecord event) {
        return event instanceof ApplicationSubmitted || event instanceof ApplicationAccepted;
    }

    /**
     * A poll's submissions and acceptances at once (issue 16), leaving what {@link #decide} and {@link #accepted} leave one by
     * one, in order: each application's events folded into its funding history (created in one statement, written in
     * one), and each application submitted for the first time decided from facts read for all of them together
     * ({@link FundingFactsResolver#resolveAll}), by the pure engine, the decisions and their eligibility written in one
     * statement each and their FundingDecisionMade events in the outbox's one. An acceptance's course must be known (the
     * consumer does not take it otherwise).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void together(List<? extends SpecificRecord> events) {
        Map<UUID, History> histories = new LinkedHashMap<>();
        Map<UUID, ApplicationSubmitted> firstSubmissions = new LinkedHashMap<>();
        for (SpecificRecord event : events) {
            if (event instanceof ApplicationSubmitted s) {
                UUID id = UUID.fromString(s.getApplicationId());
                firstSubmissions.putIfAbsent(id, s);
                CourseCatalogue.Course course = courses.course(s.getCourseIdentifier()).orElse(null);
                if (course == null) continue;
                History h = histories.computeIfAbsent(id, a -> new History(s.getParticipantId(), s.getTrn(), course.family(), s.getCohort()));
                if (s.getTrn() != null) h.trn = s.getTrn();
                h.trnVerified = s.getTrn() != null && Boolean.TRUE.equals(s.getTrnVerified());
                h.previouslyFunded = s.getPreviouslyFunded();
            } else if (event instanceof ApplicationAccepted a) {
                CourseCatalogue.Course course = courses.course(a.getCourseIdentifier()).orElseThrow(
                        () -> new IllegalArgumentException("an acceptance of an unknown course: " + a.getCourseIdentifier()));
                History h = histories.computeIfAbsent(UUID.fromString(a.getApplicationId()),
                        id -> new History(a.getParticipantId(), a.getTrn(), course.family(), a.getCohort()));
                h.accepted = true;
                h.fundedPlace = a.getFundedPlace();
                // registration puts a TRN on ApplicationAccepted only when the Teacher Record System verified it
                if (a.getTrn() != null) { h.trn = a.getTrn(); h.trnVerified = true; }
                h.previouslyFunded = a.getPreviouslyFunded();
            } else {
                throw new IllegalArgumentException("not an event decided together: " + event.getSchema().getFullName());
            }
        }
        writeHistories(histories);
        decideAll(firstSubmissions);
    }

    /** What a poll's events of one application set on its application_funding row (null: left as it was). */
    private static final class History {
        final String participantId, firstTrn, family, cohort;
        String trn;
        Boolean trnVerified;
        boolean accepted;
        Boolean fundedPlace;
        Boolean previouslyFunded;

        History(String participantId, String firstTrn, String family, String cohort) {
            this.participantId = participantId; this.firstTrn = firstTrn; this.family = family; this.cohort = cohort;
        }
    }

    /**
     * {@link #recordApplication} and the updates of {@link #decide}/{@link #accepted} for many applications: the missing
     * rows inserted as the first event of each would insert them (an existing row keeps its participant, family and
     * cohort), then every row's history set in one statement, rows in application-id order.
     */
    private void writeHistories(Map<UUID, History> histories) {
        if (histories.isEmpty()) return;
        List<Map<String, Object>> rows = new ArrayList<>();
        new java.util.TreeMap<>(histories).forEach((id, h) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("application_id", id.toString());
            r.put("participant_id", h.participantId);
            r.put("first_trn", h.firstTrn);
            r.put("course_family", h.family);
            r.put("cohort", h.cohort);
            r.put("trn", h.trn);
            r.put("trn_verified", h.trnVerified);
            r.put("accepted", h.accepted);
            r.put("funded_place", h.fundedPlace);
            r.put("previously_funded", h.previouslyFunded);
            rows.add(r);
        });
        String json = write(rows);
        String recordset = "jsonb_to_recordset(cast(?1 AS jsonb)) AS r(application_id uuid, participant_id uuid, first_trn text, "
                + "course_family text, cohort text, trn text, trn_verified boolean, accepted boolean, funded_place boolean, previously_funded boolean)";
        em.createNativeQuery("INSERT INTO application_funding (application_id, participant_id, trn, course_family, cohort, updated_at) "
                        + "SELECT r.application_id, r.participant_id, r.first_trn, r.course_family, r.cohort, now() FROM " + recordset
                        + " ORDER BY r.application_id ON CONFLICT (application_id) DO NOTHING")
                .setParameter(1, json).executeUpdate();
        em.createNativeQuery("UPDATE application_funding f SET trn = coalesce(r.trn, f.trn), trn_verified = coalesce(r.trn_verified, f.trn_verified), "
                        + "accepted = r.accepted OR f.accepted, funded_place = CASE WHEN r.accepted THEN r.funded_place ELSE f.funded_place END, "
                        + "previously_funded = coalesce(r.previously_funded, f.previously_funded), updated_at = now() FROM " + recordset
                        + " WHERE f.application_id = r.application_id")
                .setParameter(1, json).executeUpdate();
    }

    /** The first submission of each application without a decision: decided together, written set-based. */
    @SuppressWarnings("unchecked")
    private void decideAll(Map<UUID, ApplicationSubmitted> submissions) {
        if (submissions.isEmpty()) return;
        Set<UUID> decided = new HashSet<>((List<UUID>) em.createNativeQuery("SELECT application_id FROM funding_decision WHERE application_id IN (:ids)")
                .setParameter("ids", submissions.keySet()).getResultList());
        List<ApplicationSubmitted> open = submissions.entrySet().stream().filter(e -> !decided.contains(e.getKey())).map(Map.Entry::getValue).toList();
        if (open.isEmpty()) return;
        List<FundingAnswers> answers = new ArrayList<>(open.size());
        List<Boolean> judged = new ArrayList<>(open.size());
        for (ApplicationSubmitted s : open) {
            answers.add(new FundingAnswers(s.getCohort(), s.getCourseIdentifier(), s.getTeacherCatchment(),
                    s.getTeacherCatchmentCountry(), s.getWorkSetting(), s.getSchoolUrn(), s.getSchoolUkprn(),
                    s.getPrivateChildcareProviderUrn(), s.getKindOfNursery(), s.getEmploymentType(), s.getIttProvider(),
                    s.getLeadMentor(), s.getReferredByReturnToTeachingAdviser(), s.getHeadteacherStatus(), s.getTrn()));
            judged.add(s.getPreviouslyFunded());
        }
        List<FundingFactsResolver.Resolution> resolutions = facts.resolveAll(answers, judged);
        Instant now = Instant.now();
        List<FundingDecision> rows = new ArrayList<>(open.size());
        for (int i = 0; i < open.size(); i++) {
            rows.add(decision(open.get(i), answers.get(i), resolutions.get(i), now));
        }
        insert(rows);
        List<Map<String, Object>> eligibility = new ArrayList<>();
        for (FundingDecision row : rows) eligibility.add(Map.of("application_id", row.applicationId.toString(), "eligible", row.eligible));
        em.createNativeQuery("UPDATE application_funding f SET eligible_for_funding = r.eligible, updated_at = now() "
                        + "FROM jsonb_to_recordset(cast(?1 AS jsonb)) AS r(application_id uuid, eligible boolean) WHERE f.application_id = r.application_id")
                .setParameter(1, write(eligibility)).executeUpdate();
        for (int i = 0; i < rows.size(); i++) {
            FundingDecision row = rows.get(i);
            Correlation.with(Inbox.correlationOf(open.get(i)), () -> publishMade(row));
        }
    }

    /** One application's decision from its resolved facts (the engine is pure), not yet written. */
    private FundingDecision decision(ApplicationSubmitted s, FundingAnswers answers, FundingFactsResolver.Resolution r, Instant now) {
        FundingDecision row = new FundingDecision();
        row.applicationId = UUID.fromString(s.getApplicationId());
        row.participantId = UUID.fromString(s.getParticipantId());
        row.leadProviderId = UUID.fromString(s.getLeadProviderId());
        row.cohort = s.getCohort();
        row.courseIdentifier = s.getCourseIdentifier();
        row.inputs = write(answers);
        row.listVersions = write(r.listVersions());
        row.decidedAt = now;
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
                row.ruleSet = o.ruleSet().id;
                row.trace = write(o.trace());
                row.targetedDeliveryFunding = o.targetedDeliveryFunding();
                row.tsfPrimary = o.tsfPrimary();
                row.tsfPrimaryPlus = o.tsfPrimaryPlus();
                complete(row, o.code());
                return row;
            }
        }
        // answers the decision needs are missing or unknown: a person must look (no "funded" without facts)
        row.ruleSet = s.getCohort() != null && s.getCohort().matches("^20[0-9]{2}.*") ? RuleSet.forCohort(s.getCohort()).id : "unknown";
        row.trace = write(r.problems().stream().map(p -> p.attribute() + ": " + p.detail() + " -> an admin must review").toList());
        complete(row, FundingCode.SUBJECT_TO_REVIEW);
        return row;
    }

    private static void complete(FundingDecision row, FundingCode code) {
        row.statusCode = code.code;
        row.engineStatusCode = code.code;
        row.eligible = code.funded;
        row.reviewRequired = code.reviewRequired;
        row.reviewStatus = code.reviewRequired ? "needs_review" : null;
        row.messageKey = code.messageKey;
    }

    /** The decisions in one statement (no entities: nothing to dirty-check); a decision already there is left as it is. */
    private void insert(List<FundingDecision> rows) {
        List<Map<String, Object>> json = new ArrayList<>(rows.size());
        for (FundingDecision d : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("application_id", d.applicationId.toString());
            r.put("participant_id", d.participantId.toString());
            r.put("lead_provider_id", d.leadProviderId.toString());
            r.put("cohort", d.cohort);
            r.put("course_identifier", d.courseIdentifier);
            r.put("inputs", d.inputs);
            r.put("rule_set", d.ruleSet);
            r.put("status_code", d.statusCode);
            r.put("eligible", d.eligible);
            r.put("review_required", d.reviewRequired);
            r.put("trace", d.trace);
            r.put("decided_at", d.decidedAt.toString());
            r.put("list_versions", d.listVersions);
            r.put("message_key", d.messageKey);
            r.put("targeted_delivery_funding", d.targetedDeliveryFunding);
            r.put("tsf_primary", d.tsfPrimary);
            r.put("tsf_primary_plus", d.tsfPrimaryPlus);
            r.put("review_status", d.reviewStatus);
            r.put("engine_status_code", d.engineStatusCode);
            json.add(r);
        }
        em.createNativeQuery("INSERT INTO funding_decision (application_id, participant_id, lead_provider_id, cohort, course_identifier, inputs, "
                        + "rule_set, status_code, eligible, review_required, trace, decided_at, list_versions, message_key, "
                        + "targeted_delivery_funding, tsf_primary, tsf_primary_plus, review_status, engine_status_code) "
                        + "SELECT r.application_id, r.participant_id, r.lead_provider_id, r.cohort, r.course_identifier, cast(r.inputs AS jsonb), "
                        + "r.rule_set, r.status_code, r.eligible, r.review_required, cast(r.trace AS jsonb), r.decided_at, cast(r.list_versions AS jsonb), "
                        + "r.message_key, r.targeted_delivery_funding, r.tsf_primary, r.tsf_primary_plus, r.review_status, r.engine_status_code "
                        + "FROM jsonb_to_recordset(cast(?1 AS jsonb)) AS r(application_id uuid, participant_id uuid, lead_provider_id uuid, "
                        + "cohort text, course_identifier text, inputs text, rule_set text, status_code text, eligible boolean, "
                        + "review_required boolean, trace text, decided_at timestamptz, list_versions text, message_key text, "
                        + "targeted_delivery_funding boolean, tsf_primary boolean, tsf_primary_plus boolean, review_status text, "
                        + "engine_status_code text) ORDER BY r.application_id")
                .setParameter(1, write(json)).executeUpdate();
    }

    private Void publishMade(FundingDecision row) {
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
        counts.increment(DECISIONS, DECISIONS_HELP, "code", row.statusCode, 1);
        return null;
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
        counts.increment(DECISIONS, DECISIONS_HELP, "code", code.code, 1);
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
