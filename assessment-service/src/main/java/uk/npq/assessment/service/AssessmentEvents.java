package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import uk.npq.assessment.repository.AssessmentWindow;
import uk.npq.assessment.repository.Candidates;
import uk.npq.assessment.repository.Extension;
import uk.npq.assessment.repository.Submission;
import uk.npq.contracts.Topics;
import uk.npq.contracts.assessment.ExtensionGranted;
import uk.npq.contracts.assessment.ResultFinalised;
import uk.npq.contracts.assessment.SubmissionReceived;
import uk.npq.platform.outbox.Outbox;

/** The events of assessment.assessment.v1, keyed by application id, written to the outbox in the caller's transaction. */
@ApplicationScoped
public class AssessmentEvents {
    static final String AGGREGATE = "assessment";

    @Inject Outbox outbox;

    void submissionReceived(Submission s, AssessmentWindow w, Candidates.Facts c) {
        outbox.publish(Topics.ASSESSMENT, AGGREGATE, s.applicationId.toString(), SubmissionReceived.newBuilder()
                .setEventId("").setOccurredAt(Instant.EPOCH).setAggregateId("")
                .setApplicationId(s.applicationId.toString()).setParticipantId(c.participantId().toString())
                .setLeadProviderId(s.leadProviderId.toString()).setCourseIdentifier(w.courseIdentifier).setCohort(w.cohort)
                .setWindowId(w.id.toString()).setSubmissionId(s.id.toString()).setAttempt(s.attempt).setRevision(s.revision)
                .setKind(s.kind).setWordCount(s.wordCount).setWordLimit(s.wordLimit).setSubmittedBy(s.submittedByRole)
                .setUnderExtension(s.underExtension).setSubmittedAt(s.submittedAt).build());
    }

    void extensionGranted(Extension e, AssessmentWindow w, Candidates.Facts c) {
        outbox.publish(Topics.ASSESSMENT, AGGREGATE, e.applicationId.toString(), ExtensionGranted.newBuilder()
                .setEventId("").setOccurredAt(Instant.EPOCH).setAggregateId("")
                .setApplicationId(e.applicationId.toString()).setParticipantId(c.participantId().toString())
                .setLeadProviderId(w.leadProviderId.toString()).setCourseIdentifier(w.courseIdentifier).setCohort(w.cohort)
                .setWindowId(w.id.toString()).setExtensionId(e.id.toString()).setDeadline(e.deadline).setGrantedAt(e.grantedAt).build());
    }

    void resultFinalised(Submission s, AssessmentWindow w, Candidates.Facts c, String source, String previous, LocalDate completion,
                         Instant at) {
        outbox.publish(Topics.ASSESSMENT, AGGREGATE, s.applicationId.toString(), ResultFinalised.newBuilder()
                .setEventId("").setOccurredAt(Instant.EPOCH).setAggregateId("")
                .setApplicationId(s.applicationId.toString()).setParticipantId(c.participantId().toString())
                .setLeadProviderId(s.leadProviderId.toString()).setCourseIdentifier(w.courseIdentifier).setCohort(w.cohort)
                .setWindowId(w.id.toString()).setSubmissionId(s.id.toString()).setAttempt(s.attempt).setFinalResult(s.result)
                .setSource(source).setPreviousResult(previous).setCompletionDate(completion).setResitAllowed("fail".equals(s.result))
                .setFinalisedAt(at).build());
    }
}
