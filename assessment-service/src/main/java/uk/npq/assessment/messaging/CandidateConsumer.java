package uk.npq.assessment.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.assessment.repository.Candidate;
import uk.npq.assessment.repository.CandidateRepository;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.inbox.Inbox;

/** registration.application.v1 -> the candidate projection, each event once. */
@ApplicationScoped
public class CandidateConsumer {
    static final String CONSUMER = "assessment-service.candidates";

    @Inject Inbox inbox;
    @Inject CandidateRepository candidates;

    @Incoming("applications")
    @Blocking
    @Transactional
    public void on(SpecificRecord event) {
        if (event instanceof ApplicationSubmitted e) {
            inbox.once(CONSUMER, e, () -> {
                if (candidates.findById(UUID.fromString(e.getApplicationId())) != null) return;
                Candidate c = new Candidate();
                c.applicationId = UUID.fromString(e.getApplicationId());
                c.participantId = UUID.fromString(e.getParticipantId());
                c.leadProviderId = UUID.fromString(e.getLeadProviderId());
                c.courseIdentifier = e.getCourseIdentifier();
                c.cohort = e.getCohort();
                c.status = "pending";
                c.submittedAt = e.getSubmittedAt();
                candidates.persist(c);
            });
        }
    }
}
