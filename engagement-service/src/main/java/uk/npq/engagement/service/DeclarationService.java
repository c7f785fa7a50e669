package uk.npq.engagement.service;

import uk.npq.platform.persistence.AdvisoryLocks;
import uk.npq.contracts.DfeFunding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.engagement.DeclarationVoided;
import uk.npq.engagement.domain.DeclarationDate;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.engagement.repository.Declaration;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.projection.ContractCopies;
import uk.npq.platform.projection.ParticipantCopies;
import uk.npq.platform.problem.Problems;

/**
 * Participant declarations (npq-domain.md f5, c3): submit, void, change delivery partner. A declaration is
 * never billable twice for one milestone: identical requests are serialised on their bytes and answered with
 * the declaration the first one made, every other submission for the milestone is serialised on the person's
 * TRN (or the application) and refused, and a partial unique index has the last word.
 */
@ApplicationScoped
public class DeclarationService {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final List<String> TYPES = List.of("started", "retained-1", "retained-2", "completed");

    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;
    @Inject Outbox outbox;
    @Inject ParticipantCopies copies;
    @Inject Clock clock;
    @Inject Statements statements;
    @Inject ContractCopies contracts;
    @Inject StatementItems items;
    @Inject DeclarationEvents events;

    /** The attributes of a POST as sent; has_passed raw (true/false, or the strings "true"/"false"). */
    public record Submission(String participantId, String declarationType, String declarationDate, String courseIdentifier,
                             Object hasPassed, String deliveryPartnerId, String secondaryDeliveryPartnerId) {}

    /** The declaration, and whether this request made it (false: the retry of an identical request). */
    public record Submitted(Declaration declaration, boolean created) {}

