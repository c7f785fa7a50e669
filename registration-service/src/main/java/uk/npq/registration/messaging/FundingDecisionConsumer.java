package uk.npq.registration.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.FundingDecisionOverridden;
import uk.npq.platform.inbox.Inbox;
import uk.npq.registration.service.RegistrationService;

/** funding.decision.v1 -> the application's eligible_for_funding and status code (decisions and admin overrides) (a poll's verdicts together: one read, one write, one re-judging of "previously funded" per course family). */
@ApplicationScoped
public class FundingDecisionConsumer {
    static final String CONSUMER = "registration-service.funding-decisions";

    @Inject Inbox inbox;
    @Inject RegistrationService registrations;

    @Incoming("funding-decisions")
    @Blocking(Inbox.WORKERS)
    public void on(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batchTogether(CONSUMER, batch, FundingDecisionConsumer::relevant, this::apply);
    }

    static boolean relevant(SpecificRecord event) {
        return event instanceof FundingDecisionMade || event instanceof FundingDecisionOverridden;
    }

    /** The poll's new decisions and overrides, in order, recorded together (one set of statements per poll). */
    void apply(List<SpecificRecord> events) {
        registrations.applyFundingDecisions(events.stream().map(FundingDecisionConsumer::verdict).toList());
    }

    static RegistrationService.FundingVerdict verdict(SpecificRecord event) {
        if (event instanceof FundingDecisionMade d) {
            return new RegistrationService.FundingVerdict(UUID.fromString(d.getApplicationId()), d.getEligibleForFunding(),
                    d.getFundingEligibilityStatusCode(), d.getDecidedAt(), d.getTargetedDeliveryFundingEligibility(),
                    Inbox.correlationOf(d));
        }
        FundingDecisionOverridden o = (FundingDecisionOverridden) event;
        return new RegistrationService.FundingVerdict(UUID.fromString(o.getApplicationId()), o.getEligibleForFunding(),
                o.getFundingEligibilityStatusCode(), o.getOverriddenAt(), null, Inbox.correlationOf(o));
    }
}
