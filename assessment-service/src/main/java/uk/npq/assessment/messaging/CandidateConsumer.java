package uk.npq.assessment.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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
    @Blocking
    @Transactional
    public void on(SpecificRecord event) {
        switch (event) {
            case ApplicationSubmitted e -> inbox.once(CONSUMER, e, () -> candidates.submitted(e));
            case ApplicationAccepted e -> inbox.once(CONSUMER, e, () -> candidates.accepted(e));
            case ApplicationRejected e -> inbox.once(CONSUMER, e, () -> candidates.rejected(e));
            case ApplicationRevertedToPending e -> inbox.once(CONSUMER, e, () -> candidates.revertedToPending(e));
            case TrainingStatusChanged e -> inbox.once(CONSUMER, e, () -> candidates.trainingStatus(e));
            case ScheduleChanged e -> inbox.once(CONSUMER, e, () -> candidates.scheduleChanged(e));
            default -> { }
        }
    }

    @Incoming("participants")
    @Blocking
    @Transactional
    public void onParticipant(SpecificRecord event) {
        switch (event) {
            case TrnVerified e -> inbox.once(CONSUMER, e, () -> candidates.trnVerified(e));
            case ParticipantIdChanged e -> inbox.once(CONSUMER, e, () -> candidates.participantIdChanged(e));
            default -> { }
        }
    }

    @Incoming("engagement")
    @Blocking
    @Transactional
    public void onEngagement(SpecificRecord event) {
        if (event instanceof EngagementChanged e) inbox.once(CONSUMER, e, () -> candidates.engagement(e));
    }

    @Incoming("declarations")
    @Blocking
    @Transactional
    public void onDeclaration(SpecificRecord event) {
        switch (event) {
            case DeclarationSubmitted e -> inbox.once(CONSUMER, e, () -> outcomes.declarationSubmitted(e));
            case DeclarationVoided e -> inbox.once(CONSUMER, e, () -> outcomes.declarationVoided(e));
            case DeclarationStateChanged e -> inbox.once(CONSUMER, e, () -> outcomes.declarationState(e));
            default -> { }
        }
    }

    @Incoming("funding-reference")
    @Blocking
    @Transactional
    public void onReference(SpecificRecord event) {
        if (event instanceof CourseDefined c) inbox.once(CONSUMER, c, () -> courses.record(c));
    }
}