    @Transactional
    public Submitted submit(UUID leadProviderId, Submission s, String requestDigest, boolean derived) {
        lock("request:" + leadProviderId + ":" + requestDigest);
        var replay = identical(leadProviderId, requestDigest);
        if (replay.isPresent()) return new Submitted(replay.get(), false);

        Instant now = clock.instant();
        var errors = Problems.errors();
        UUID participant = uuid(s.participantId());
        if (blank(s.participantId())) {
            errors.add("participant_id", DeclarationMessages.PARTICIPANT_BLANK);
        } else if (participant != null) {
            retiredTo(participant).ifPresent(to -> errors.add("participant_id",
                    DeclarationMessages.PARTICIPANT_REPLACED.formatted(s.participantId(), to)));
        }
        if (errors.isEmpty() && (participant == null || !hasAccepted(participant, leadProviderId)))
            errors.add("participant_id", DeclarationMessages.PARTICIPANT_UNKNOWN);
        Enrolment target = null;
        if (errors.isEmpty()) {
            target = courses.exists(s.courseIdentifier()) ? latestAccepted(participant, leadProviderId, s.courseIdentifier()) : null;
            if (target == null) errors.add("course_identifier", DeclarationMessages.COURSE_UNKNOWN);
        }
        Instant date = null;
        if (blank(s.declarationDate())) {
            errors.add("declaration_date", DeclarationMessages.DATE_BLANK);
        } else {
            date = DeclarationDate.parse(s.declarationDate()).orElse(null);
            if (date == null) errors.add("declaration_date", DeclarationMessages.DATE_INVALID);
        }
        if (errors.isEmpty() && target.withdrawnAt != null && !target.withdrawnAt.isAfter(date)) {
            errors.add("participant_id", DeclarationMessages.WITHDRAWN.formatted(
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(target.withdrawnAt.atOffset(ZoneOffset.UTC))));
        }
        if (blank(s.declarationType())) errors.add("declaration_type", DeclarationMessages.TYPE_BLANK);
        if (s.declarationType() == null || !TYPES.contains(s.declarationType())) errors.add("declaration_type", DeclarationMessages.TYPE_UNKNOWN);
        Schedule schedule = null;
        Optional<UUID> statement = Optional.empty();
        if (errors.isEmpty()) {
            schedule = schedule(target).orElse(null);
            if (schedule == null) errors.add("application", DeclarationMessages.NO_SCHEDULE);
            else if (!schedule.allowed().contains(s.declarationType()))
                errors.add("declaration_type", DeclarationMessages.TYPE_NOT_IN_SCHEDULE);
        }
        if (errors.isEmpty()) { // f5 rules 7 and 8, from the copy of funding-service's contracts and statements
            if (!contracts.exists(leadProviderId, target.cohort, target.courseIdentifier))
                errors.add("cohort", DeclarationMessages.NO_CONTRACT);
            else if (fundable(target) && (statement = statements.claimNextOutputFee(leadProviderId, target.cohort)).isEmpty())
                errors.add("cohort", DeclarationMessages.CONTRACT_ENDED.formatted(startYear(target.cohort)));
        }
        Boolean hasPassed = bool(s.hasPassed());
        if ("completed".equals(s.declarationType()) && courses.hasOutcomes(s.courseIdentifier()) && hasPassed == null)
            errors.add("has_passed", DeclarationMessages.HAS_PASSED);
        if (errors.isEmpty()) {
            lock("milestone:" + (target.trn != null ? target.trn + ":" + String.join(",", courses.family(target.courseIdentifier))
                    : target.applicationId.toString()) + ":" + s.declarationType());
            if (billable(target.applicationId, s.declarationType()).isPresent()) errors.add("base", DeclarationMessages.DUPLICATE);
        }
        UUID dp = uuid(s.deliveryPartnerId()), secondary = uuid(s.secondaryDeliveryPartnerId());
        if (!blank(s.deliveryPartnerId()) && !partnerExists(dp)) errors.add("delivery_partner_id", DeclarationMessages.DP_NOT_FOUND);
        if (!blank(s.secondaryDeliveryPartnerId()) && !partnerExists(secondary))
            errors.add("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_DP_NOT_FOUND);
        if (errors.isEmpty()) {
            // the DfE compares with midnight UTC of applies_from (its dates are UTC), not midnight in London
            if (date.isBefore(schedule.appliesFrom().atStartOfDay(ZoneOffset.UTC).toInstant()))
                errors.add("declaration_date", DeclarationMessages.DATE_BEFORE_SCHEDULE);
            if (date.isAfter(now)) errors.add("declaration_date", DeclarationMessages.DATE_IN_FUTURE);
            checkDeliveryPartners(errors, target, dp, secondary);
        }
        errors.throwIfAny();

        Declaration d = new Declaration();
        d.id = UUID.randomUUID();
        d.applicationId = target.applicationId;
        d.participantId = target.participantId;
        d.leadProviderId = leadProviderId;
        d.courseIdentifier = target.courseIdentifier;
        d.cohort = target.cohort;
        d.declarationType = s.declarationType();
        d.declarationDate = date;
        d.hasPassed = "completed".equals(s.declarationType()) ? hasPassed : null;
        d.deliveryPartnerId = dp;
        d.secondaryDeliveryPartnerId = secondary;
        d.requestDigest = requestDigest;
        d.derived = derived;
        d.createdAt = now;
        d.updatedAt = now;
        Optional<Declaration> original = duplicateElsewhere(target, s.declarationType());
        if (original.isPresent()) { // the same person under another record already declared this milestone (c3)
            d.state = "ineligible";
            d.stateReason = "duplicate";
            d.supersededById = original.get().id;
        } else {
            d.state = fundable(target) ? "eligible" : "submitted";
        }
        // c3: leaving submitted puts it on the statement rule 8 claimed; an unfundable duplicate (ineligible) goes on the
        // next statement if there is one, as in the DfE service, and is not refused when there is none
        if ("ineligible".equals(d.state) && statement.isEmpty()) statement = statements.claimNextOutputFee(leadProviderId, d.cohort);
        if (!"submitted".equals(d.state)) d.statementId = statement.orElse(null);
        em.persist(d);
        em.flush(); // the partial unique index refuses a second billable declaration here
        if (d.statementId != null) items.attach(d, d.statementId);
        outbox.publish(Topics.DECLARATION, "declaration", d.id.toString(), DeclarationSubmitted.newBuilder().setEventId("")
                .setOccurredAt(now).setAggregateId("").setDeclarationId(d.id.toString()).setApplicationId(d.applicationId.toString())
                .setParticipantId(d.participantId.toString()).setLeadProviderId(leadProviderId.toString())
                .setCourseIdentifier(d.courseIdentifier).setCohort(d.cohort).setDeclarationType(d.declarationType)
                .setDeclarationDate(d.declarationDate).setState(d.state).setStateReason(d.stateReason)
                .setSupersededById(d.supersededById == null ? null : d.supersededById.toString())
                .setDeliveryPartnerId(dp == null ? null : dp.toString()).setSecondaryDeliveryPartnerId(secondary == null ? null : secondary.toString())
                .setHasPassed(d.hasPassed).setDerived(derived).setSubmittedAt(now).build());
        events.stateChanged(d, target.scheduleIdentifier, null, now);
        return new Submitted(d, true);
    }

    /** c3 void: submitted, eligible, payable or ineligible become voided; paid becomes awaiting_clawback. */
    @Transactional
    public Declaration voidDeclaration(UUID leadProviderId, UUID id) {
        Declaration d = ownedForChange(leadProviderId, id);
        if ("voided".equals(d.state)) throw Problems.unprocessable("declaration", DeclarationMessages.ALREADY_VOIDED);
        if (!Declaration.VOIDABLE.contains(d.state) && !"paid".equals(d.state))
            throw Problems.unprocessable("declaration", DeclarationMessages.REFUNDED);
        Optional<UUID> refundOn = "paid".equals(d.state) ? statements.claimNextOutputFee(d.leadProviderId, d.cohort) : Optional.empty();
        if ("paid".equals(d.state) && refundOn.isEmpty()) // c3: the refund needs a statement
            throw Problems.unprocessable("declaration", DeclarationMessages.CONTRACT_ENDED.formatted(startYear(d.cohort)));
        String previous = d.state;
        Instant now = clock.instant();
        d.state = "paid".equals(previous) ? "awaiting_clawback" : "voided";
        d.updatedAt = now;
        if (refundOn.isPresent()) items.refund(d, refundOn.get());
        else items.voidBilling(d);
        outbox.publish(Topics.DECLARATION, "declaration", d.id.toString(), DeclarationVoided.newBuilder().setEventId("")
                .setOccurredAt(now).setAggregateId("").setDeclarationId(d.id.toString()).setApplicationId(d.applicationId.toString())
                .setParticipantId(d.participantId.toString()).setLeadProviderId(leadProviderId.toString())
                .setCourseIdentifier(d.courseIdentifier).setDeclarationType(d.declarationType).setPreviousState(previous)
                .setState(d.state).setVoidedAt(now).build());
        events.stateChanged(d, schedule(d), previous, now);
        return d;
    }

    @Transactional
    public Declaration changeDeliveryPartner(UUID leadProviderId, UUID id, String deliveryPartnerId, String secondaryId) {
        Declaration d = ownedForChange(leadProviderId, id);
        Enrolment e = em.find(Enrolment.class, d.applicationId);
        var errors = Problems.errors();
        UUID dp = uuid(deliveryPartnerId), secondary = uuid(secondaryId);
        if (!blank(deliveryPartnerId) && !partnerExists(dp)) errors.add("delivery_partner", DeclarationMessages.DP_NOT_CONFIRMED);
        if (!blank(secondaryId) && !partnerExists(secondary))
            errors.add("secondary_delivery_partner", DeclarationMessages.SECONDARY_NOT_CONFIRMED);
        if (errors.isEmpty()) {
            if (dp == null) errors.add("delivery_partner_id", DeclarationMessages.DP_REQUIRED);
            else checkDeliveryPartners(errors, e, dp, secondary);
        }
        errors.throwIfAny();
        d.deliveryPartnerId = dp;
        d.secondaryDeliveryPartnerId = secondary;
        d.updatedAt = clock.instant();
        events.stateChanged(d, e == null ? null : e.scheduleIdentifier, d.state, d.updatedAt); // the statement's reports follow the partner
        return d;
    }

    private String schedule(Declaration d) {
        Enrolment e = em.find(Enrolment.class, d.applicationId);
        return e == null ? null : e.scheduleIdentifier;
    }

    // ------------------------------------------------------------------------------------------------
    /** f5 rule 11: England from cohort 2024 needs a partner of this provider in the cohort; outside England none. */
    void checkDeliveryPartners(Problems.Errors errors, Enrolment e, UUID dp, UUID secondary) {
        boolean england = inEngland(e);
        boolean required = deliveryPartnerRequired(e);
        if (dp == null && required) errors.add("delivery_partner_id", DeclarationMessages.DP_REQUIRED);
        if (dp != null && !england) errors.add("delivery_partner_id", DeclarationMessages.DP_OUTSIDE_ENGLAND);
        if (dp != null && england && !partnerOf(dp, e.leadProviderId, e.cohort))
            errors.add("delivery_partner_id", DeclarationMessages.DP_NOT_CONFIRMED);
        if (secondary != null) {
            if (dp == null) errors.add("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_WITHOUT_PRIMARY);
            if (!england) errors.add("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_OUTSIDE_ENGLAND);
            else if (!partnerOf(secondary, e.leadProviderId, e.cohort))
                errors.add("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_NOT_CONFIRMED);
            if (secondary.equals(dp)) errors.add("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_SAME);
        }
    }

    /** f5 rule 11: teacher_catchment england, or before cohort 2024 a school URN starting "1". */
    static boolean inEngland(Enrolment e) {
        return "england".equals(e.teacherCatchment)
                || (Integer.parseInt(e.cohort.substring(0, 4)) < 2024 && e.schoolUrn != null && e.schoolUrn.startsWith("1"));
    }

    /** f5 rule 11: a declaration of this enrolment must name a delivery partner (England, cohort 2024 on). */
    public static boolean deliveryPartnerRequired(Enrolment e) {
        return inEngland(e) && Integer.parseInt(e.cohort.substring(0, 4)) >= 2024;
    }

    Declaration ownedForChange(UUID leadProviderId, UUID id) {
        Declaration d = em.find(Declaration.class, id, LockModeType.PESSIMISTIC_WRITE);
        // another provider's declaration is not found, as in the DfE service and everywhere else here for another tenant's resource
        if (d == null || !d.leadProviderId.equals(leadProviderId)) throw Problems.notFound();
        return d;
    }

    private static int startYear(String cohort) {
        return Integer.parseInt(cohort.substring(0, 4));
    }

    /**
     * c3: fundable when eligible for DfE funding (the stored verdict, not previously funded unless marked funded by policy:
     * contracts' DfeFunding, the rule registration shows) and funded_place null or true.
     */
    static boolean fundable(Enrolment e) {
        return Boolean.TRUE.equals(DfeFunding.eligibleForDfeFunding(e.eligibleForFunding, e.fundingStatusCode, e.previouslyFunded))
                && !Boolean.FALSE.equals(e.fundedPlace);
    }

    void lock(String key) {
        AdvisoryLocks.exclusive(em, key);
    }

    Optional<Declaration> identical(UUID leadProviderId, String digest) {
        if (digest == null) return Optional.empty();
        return em.createQuery("from Declaration d where d.leadProviderId = ?1 and d.requestDigest = ?2 and d.state in ?3 order by d.createdAt",
                        Declaration.class).setParameter(1, leadProviderId).setParameter(2, digest)
                .setParameter(3, Declaration.BILLABLE_OR_CHANGEABLE).setMaxResults(1).getResultStream().findFirst();
    }

    Optional<UUID> retiredTo(UUID participant) {
        return copies.replacement(participant).map(ParticipantCopies.Replacement::to);
    }

    boolean hasAccepted(UUID participant, UUID leadProviderId) {
        return em.createQuery("select count(e) from Enrolment e where e.participantId = ?1 and e.leadProviderId = ?2 and e.status = 'accepted'",
                Long.class).setParameter(1, participant).setParameter(2, leadProviderId).getSingleResult() > 0;
    }

    /** f5: the participant's latest accepted application with this provider for the course family. */
    Enrolment latestAccepted(UUID participant, UUID leadProviderId, String course) {
        return em.createQuery("from Enrolment e where e.participantId = ?1 and e.leadProviderId = ?2 and e.status = 'accepted' "
                        + "and e.courseIdentifier in ?3 order by e.acceptedAt desc", Enrolment.class)
                .setParameter(1, participant).setParameter(2, leadProviderId).setParameter(3, courses.family(course))
                .setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** The schedule of an enrolment: its applies_from and allowed declaration types. */
    public record Schedule(java.time.LocalDate appliesFrom, List<String> allowed) {}

    Optional<Schedule> schedule(Enrolment e) {
        if (e.scheduleIdentifier == null) return Optional.empty();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT applies_from, array_to_string(allowed_declaration_types, ' ') FROM schedule "
                + "WHERE cohort = ?1 AND identifier = ?2").setParameter(1, e.cohort).setParameter(2, e.scheduleIdentifier).getResultList();
        return rows.stream().findFirst().map(r -> new Schedule(Engagements.localDate(r[0]),
                List.of(((String) r[1]).split(" "))));
    }

    Optional<Declaration> billable(UUID applicationId, String type) {
        return em.createQuery("from Declaration d where d.applicationId = ?1 and d.declarationType = ?2 and d.state in ?3", Declaration.class)
                .setParameter(1, applicationId).setParameter(2, type).setParameter(3, Declaration.BILLABLE_OR_CHANGEABLE)
                .getResultStream().findFirst();
    }

    /** c3 duplicates: the oldest live declaration of the milestone on the course family by another record with this TRN. */
    Optional<Declaration> duplicateElsewhere(Enrolment e, String type) {
        if (e.trn == null) return Optional.empty();
        return em.createQuery("select d from Declaration d join Enrolment en on en.applicationId = d.applicationId where en.trn = ?1 "
                        + "and d.participantId <> ?2 and d.declarationType = ?3 and d.courseIdentifier in ?4 and d.supersededById is null "
                        + "and d.state in ?5 order by d.createdAt", Declaration.class)
                .setParameter(1, e.trn).setParameter(2, e.participantId).setParameter(3, type)
                .setParameter(4, courses.family(e.courseIdentifier)).setParameter(5, Declaration.BILLABLE_OR_CHANGEABLE)
                .setMaxResults(1).getResultStream().findFirst();
    }

    boolean partnerExists(UUID id) {
        return id != null && ((Number) em.createNativeQuery("SELECT count(*) FROM delivery_partner WHERE id = ?1").setParameter(1, id)
                .getSingleResult()).longValue() > 0;
    }

    boolean partnerOf(UUID dp, UUID leadProviderId, String cohort) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM delivery_partnership WHERE delivery_partner_id = ?1 "
                + "AND lead_provider_id = ?2 AND cohort = ?3").setParameter(1, dp).setParameter(2, leadProviderId).setParameter(3, cohort)
                .getSingleResult()).longValue() > 0;
    }

    static Boolean bool(Object value) {
        if (value instanceof Boolean b) return b;
        if ("true".equals(value)) return true;
        if ("false".equals(value)) return false;
        return null;
    }

    static UUID uuid(String s) {
        if (blank(s)) return null;
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
