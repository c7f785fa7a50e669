package uk.npq.engagement.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.engagement.service.EnrolmentProjection;
import uk.npq.platform.inbox.Inbox;

/** registration.application.v1 and funding.decision.v1 -> the enrolment projection, each event once. */
@ApplicationScoped
public class EnrolmentEventsConsumer {
    static final String CONSUMER = "engagement-service.enrolments";

    @Inject Inbox inbox;
    @Inject EnrolmentProjection projection;

    @Incoming("applications")
    @Blocking
    @Transactional
    public void onApplication(SpecificRecord event) {
        if (event instanceof ApplicationSubmitted e) inbox.once(CONSUMER, e, () -> projection.submitted(e));
    }

    @Incoming("funding-decisions")
    @Blocking
    @Transactional
    public void onFundingDecision(SpecificRecord event) {
        if (event instanceof FundingDecisionMade d) inbox.once(CONSUMER, d, () -> projection.decided(d));
    }
}
