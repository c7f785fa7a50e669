package uk.npq.funding.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.contracts.registration.FundedPlaceChanged;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.PreviouslyFundedChanged;
import uk.npq.contracts.registration.TrnVerified;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.funding.service.FundingDecisionService;
import uk.npq.funding.service.Payments;
import uk.npq.funding.service.PreviouslyFunded;
import uk.npq.platform.inbox.Inbox;

/**
 * registration.application.v1: a decision for every ApplicationSubmitted, and the funding history
 * (accepted, funded place; an admin's revert to pending undoes both) that previews and the override guards read, and
 * registration's "previously funded" judgements (PreviouslyFundedChanged);
 * registration.participant.v1: TRNs verified later and merged person records, which change who is "the same person";
 * engagement.declaration.v1: declaration states and their statement items, for the override guards and payments.
 */
@ApplicationScoped
public class ApplicationConsumer {
    static final String CONSUMER = "funding-service.applications";
    static final String DECLARATIONS = "funding-service.declarations";

    @Inject Inbox inbox;
    @Inject FundingDecisionService decisions;
    @Inject Payments payments;
    @Inject PreviouslyFunded previouslyFunded;
    @Inject CourseCatalogue courses;

    @Incoming("applications")
    @Blocking(Inbox.WORKERS)
    public void on(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batchTogether(CONSUMER, batch, e -> applicationChange(e) != null, this::applyApplications);
    }

    /** A poll's new application events: submissions and acceptances decided and recorded together, an application with any other kind one by one. */
    public void applyApplications(List<SpecificRecord> events) {
        inbox.byKey(events, e -> String.valueOf(e.get(e.getSchema().getField("applicationId").pos())), FundingDecisionService::together,
                decisions::together, this::applicationChange);
    }

    /** One application event's change on its own (null for one this consumer ignores, as an acceptance of a course it does not know). */
    public Runnable applicationChange(SpecificRecord event) {
        if (event instanceof ApplicationSubmitted s) {
            return () -> decisions.decide(s);
        } else if (event instanceof ApplicationAccepted a) {
            return courses.course(a.getCourseIdentifier()).<Runnable>map(course -> () -> decisions.accepted(
                    UUID.fromString(a.getApplicationId()), UUID.fromString(a.getParticipantId()), a.getTrn(), course,
                    a.getCohort(), a.getFundedPlace(), a.getPreviouslyFunded())).orElse(null);
        } else if (event instanceof ApplicationRejected r) {
            return () -> decisions.rejected(UUID.fromString(r.getApplicationId()));
        } else if (event instanceof ApplicationRevertedToPending p) {
            return () -> decisions.revertedToPending(UUID.fromString(p.getApplicationId()));
        } else if (event instanceof ScheduleChanged c) {
            return () -> decisions.scheduleChanged(UUID.fromString(c.getApplicationId()), c.getCohort(), c.getFundedPlace());
        } else if (event instanceof PreviouslyFundedChanged p) {
            return () -> previouslyFunded.record(UUID.fromString(p.getApplicationId()), p.getPreviouslyFunded());
        } else if (event instanceof FundedPlaceChanged f) {
            return () -> decisions.fundedPlaceChanged(UUID.fromString(f.getApplicationId()), f.getFundedPlace());
        }
        return null;
    }

    @Incoming("participants")
    @Blocking(Inbox.WORKERS)
    public void onParticipant(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(CONSUMER, batch, this::participantChange);
    }

    private Runnable participantChange(SpecificRecord event) {
        if (event instanceof TrnVerified v) {
            return () -> decisions.trnChecked(UUID.fromString(v.getParticipantId()), v.getTrn(), v.getVerified());
        } else if (event instanceof ParticipantIdChanged m) {
            return () -> decisions.participantMerged(UUID.fromString(m.getToParticipantId()),
                    m.getMovedApplicationIds().stream().map(UUID::fromString).toList());
        }
        return null;
    }

    @Incoming("declarations")
    @Blocking(Inbox.WORKERS)
    public void onDeclaration(List<SpecificRecord> events, IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
        inbox.batch(DECLARATIONS, batch, event -> event instanceof DeclarationStateChanged d ? () -> payments.declaration(d) : null);
    }
}
