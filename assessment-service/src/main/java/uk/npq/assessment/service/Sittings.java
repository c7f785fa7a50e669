package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.npq.assessment.config.AssessmentConfig;
import uk.npq.assessment.domain.AssessmentRules;
import uk.npq.assessment.domain.Eligibility;
import uk.npq.assessment.domain.Window;
import uk.npq.assessment.domain.WordCount;
import uk.npq.assessment.repository.AssessmentWindow;
import uk.npq.assessment.repository.Candidates;
import uk.npq.assessment.repository.Extension;
import uk.npq.assessment.repository.Submission;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.platform.problem.Problems;

/**
 * Sitting a window: submissions (by the participant or their hub) judged by the server's clock in Europe/London,
 * replaced while the window (or the candidate's extension) lasts; extensions for mitigating circumstances; resits.
 */
@ApplicationScoped
public class Sittings {
    @Inject SubmissionRepository submissions;
    @Inject AssessmentEvents events;
    @Inject AssessmentConfig config;
    @Inject Clock clock;

    public record Submitted(Submission submission, boolean created) {}

    /**
     * Accepts or replaces the candidate's submission for the window, in this order: the form, who may sit, the
     * clock (an extension included), earlier attempts (a resit follows a final fail in an earlier window), the word
     * limit. Nothing is written unless every check passes.
     */
    @Transactional
    public Submitted submit(AssessmentWindow w, Candidates.Facts c, AssessmentRules.SubmissionInput in, String role, String by) {
        Windows.check(AssessmentRules.check(in));
        submissions.lock("candidate/" + c.applicationId());
        Instant now = clock.instant();
        var refusal = Eligibility.refusal(c.eligibility(), config.eligibility());
        if (refusal.isPresent()) throw Problems.unprocessable("participant_id", refusal.get());
        Extension extension = submissions.extension(w.id, c.applicationId()).orElse(null);
        Window window = w.window();
        if (!window.accepts(now, extension == null ? null : extension.deadline)) {
            throw Problems.unprocessable("window", now.isBefore(window.opensAt())
                    ? "The window opens at 00:01 on " + w.firstDay + " (Europe/London)."
                    : "The window closed at 23:59 on " + (extension == null ? window.lastDay() : extension.deadline)
                            + " (Europe/London); a late submission needs an extension.");
        }
        Submission s = submissions.of(w.id, c.applicationId()).orElse(null);
        if (s == null) {
            s = new Submission();
            s.id = UUID.randomUUID();
            s.windowId = w.id;
            s.applicationId = c.applicationId();
            s.leadProviderId = w.leadProviderId;
            s.attempt = nextAttempt(w, c.applicationId());
            s.revision = 0;
            s.firstSubmittedAt = now;
            s.state = Submission.SUBMITTED;
        } else if (!Submission.SUBMITTED.equals(s.state) || submissions.mark(s.id) != null) {
            throw Problems.conflict("submission", "This submission has been marked and can no longer be replaced.");
        }
        boolean text = in.text() != null;
        int words = text ? WordCount.of(in.text()) : in.declaredWordCount();
        AssessmentRules.overLimit(text ? "text" : "declared_word_count", words, w.wordLimit).ifPresent(v -> {
            throw Problems.unprocessable(v.attribute(), v.detail());
        });
        boolean created = s.revision == 0;
        s.revision++;
        s.kind = text ? "text" : "document";
        s.text = text ? in.text() : null;
        s.documentReference = text ? null : in.documentReference().strip();
        s.wordCount = words;
        s.wordLimit = w.wordLimit;
        s.submittedByRole = role;
        s.submittedBy = by;
        s.underExtension = !window.accepts(now, null);
        s.submittedAt = now;
        s.updatedAt = now;
        if (created) submissions.persist(s);
        events.submissionReceived(s, w, c);
        return new Submitted(s, created);
    }

    /** The attempt a submission to this window would be: 1, or one after a final fail in an earlier window. */
    int nextAttempt(AssessmentWindow w, UUID application) {
        List<Submission> earlier = submissions.attempts(application);
        if (earlier.isEmpty()) return 1;
        Submission last = earlier.get(earlier.size() - 1);
        if (!Submission.FINAL.equals(last.state)) {
            throw Problems.unprocessable("window", "The participant's earlier attempt has no final result yet; a resit follows a fail.");
        }
        if ("pass".equals(last.result)) throw Problems.unprocessable("window", "The participant has already passed this assessment.");
        LocalDate lastDay = submissions.getEntityManager().find(AssessmentWindow.class, last.windowId).window().lastDay();
        if (!w.firstDay.isAfter(lastDay)) throw Problems.unprocessable("window", "A resit is sat in a later window than the failed attempt.");
        return last.attempt + 1;
    }

    public record ExtensionInput(String reason, LocalDate deadline) {}

    /** Grants a candidate a new last day for the window (mitigating circumstances); who and when are kept. */
    @Transactional
    public Extension extend(AssessmentWindow w, Candidates.Facts c, ExtensionInput in, String by) {
        var errors = Problems.errors();
        if (in.reason() == null || in.reason().isBlank() || in.reason().length() > 2000) {
            errors.add("reason", "Enter the '#/reason' for the extension (at most 2,000 characters).");
        }
        if (in.deadline() == null) errors.add("deadline", "Enter the new '#/deadline' (YYYY-MM-DD): the last day, closing 23:59 Europe/London.");
        else if (!in.deadline().isAfter(w.window().lastDay())) {
            errors.add("deadline", "The '#/deadline' must be after the window's last day, " + w.window().lastDay() + ".");
        }
        errors.throwIfAny();
        submissions.lock("candidate/" + c.applicationId());
        submissions.of(w.id, c.applicationId()).filter(s -> submissions.mark(s.id) != null).ifPresent(s -> {
            throw Problems.conflict("submission", "The participant's submission for this window has been marked.");
        });
        Extension e = new Extension();
        e.id = UUID.randomUUID();
        e.windowId = w.id;
        e.applicationId = c.applicationId();
        e.reason = in.reason().strip();
        e.deadline = in.deadline();
        e.grantedBy = by;
        e.grantedAt = clock.instant();
        submissions.add(e);
        events.extensionGranted(e, w, c);
        return e;
    }
}
