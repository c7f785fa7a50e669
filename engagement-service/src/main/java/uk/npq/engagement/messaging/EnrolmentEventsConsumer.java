package uk.npq.engagement.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.FundingDecisionOverridden;
import uk.npq.contracts.funding.ContractDefined;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.contracts.funding.LeadProviderDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.contracts.funding.StatementDefined;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.DeliveryPartnerChanged;
import uk.npq.contracts.registration.FundedPlaceChanged;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.PreviouslyFundedChanged;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.contracts.registration.TrnVerified;
import uk.npq.engagement.service.EnrolmentProjection;
import uk.npq.engagement.service.Statements;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.projection.ContractCopies;
import uk.npq.platform.projection.CourseCopies;

/**
 * What other services own and declarations are judged by, copied here each event once: registration's
 * applications, participants and delivery partners, funding's decisions, courses, schedules, statements, contracts and lead providers.
 */
@ApplicationScoped
public class EnrolmentEventsConsumer {
    static final String CONSUMER = "engagement-service.enrolments";

    @Inject Inbox inbox;
    @Inject Statements statements;
    @Inject ContractCopies contracts;
    @Inject CourseCopies courses;
    @Inject EnrolmentProjection projection;

    @Incoming("applications")
    @Blocking
    @Transactional
    public void onApplication(SpecificRecord event) {
        switch (event) {
            case ApplicationSubmitted e -> inbox.once(CONSUMER, e, () -> projection.submitted(e));
            case ApplicationAccepted e -> inbox.once(CONSUMER, e, () -> projection.accepted(e));
            case ApplicationRejected e -> inbox.once(CONSUMER, e, () -> projection.rejected(e));
            case ApplicationRevertedToPending e -> inbox.once(CONSUMER, e, () -> projection.revertedToPending(e));
            case TrainingStatusChanged e -> inbox.once(CONSUMER, e, () -> projection.trainingStatus(e));
            case ScheduleChanged e -> inbox.once(CONSUMER, e, () -> projection.scheduleChanged(e));
            case FundedPlaceChanged e -> inbox.once(CONSUMER, e, () -> projection.fundedPlace(e));
            case PreviouslyFundedChanged e -> inbox.once(CONSUMER, e, () -> projection.previouslyFunded(e.getApplicationId(),
                    e.getParticipantId(), e.getPreviouslyFunded()));
            default -> { }
        }
    }

    @Incoming("participants")
    @Blocking
    @Transactional
    public void onParticipant(SpecificRecord event) {
        switch (event) {
            case TrnVerified e -> inbox.once(CONSUMER, e, () -> projection.trnVerified(e));
            case ParticipantIdChanged e -> inbox.once(CONSUMER, e, () -> projection.participantIdChanged(e));
            default -> { }
        }
    }

    @Incoming("funding-decisions")
    @Blocking
    @Transactional
    public void onFundingDecision(SpecificRecord event) {
        switch (event) {
            case FundingDecisionMade d -> inbox.once(CONSUMER, d, () -> projection.decided(d.getApplicationId(), d.getParticipantId(),
                    d.getEligibleForFunding(), d.getFundingEligibilityStatusCode(), d.getTargetedDeliveryFundingEligibility()));
            case FundingDecisionOverridden o -> inbox.once(CONSUMER, o, () -> projection.decided(o.getApplicationId(),
                    o.getParticipantId(), o.getEligibleForFunding(), o.getFundingEligibilityStatusCode(), null));
            default -> { }
        }
    }

    @Incoming("funding-reference")
    @Blocking
    @Transactional
    public void onReference(SpecificRecord event) {
        if (event instanceof ScheduleDefined s) inbox.once(CONSUMER, s, () -> projection.schedule(s));
        else if (event instanceof CourseDefined c) inbox.once(CONSUMER, c, () -> courses.record(c));
        else if (event instanceof StatementDefined s) inbox.once(CONSUMER, s, () -> statements.statement(s));
        else if (event instanceof ContractDefined c) inbox.once(CONSUMER, c, () -> contracts.record(c));
        else if (event instanceof LeadProviderDefined l) inbox.once(CONSUMER, l, () -> projection.leadProvider(l));
    }

    @Incoming("delivery-partners")
    @Blocking
    @Transactional
    public void onDeliveryPartner(SpecificRecord event) {
        if (event instanceof DeliveryPartnerChanged d) inbox.once(CONSUMER, d, () -> projection.deliveryPartner(d));
    }
}
