package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import uk.npq.assessment.domain.AssessmentRules;
import uk.npq.assessment.domain.Violation;
import uk.npq.assessment.repository.AssessmentWindow;
import uk.npq.assessment.repository.AssessmentWindowRepository;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.platform.problem.Problems;

/**
 * Publishing windows: a lead provider's windows of one course and cohort never share a day (a resit is sat in a
 * later window), and each takes the course's word limit unless the lead provider sets one.
 */
@ApplicationScoped
public class Windows {
    @Inject AssessmentWindowRepository windows;
    @Inject SubmissionRepository submissions;
    static final String WORD_LIMIT = "npq.assessment.word-limit.";

    @Inject Config settings;
    @Inject Clock clock;

    @Transactional
    public AssessmentWindow publish(AssessmentRules.WindowInput in, UUID leadProvider, String by) {
        check(AssessmentRules.check(in));
        submissions.lock("window/" + leadProvider + "/" + in.courseIdentifier() + "/" + in.cohort());
        AssessmentWindow w = new AssessmentWindow();
        w.id = UUID.randomUUID();
        w.leadProviderId = leadProvider;
        w.courseIdentifier = in.courseIdentifier();
        w.cohort = in.cohort();
        w.firstDay = in.firstDay();
        for (AssessmentWindow other : windows.of(leadProvider, in.courseIdentifier(), in.cohort())) {
            if (other.window().overlaps(w.window())) {
                throw Problems.unprocessable("first_day", "The window would share days with your window of " + other.firstDay + " to "
                        + other.window().lastDay() + " for this course and cohort.");
            }
        }
        w.wordLimit = in.wordLimit() != null ? in.wordLimit() : wordLimit(in.courseIdentifier());
        in.criteria().forEach(c -> w.criteria.add(new AssessmentWindow.Criterion(c.kind(), c.statement().strip())));
        w.createdAt = clock.instant();
        w.createdBy = by;
        windows.persist(w);
        return w;
    }

    /**
     * The configured or default word limit of the course; a course funding added since (courses are its data) has
     * neither until one is configured, so the window must then name its own.
     */
    int wordLimit(String course) {
        return settings.getOptionalValue(WORD_LIMIT + course, Integer.class).or(() -> AssessmentRules.defaultWordLimit(course))
                .orElseThrow(() -> Problems.unprocessable("word_limit", "Enter a '#/word_limit': this course has no default word limit."));
    }

    static void check(Iterable<Violation> violations) {
        var errors = Problems.errors();
        violations.forEach(v -> errors.add(v.attribute(), v.detail()));
        errors.throwIfAny();
    }
}
