package uk.npq.funding.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.funding.service.FundingDecisionService;
import uk.npq.platform.inbox.Inbox;

/** registration.application.v1 -> a funding decision for every ApplicationSubmitted. */
@ApplicationScoped
public class ApplicationConsumer {
    static final String CONSUMER = "funding-service.applications";

    @Inject Inbox inbox;
    @Inject FundingDecisionService decisions;

    @Incoming("applications")
    @Blocking
    @Transactional
    public void on(SpecificRecord event) {
        if (event instanceof ApplicationSubmitted submitted) {
            inbox.once(CONSUMER, submitted, () -> decisions.decide(submitted));
        }
    }
}
