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

/** funding.decision.v1 -> the application's eligible_for_funding and status code (decisions and admin overrides) (each re-judges "previously funded" of the person's other applications). */
@ApplicationScoped
public class FundingDecisionConsumer {
    static final String CONSUMER = "registration-service.funding-decisions";

    @Inject Inbox inbox;
    @Inject RegistrationService registrations;

    @Incoming("funding-decisions")
    @Blocking(Inbox.WORKERS)
    public void on(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, this::change);
    }

    private Runnable change(SpecificRecord event) {
        if (event instanceof FundingDecisionMade d) {
            return () -> registrations.applyFundingDecision(UUID.fromString(d.getApplicationId()),
                    d.getEligibleForFunding(), d.getFundingEligibilityStatusCode(), d.getDecidedAt(),
                    d.getTargetedDeliveryFundingEligibility());
        } else if (event instanceof FundingDecisionOverridden o) {
            return () -> registrations.applyFundingDecision(UUID.fromString(o.getApplicationId()),
                    o.getEligibleForFunding(), o.getFundingEligibilityStatusCode(), o.getOverriddenAt(), null);
        }
        return null;
    }
}
