package uk.npq.engagement.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
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
    @Blocking(Inbox.WORKERS)
    public void onApplication(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batchTogether(CONSUMER, batch, e -> applicationChange(e) != null, this::applyApplications);
    }

    /** A poll's new application events: submissions and acceptances set-based, an application with any other kind one by one. */
    public void applyApplications(List<SpecificRecord> events) {
        inbox.byKey(events, EnrolmentProjection::applicationOf, EnrolmentProjection::together, projection::together, this::applicationChange);
    }

    /** One application event's change on its own (null for a kind this consumer ignores). */
    public Runnable applicationChange(SpecificRecord event) {
        return switch (event) {
            case ApplicationSubmitted e -> () -> projection.submitted(e);
            case ApplicationAccepted e -> () -> projection.accepted(e);
            case ApplicationRejected e -> () -> projection.rejected(e);
            case ApplicationRevertedToPending e -> () -> projection.revertedToPending(e);
            case TrainingStatusChanged e -> () -> projection.trainingStatus(e);
            case ScheduleChanged e -> () -> projection.scheduleChanged(e);
            case FundedPlaceChanged e -> () -> projection.fundedPlace(e);
            case PreviouslyFundedChanged e -> () -> projection.previouslyFunded(e.getApplicationId(),
                    e.getParticipantId(), e.getPreviouslyFunded());
            default -> null;
        };
    }

    @Incoming("participants")
    @Blocking(Inbox.WORKERS)
    public void onParticipant(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> switch (event) {
            case TrnVerified e -> () -> projection.trnVerified(e);
            case ParticipantIdChanged e -> () -> projection.participantIdChanged(e);
            default -> null;
        });
    }

    @Incoming("funding-decisions")
    @Blocking(Inbox.WORKERS)
    public void onFundingDecision(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        // a poll's verdicts set-based: the same columns decided() sets one by one
        inbox.batchTogether(CONSUMER, batch, e -> e instanceof FundingDecisionMade || e instanceof FundingDecisionOverridden,
                projection::together);
    }

    @Incoming("funding-reference")
    @Blocking(Inbox.WORKERS)
    public void onReference(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, this::referenceChange);
    }

    private Runnable referenceChange(SpecificRecord event) {
        if (event instanceof ScheduleDefined s) return () -> projection.schedule(s);
        if (event instanceof CourseDefined c) return () -> courses.record(c);
        if (event instanceof StatementDefined s) return () -> statements.statement(s);
        if (event instanceof ContractDefined c) return () -> contracts.record(c);
        if (event instanceof LeadProviderDefined l) return () -> projection.leadProvider(l);
        return null;
    }

    @Incoming("delivery-partners")
    @Blocking(Inbox.WORKERS)
    public void onDeliveryPartner(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> event instanceof DeliveryPartnerChanged d ? () -> projection.deliveryPartner(d) : null);
    }
}
