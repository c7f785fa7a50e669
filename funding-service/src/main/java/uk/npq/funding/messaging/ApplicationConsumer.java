package uk.npq.funding.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;
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
    @Blocking
    @Transactional
    public void on(SpecificRecord event) {
        if (event instanceof ApplicationSubmitted s) {
            inbox.once(CONSUMER, s, () -> decisions.decide(s));
        } else if (event instanceof ApplicationAccepted a) {
            courses.course(a.getCourseIdentifier()).ifPresent(course -> inbox.once(CONSUMER, a, () -> decisions.accepted(
                    UUID.fromString(a.getApplicationId()), UUID.fromString(a.getParticipantId()), a.getTrn(), course,
                    a.getCohort(), a.getFundedPlace(), a.getPreviouslyFunded())));
        } else if (event instanceof ApplicationRejected r) {
            inbox.once(CONSUMER, r, () -> decisions.rejected(UUID.fromString(r.getApplicationId())));
        } else if (event instanceof ApplicationRevertedToPending p) {
            inbox.once(CONSUMER, p, () -> decisions.revertedToPending(UUID.fromString(p.getApplicationId())));
        } else if (event instanceof ScheduleChanged c) {
            inbox.once(CONSUMER, c, () -> decisions.scheduleChanged(UUID.fromString(c.getApplicationId()), c.getCohort(), c.getFundedPlace()));
        } else if (event instanceof PreviouslyFundedChanged p) {
            inbox.once(CONSUMER, p, () -> previouslyFunded.record(UUID.fromString(p.getApplicationId()), p.getPreviouslyFunded()));
        } else if (event instanceof FundedPlaceChanged f) {
            inbox.once(CONSUMER, f, () -> decisions.fundedPlaceChanged(UUID.fromString(f.getApplicationId()), f.getFundedPlace()));
        }
    }

    @Incoming("participants")
    @Blocking
    @Transactional
    public void onParticipant(SpecificRecord event) {
        if (event instanceof TrnVerified v) {
            inbox.once(CONSUMER, v, () -> decisions.trnChecked(UUID.fromString(v.getParticipantId()), v.getTrn(), v.getVerified()));
        } else if (event instanceof ParticipantIdChanged m) {
            inbox.once(CONSUMER, m, () -> decisions.participantMerged(UUID.fromString(m.getToParticipantId()),
                    m.getMovedApplicationIds().stream().map(UUID::fromString).toList()));
        }
    }

    @Incoming("declarations")
    @Blocking
    @Transactional
    public void onDeclaration(SpecificRecord event) {
        if (event instanceof DeclarationStateChanged d) {
            inbox.once(DECLARATIONS, d, () -> payments.declaration(d));
        }
    }
}
