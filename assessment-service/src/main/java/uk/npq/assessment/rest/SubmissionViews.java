package uk.npq.assessment.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import uk.npq.assessment.repository.AssessmentWindow;
import uk.npq.assessment.repository.Candidates;
import uk.npq.assessment.repository.Mark;
import uk.npq.assessment.repository.Moderation;
import uk.npq.assessment.repository.Submission;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.platform.rest.Envelope;

/**
 * A submission as its readers see it: the content, where marking has got to, the current final result and every
 * earlier one. A participant and their hub see the mark once the result is final; the moderation stays with the
 * lead provider side.
 */
@ApplicationScoped
public class SubmissionViews {
    static final String TYPE = "submission";

    @Inject SubmissionRepository submissions;
    @Inject Candidates candidates;
    @Inject Readers readers;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JudgementView(int criterion, String kind, String statement, boolean met, String comment) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MarkView(String result, String comments, List<JudgementView> criteria, boolean sampledForModeration,
                           String markedBy, Instant markedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModerationView(String result, boolean agreesWithMarker, String comments, String moderatedBy, Instant moderatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AppealView(UUID id, String reason, String decision, String previousResult, String result, String decidedBy,
                             Instant decidedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ResultView(String result, String source, LocalDate completionDate, Instant decidedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(UUID windowId, UUID participantId, UUID applicationId, UUID leadProviderId, String courseIdentifier,
                             String cohort, int attempt, int revision, String kind, String text, String documentReference,
                             int wordCount, int wordLimit, String submittedBy, boolean underExtension, Instant firstSubmittedAt,
                             Instant submittedAt, String state, String result, MarkView mark, ModerationView moderation,
                             List<AppealView> appeals, List<ResultView> results) {}

    public Envelope<Attributes> view(Submission s) {
        return new Envelope<>(data(s));
    }

    public Envelope.Data<Attributes> data(Submission s) {
        AssessmentWindow w = submissions.getEntityManager().find(AssessmentWindow.class, s.windowId);
        UUID participant = candidates.byApplication(s.applicationId).map(Candidates.Facts::participantId).orElse(null);
        boolean leadProviderSide = readers.leadProviderSide();
        Mark m = leadProviderSide || Submission.FINAL.equals(s.state) ? submissions.mark(s.id) : null;
        MarkView mark = null;
        if (m != null) {
            List<JudgementView> judged = new ArrayList<>();
            for (int i = 0; i < m.criteria.size(); i++) {
                var c = w.criteria.get(i);
                judged.add(new JudgementView(i + 1, c.kind, c.statement, m.criteria.get(i).met, m.criteria.get(i).comment));
            }
            mark = new MarkView(m.result, m.comments, judged, m.sampled, m.markedBy, m.markedAt);
        }
        Moderation mod = leadProviderSide ? submissions.moderation(s.id) : null;
        return new Envelope.Data<>(s.id.toString(), TYPE, new Attributes(s.windowId, participant, s.applicationId, s.leadProviderId,
                w.courseIdentifier, w.cohort, s.attempt, s.revision, s.kind, s.text, s.documentReference, s.wordCount, s.wordLimit,
                s.submittedByRole, s.underExtension, s.firstSubmittedAt, s.submittedAt, s.state, s.result, mark,
                mod == null ? null : new ModerationView(mod.result, mod.agrees, mod.comments, mod.moderatedBy, mod.moderatedAt),
                submissions.appeals(s.id).stream().map(a -> new AppealView(a.id, a.reason, a.decision, a.previousResult, a.result,
                        a.decidedBy, a.decidedAt)).toList(),
                submissions.results(s.id).stream().map(r -> new ResultView(r.result, r.source, r.completionDate, r.decidedAt)).toList()));
    }
}
