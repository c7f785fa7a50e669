package uk.npq.registration.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
    @Blocking(Inbox.WORKERS)
    public void onReference(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, this::referenceChange);
    }

    private Runnable referenceChange(SpecificRecord event) {
        if (event instanceof CohortDefined c) return () -> projections.cohort(c);
        if (event instanceof CourseDefined c) return () -> courses.record(c);
        if (event instanceof ScheduleDefined s) return () -> projections.schedule(s);
        if (event instanceof CourseOfferDefined o) return () -> projections.courseOffer(o);
        if (event instanceof ContractDefined c) return () -> contracts.record(c);
        if (event instanceof AllocationDefined a) return () -> projections.allocation(a);
        return null;
    }

    @Incoming("declarations")
    @Blocking(Inbox.WORKERS)
    public void onDeclaration(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> event instanceof DeclarationStateChanged d ? () -> projections.declaration(d) : null);
    }
}
