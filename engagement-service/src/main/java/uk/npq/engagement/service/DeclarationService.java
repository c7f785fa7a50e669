package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.engagement.DeclarationVoided;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.engagement.domain.DeclarationRequest;
import uk.npq.engagement.domain.DeclarationRules;
import uk.npq.engagement.repository.Declaration;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;

/**
 * Participant declarations (npq-domain.md f5, c3): submit, void, change delivery partner. A declaration is
 * never billable twice for one milestone: identical requests are serialised on their bytes and answered with
 * the declaration the first one made, every other submission for the milestone is serialised on the person's
 * TRN (or the application) and refused, and a partial unique index has the last word. A POST is split as funding's
 * decisions are: {@link DeclarationFactsResolver} gathers the facts (and takes the locks) in two statements,
 * {@link DeclarationRules} (pure) judges them, and this class writes what they decided.
 */
@ApplicationScoped
public class DeclarationService {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Inject EntityManager em;
    @Inject Outbox outbox;
    @Inject Clock clock;
    @Inject Statements statements;
    @Inject DeclarationFactsResolver facts;
    @Inject StatementItems items;
    @Inject DeclarationEvents events;

    /**
     * The declaration, whether this request made it (false: the retry of an identical request), and for a new one the names
     * its answer shows (lead provider; delivery partners by id), read with the facts so the answer needs no query of its own.
     */
    public record Submitted(Declaration declaration, boolean created, String leadProviderName, Map<UUID, String> deliveryPartnerNames) {}

    /**
     * f5 and c3: the facts in two statements (with the locks), the pure rules, then one statement for the declaration and its
     * billing item, and the outbox's events (written in one JDBC batch at commit).
     */
    @Transactional
    public Submitted submit(UUID leadProviderId, DeclarationRequest s, String requestDigest, boolean derived) {
        Instant now = clock.instant();
        var resolved = facts.resolve(leadProviderId, s, requestDigest, now);
        var verdict = DeclarationRules.decide(s, resolved.facts(), now);
        if (verdict instanceof DeclarationRules.Replay replay) {
            return new Submitted(em.find(Declaration.class, replay.declarationId()), false, null, null);
        }
        if (verdict instanceof DeclarationRules.Refused refused) {
            throw Problems.unprocessable(refused.violations().stream().map(v -> new ApiError(v.attribute(), v.detail())).toList());
        }
        var a = (DeclarationRules.Accepted) verdict;
        var target = a.target();
        Declaration d = new Declaration();
        d.id = UUID.randomUUID();
        d.applicationId = target.applicationId();
        d.participantId = target.participantId();
        d.leadProviderId = leadProviderId;
        d.courseIdentifier = target.courseIdentifier();
        d.cohort = target.cohort();
        d.declarationType = a.declarationType();
        d.declarationDate = a.declarationDate();
        d.hasPassed = a.hasPassed();
        d.deliveryPartnerId = a.deliveryPartnerId();
        d.secondaryDeliveryPartnerId = a.secondaryDeliveryPartnerId();
        d.requestDigest = requestDigest;
        d.derived = derived;
        d.createdAt = now;
        d.updatedAt = now;
        d.state = a.state();
        d.stateReason = a.stateReason();
        d.supersededById = a.supersededById();
        d.statementId = a.statementId();
        items.insertWithBillingItem(d); // the partial unique index refuses a second billable declaration here
        outbox.publish(Topics.DECLARATION, "declaration", d.id.toString(), DeclarationSubmitted.newBuilder().setEventId("")
                .setOccurredAt(now).setAggregateId("").setDeclarationId(d.id.toString()).setApplicationId(d.applicationId.toString())
                .setParticipantId(d.participantId.toString()).setLeadProviderId(leadProviderId.toString())
                .setCourseIdentifier(d.courseIdentifier).setCohort(d.cohort).setDeclarationType(d.declarationType)
                .setDeclarationDate(d.declarationDate).setState(d.state).setStateReason(d.stateReason)
                .setSupersededById(d.supersededById == null ? null : d.supersededById.toString())
                .setDeliveryPartnerId(string(d.deliveryPartnerId)).setSecondaryDeliveryPartnerId(string(d.secondaryDeliveryPartnerId))
                .setHasPassed(d.hasPassed).setDerived(derived).setSubmittedAt(now).build());
        events.stateChanged(d, target.scheduleIdentifier(), null, now);
        Map<UUID, String> partners = new HashMap<>();
        for (var p : Arrays.asList(resolved.facts().deliveryPartner(), resolved.facts().secondaryDeliveryPartner())) {
            if (p != null && p.id() != null && p.name() != null) partners.put(p.id(), p.name());
        }
        return new Submitted(d, true, resolved.leadProviderName(), partners);
    }

    private static String string(UUID id) {
        return id == null ? null : id.toString();
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
        UUID dp = DeclarationRules.uuid(deliveryPartnerId), secondary = DeclarationRules.uuid(secondaryId);
        if (!DeclarationRules.blank(deliveryPartnerId) && !partnerExists(dp)) errors.add("delivery_partner", DeclarationMessages.DP_NOT_CONFIRMED);
        if (!DeclarationRules.blank(secondaryId) && !partnerExists(secondary))
            errors.add("secondary_delivery_partner", DeclarationMessages.SECONDARY_NOT_CONFIRMED);
        if (errors.isEmpty()) {
            if (dp == null) errors.add("delivery_partner_id", DeclarationMessages.DP_REQUIRED);
            else DeclarationRules.deliveryPartners(DeclarationFactsResolver.enrolment(e), dp, partnerOf(dp, e.leadProviderId, e.cohort),
                    secondary, secondary != null && partnerOf(secondary, e.leadProviderId, e.cohort))
                    .forEach(v -> errors.add(v.attribute(), v.detail()));
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
    /** f5 rule 11: a declaration of this enrolment must name a delivery partner (England, cohort 2024 on). */
    public static boolean deliveryPartnerRequired(Enrolment e) {
        return DeclarationFactsResolver.enrolment(e).deliveryPartnerRequired();
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

    boolean partnerExists(UUID id) {
        return id != null && ((Number) em.createNativeQuery("SELECT count(*) FROM delivery_partner WHERE id = ?1").setParameter(1, id)
                .getSingleResult()).longValue() > 0;
    }

    boolean partnerOf(UUID dp, UUID leadProviderId, String cohort) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM delivery_partnership WHERE delivery_partner_id = ?1 "
                + "AND lead_provider_id = ?2 AND cohort = ?3").setParameter(1, dp).setParameter(2, leadProviderId).setParameter(3, cohort)
                .getSingleResult()).longValue() > 0;
    }
}
