package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.UUID;
import uk.npq.assessment.config.AssessmentConfig;
import uk.npq.assessment.domain.AssessmentRules;
import uk.npq.assessment.domain.Sampling;
import uk.npq.assessment.domain.Window;
import uk.npq.assessment.repository.Appeal;
import uk.npq.assessment.repository.AssessmentResult;
import uk.npq.assessment.repository.AssessmentWindow;
import uk.npq.assessment.repository.Candidates;
import uk.npq.assessment.repository.Extension;
import uk.npq.assessment.repository.Mark;
import uk.npq.assessment.repository.Moderation;
import uk.npq.assessment.repository.Submission;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.platform.problem.Problems;

/**
 * Marking, moderation and appeals. A submission is marked once its deadline has passed (the window's, or the
 * candidate's extension); a mark in the moderation sample (every fail, a share of passes) becomes final only when a
 * moderator other than the marker reviews it, any other mark at once. An upheld appeal changes a final result;
 * every final result is kept and each records an outcome.
 */
@ApplicationScoped
public class Marking {
    @Inject SubmissionRepository submissions;
    @Inject Candidates candidates;
    @Inject AssessmentEvents events;
    @Inject Outcomes outcomes;
    @Inject AssessmentConfig config;
    @Inject Clock clock;

    @Transactional
    public Submission mark(Submission s, AssessmentRules.MarkInput in, String by) {
        AssessmentWindow w = window(s);
        Windows.check(AssessmentRules.check(in, w.criteria.size()));
        submissions.lock("candidate/" + s.applicationId);
        if (submissions.mark(s.id) != null) throw Problems.conflict("submission", "This submission has already been marked.");
        Instant now = clock.instant();
        LocalDate deadline = submissions.extension(w.id, s.applicationId).map((Extension e) -> e.deadline).orElse(null);
        if (w.window().accepts(now, deadline)) {
            throw Problems.conflict("submission", "The submission can be marked once its deadline has passed: it may still be replaced.");
        }
        Mark m = new Mark();
        m.submissionId = s.id;
        m.result = in.result();
        m.comments = in.comments().strip();
        m.sampled = Sampling.sampled(s.id, "pass".equals(in.result()), config.moderationShare());
        m.markedBy = by;
        m.markedAt = now;
        in.criteria().stream().sorted(Comparator.comparing(AssessmentRules.Judgement::criterion))
                .forEach(j -> m.criteria.add(new Mark.Judgement(j.met(), j.comment())));
        submissions.add(m);
        if (m.sampled) {
            s.state = Submission.AWAITING_MODERATION;
            s.updatedAt = now;
        } else {
            finalise(s, w, m.result, "marking", null, by, now);
        }
        return s;
    }

    @Transactional
    public Submission moderate(Submission s, AssessmentRules.ModerationInput in, String by) {
        Windows.check(AssessmentRules.check(in));
        submissions.lock("candidate/" + s.applicationId);
        if (!Submission.AWAITING_MODERATION.equals(s.state)) {
            throw Problems.conflict("submission", "This submission is not awaiting moderation.");
        }
        Mark m = submissions.mark(s.id);
        if (m.markedBy.equals(by)) throw Problems.conflict("submission", "A submission is moderated by someone other than its marker.");
        Moderation mod = new Moderation();
        mod.submissionId = s.id;
        mod.result = in.result();
        mod.agrees = in.result().equals(m.result);
        mod.comments = in.comments() == null ? null : in.comments().strip();
        mod.moderatedBy = by;
        mod.moderatedAt = clock.instant();
        submissions.add(mod);
        finalise(s, window(s), mod.result, "moderation", null, by, mod.moderatedAt);
        return s;
    }

    @Transactional
    public Appeal appeal(Submission s, AssessmentRules.AppealInput in, String by) {
        Windows.check(AssessmentRules.check(in));
        submissions.lock("candidate/" + s.applicationId);
        if (!Submission.FINAL.equals(s.state)) throw Problems.conflict("submission", "Only a final result can be appealed.");
        if ("upheld".equals(in.decision()) && in.result().equals(s.result)) {
            throw Problems.unprocessable("result", "The result is already " + s.result + ": an upheld appeal changes it.");
        }
        Appeal a = new Appeal();
        a.id = UUID.randomUUID();
        a.submissionId = s.id;
        a.reason = in.reason().strip();
        a.decision = in.decision();
        a.previousResult = s.result;
        a.result = in.result();
        a.decidedBy = by;
        a.decidedAt = clock.instant();
        submissions.add(a);
        if ("upheld".equals(a.decision)) finalise(s, window(s), a.result, "appeal", a.id, by, a.decidedAt);
        return a;
    }

    /** Makes {@code result} the submission's final result: a new history row, an outcome and ResultFinalised. */
    private void finalise(Submission s, AssessmentWindow w, String result, String source, UUID appeal, String by, Instant at) {
        String previous = s.result;
        s.state = Submission.FINAL;
        s.result = result;
        s.updatedAt = at;
        AssessmentResult r = new AssessmentResult();
        r.id = UUID.randomUUID();
        r.submissionId = s.id;
        r.applicationId = s.applicationId;
        r.result = result;
        r.source = source;
        r.completionDate = Window.londonDate(at);
        r.appealId = appeal;
        r.decidedBy = by;
        r.decidedAt = at;
        submissions.add(r);
        outcomes.recordFinalResult(s.applicationId, "pass".equals(result), r.completionDate);
        Candidates.Facts c = candidates.byApplication(s.applicationId).orElseThrow();
        events.resultFinalised(s, w, c, source, previous, r.completionDate, at);
    }

    private AssessmentWindow window(Submission s) {
        return submissions.getEntityManager().find(AssessmentWindow.class, s.windowId);
    }
}
