package uk.npq.registration.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.funding.AllocationDefined;
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.funding.ContractDefined;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.contracts.funding.CourseOfferDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.projection.ContractCopies;
import uk.npq.platform.projection.CourseCopies;
import uk.npq.registration.service.Projections;

/**
 * Copies what other services own and this one's rules read: funding-service's cohorts, courses, schedules, course offers,
 * contracts and funded-place allocations (funding.reference.v1) and engagement-service's declaration states (engagement.declaration.v1).
 */
@ApplicationScoped
public class ReferenceDataConsumer {
    static final String CONSUMER = "registration-service.reference";

    @Inject Inbox inbox;
    @Inject Projections projections;
    @Inject ContractCopies contracts;
    @Inject CourseCopies courses;

    @Incoming("funding-reference")
    @Blocking
    @Transactional
    public void onReference(SpecificRecord event) {
        if (event instanceof CohortDefined c) inbox.once(CONSUMER, c, () -> projections.cohort(c));
        else if (event instanceof CourseDefined c) inbox.once(CONSUMER, c, () -> courses.record(c));
        else if (event instanceof ScheduleDefined s) inbox.once(CONSUMER, s, () -> projections.schedule(s));
        else if (event instanceof CourseOfferDefined o) inbox.once(CONSUMER, o, () -> projections.courseOffer(o));
        else if (event instanceof ContractDefined c) inbox.once(CONSUMER, c, () -> contracts.record(c));
        else if (event instanceof AllocationDefined a) inbox.once(CONSUMER, a, () -> projections.allocation(a));
    }

    @Incoming("declarations")
    @Blocking
    @Transactional
    public void onDeclaration(SpecificRecord event) {
        if (event instanceof DeclarationStateChanged d) inbox.once(CONSUMER, d, () -> projections.declaration(d));
    }
}
