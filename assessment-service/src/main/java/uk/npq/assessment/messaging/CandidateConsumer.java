package uk.npq.assessment.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.assessment.service.CandidateProjection;
import uk.npq.assessment.service.Outcomes;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.engagement.DeclarationVoided;
import uk.npq.contracts.engagement.EngagementChanged;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.contracts.registration.TrnVerified;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.projection.CourseCopies;

/**
 * What assessment judges by, copied here each event once: registration's applications and participants,
 * engagement's engagement against the threshold, engagement's completed declarations (outcomes), and
 * funding-service's courses.
 */
@ApplicationScoped
public class CandidateConsumer {
    static final String CONSUMER = "assessment-service.candidates";

    @Inject Inbox inbox;
    @Inject CandidateProjection candidates;
    @Inject Outcomes outcomes;
    @Inject CourseCopies courses;

    @Incoming("applications")
    @Blocking(Inbox.WORKERS)
    public void on(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> switch (event) {
            case ApplicationSubmitted e -> () -> candidates.submitted(e);
            case ApplicationAccepted e -> () -> candidates.accepted(e);
            case ApplicationRejected e -> () -> candidates.rejected(e);
            case ApplicationRevertedToPending e -> () -> candidates.revertedToPending(e);
            case TrainingStatusChanged e -> () -> candidates.trainingStatus(e);
            case ScheduleChanged e -> () -> candidates.scheduleChanged(e);
            default -> null;
        });
    }

    @Incoming("participants")
    @Blocking(Inbox.WORKERS)
    public void onParticipant(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> switch (event) {
            case TrnVerified e -> () -> candidates.trnVerified(e);
            case ParticipantIdChanged e -> () -> candidates.participantIdChanged(e);
            default -> null;
        });
    }

    @Incoming("engagement")
    @Blocking(Inbox.WORKERS)
    public void onEngagement(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> event instanceof EngagementChanged e ? () -> candidates.engagement(e) : null);
    }

    @Incoming("declarations")
    @Blocking(Inbox.WORKERS)
    public void onDeclaration(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> switch (event) {
            case DeclarationSubmitted e -> () -> outcomes.declarationSubmitted(e);
            case DeclarationVoided e -> () -> outcomes.declarationVoided(e);
            case DeclarationStateChanged e -> () -> outcomes.declarationState(e);
            default -> null;
        });
    }

    @Incoming("funding-reference")
    @Blocking(Inbox.WORKERS)
    public void onReference(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, event -> event instanceof CourseDefined c ? () -> courses.record(c) : null);
    }
}
